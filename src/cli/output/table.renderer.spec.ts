import { redact } from './redact';
import { cell, renderRecord, renderTable } from './table.renderer';

describe('renderTable', () => {
  it('writes plain aligned columns for pipes: no borders, no colour, no trailing blanks', () => {
    const text = renderTable(['ID', 'TYPE', 'NID'], [['x1000c1s7b1n0', 'Node', '1'], ['x1000c1s7b1', 'NodeBMC', '']], false);
    expect(text).toBe(['ID             TYPE     NID', 'x1000c1s7b1n0  Node     1', 'x1000c1s7b1    NodeBMC', ''].join('\n'));
  });

  it('draws a box on a terminal', () => {
    const text = renderTable(['ID'], [['x1']], true);
    expect(text).toContain('┌');
    expect(text).toContain('x1');
  });

  it('prints the header of an empty list', () => {
    expect(renderTable(['LABEL', 'MEMBERS'], [], false)).toBe('LABEL  MEMBERS\n');
  });

  it('renders one record as key: value lines', () => {
    expect(renderRecord([['ID', 'x1'], ['Type', 'Node']], false)).toBe('ID:    x1\nType:  Node\n');
  });
});

describe('cell', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    [false, 'false'],
    [7, '7'],
    [['a', 'b'], 'a, b'],
    [[{ IPAddress: '10.0.0.1', Network: 'mgmt' }], 'IPAddress=10.0.0.1 Network=mgmt'],
    [{ LastDiscoveryStatus: 'NotYetQueried' }, 'LastDiscoveryStatus=NotYetQueried'],
  ])('%j → %j', (value, text) => expect(cell(value)).toBe(text));
});

describe('redact', () => {
  it('drops every password-named key at any depth, whatever its case', () => {
    expect(redact({ ID: 'x', Password: 'p', nested: [{ password: 'q', User: 'root' }] })).toEqual({ ID: 'x', nested: [{ User: 'root' }] });
  });
});
