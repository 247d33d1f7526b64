import { InvalidArgumentError } from 'commander';
import { collectList, ipAddress, macAddress, positiveInt, xname, xnameList } from './option.parsers';

describe('option parsers', () => {
  it('collects repeated and comma-separated values', () => {
    expect(collectList('Node, NodeBMC', collectList('!Empty'))).toEqual(['!Empty', 'Node', 'NodeBMC']);
  });

  it.each([
    ['7', 7],
    ['0012', 12],
  ])('positiveInt(%s) = %d', (raw, n) => expect(positiveInt(raw)).toBe(n));

  it.each(['0', '-1', '1.5', 'one', '', '99999999999999999999'])('positiveInt(%j) throws', (raw) => {
    expect(() => positiveInt(raw)).toThrow(InvalidArgumentError);
  });

  it('normalizes MACs, xnames and IPs and rejects bad ones', () => {
    expect(macAddress('DE-AD-BE-EF-00-01')).toBe('de:ad:be:ef:00:01');
    expect(() => macAddress('zz')).toThrow(InvalidArgumentError);
    expect(xname('X1000C01S07B1N0')).toBe('x1000c1s7b1n0');
    expect(() => xname('node1')).toThrow(InvalidArgumentError);
    expect(xnameList('x1000c1s7b2n0', xnameList('x1000c1s7b1n0,x1000c1s7b1'))).toEqual(['x1000c1s7b1n0', 'x1000c1s7b1', 'x1000c1s7b2n0']);
    expect(ipAddress(' 172.16.0.1 ')).toBe('172.16.0.1');
    expect(ipAddress('fe80::1')).toBe('fe80::1');
    expect(() => ipAddress('172.16.0.256')).toThrow(InvalidArgumentError);
  });
});
