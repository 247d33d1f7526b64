import { entryName } from './entry-name';

describe('entryName', () => {
  it.each([
    ['compute', 'compute'],
    ['Compute', 'compute'],
    ['x1000c1s7b0n0', 'x1000c1s7b0n0'],
    ['X1000C01S07B0N00', 'x1000c1s7b0n0'],
    ['x3001', 'x3001'],
    ['rack-1:gpu.a_b', 'rack-1:gpu.a_b'],
  ])('%s → %s', (raw, expected) => expect(entryName(raw)).toBe(expected));

  it.each(['', 'has space', 'slash/x', 'admin', 'user-data', 'meta-data', 'vendor-data', 'compute.yaml', 'a'.repeat(256)])('rejects %j', (raw) => {
    expect(entryName(raw)).toBeUndefined();
  });
});
