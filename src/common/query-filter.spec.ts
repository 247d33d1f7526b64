import { matches, parseSmdQuery } from './query-filter';

describe('parseSmdQuery (SMD query semantics)', () => {
  it('matches names case-insensitively, ORs repeats, and splits ! negations', () => {
    const q = parseSmdQuery({ TYPE: ['Node', '!NodeBMC'], State: 'On' }, ['type', 'state']);
    expect(q.get('type')).toEqual({ include: ['Node'], exclude: ['NodeBMC'] });
    expect(q.get('state')).toEqual({ include: ['On'], exclude: [] });
  });

  it('rejects unknown parameters, naming them', () => {
    expect(() => parseSmdQuery({ colour: 'x', type: 'Node' }, ['type'])).toThrow(/colour/);
  });

  it.each([
    [{ include: ['node'], exclude: [] }, 'Node', true],
    [{ include: ['Node', 'NodeBMC'], exclude: [] }, 'nodebmc', true],
    [{ include: [], exclude: ['Empty'] }, 'On', true],
    [{ include: [], exclude: ['Empty'] }, 'empty', false],
    [{ include: ['On'], exclude: [] }, 'Off', false],
    [undefined, 'anything', true],
  ])('matches(%j, %s) = %s', (filter, value, expected) => {
    expect(matches(filter, value)).toBe(expected);
  });
});
