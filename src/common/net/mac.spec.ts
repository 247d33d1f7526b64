import { isValidMac, macToId, normalizeMac } from './mac';

describe('normalizeMac', () => {
  it.each([
    ['aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff'],
    ['AA:BB:CC:DD:EE:FF', 'aa:bb:cc:dd:ee:ff'],
    ['aa-bb-cc-dd-ee-ff', 'aa:bb:cc:dd:ee:ff'],
    ['A4-BF-01-2B-73-10', 'a4:bf:01:2b:73:10'],
    ['aabb.ccdd.eeff', 'aa:bb:cc:dd:ee:ff'],
    ['AABB.CCDD.EEFF', 'aa:bb:cc:dd:ee:ff'],
    ['a4bf012b7310', 'a4:bf:01:2b:73:10'],
    ['A4BF012B7310', 'a4:bf:01:2b:73:10'],
    ['0:1b:21:a:b:c', '00:1b:21:0a:0b:0c'], // macOS arp drops leading zeros
    ['  aa:bb:cc:dd:ee:ff\n', 'aa:bb:cc:dd:ee:ff'],
    ['00:00:00:00:00:00', '00:00:00:00:00:00'],
    ['ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff'],
  ])('%j -> %s', (raw, want) => {
    expect(normalizeMac(raw)).toBe(want);
    expect(isValidMac(raw)).toBe(true);
  });

  it.each([
    '',
    'aa:bb:cc:dd:ee', // 5 octets
    'aa:bb:cc:dd:ee:ff:00', // EUI-64 is not a MAC-48
    'aa:bb:cc:dd:ee:fg',
    'aa:bb-cc:dd-ee:ff', // mixed separators
    'aa:bb:cc:dd:ee:fff',
    'aabb.ccdd.eef',
    'aab.bccd.deeff',
    'aabbccddeef',
    'aabbccddeeff0',
    'aa bb cc dd ee ff',
    '10.0.0.1',
    '+0aabbccddee', // Go's strconv.ParseInt would take a sign; we do not
    ':aa:bb:cc:dd:ee',
  ])('%j is not a MAC', (raw) => {
    expect(normalizeMac(raw)).toBeUndefined();
    expect(isValidMac(raw)).toBe(false);
  });
});

describe('macToId', () => {
  it.each([
    ['a4:bf:01:2b:73:10', 'a4bf012b7310'],
    ['A4-BF-01-2B-73-10', 'a4bf012b7310'],
    ['a4bf.012b.7310', 'a4bf012b7310'],
    ['a4bf012b7310', 'a4bf012b7310'],
    // not a MAC: SMD's own rule (lower-case, strip ":"), so we find what SMD would have stored
    ['Not:A:Mac', 'notamac'],
  ])('%s -> %s', (raw, want) => {
    expect(macToId(raw)).toBe(want);
  });
});
