import { firstFreeAddress, poolContains } from './pool-range';

describe('pool range', () => {
  const pool = { first: '10.99.0.100', last: '10.99.0.103' };
  it('lowest address that is neither busy nor an inventory address', () => {
    expect(firstFreeAddress(pool, new Set(), new Set())).toBe('10.99.0.100');
    expect(firstFreeAddress(pool, new Set(['10.99.0.100']), new Set(['10.99.0.101']))).toBe('10.99.0.102');
    expect(firstFreeAddress(pool, new Set(['10.99.0.100', '10.99.0.102', '10.99.0.103']), new Set(['10.99.0.101']))).toBeUndefined();
  });
  it('crosses octet boundaries', () => {
    expect(firstFreeAddress({ first: '10.0.0.255', last: '10.0.1.1' }, new Set(['10.0.0.255']), new Set())).toBe('10.0.1.0');
  });
  it('containment', () => {
    expect(poolContains(pool, '10.99.0.103')).toBe(true);
    expect(poolContains(pool, '10.99.0.104')).toBe(false);
    expect(poolContains(pool, '10.99.0.99')).toBe(false);
  });
});
