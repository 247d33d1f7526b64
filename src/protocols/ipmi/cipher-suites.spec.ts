import {
  AuthAlg,
  authCodeLength,
  cipherSuite,
  decodeCipherSuiteRecords,
  encodeCipherSuiteRecords,
  findCipherSuite,
  integrityCodeLength,
  rakp4IcvLength,
} from './cipher-suites';

describe('cipher suites (§22.15.2)', () => {
  it.each([
    [1, 1, 0, 0],
    [2, 1, 1, 0],
    [3, 1, 1, 1],
    [15, 3, 0, 0],
    [16, 3, 4, 0],
    [17, 3, 4, 1],
  ])('suite %i = auth %i / integrity %i / confidentiality %i', (id, auth, integrity, conf) => {
    expect(cipherSuite(id)).toEqual({ id, auth, integrity, confidentiality: conf });
    expect(findCipherSuite(auth, integrity, conf)?.id).toBe(id);
  });

  it('does not offer suite 0, which authenticates nobody', () => {
    expect(() => cipherSuite(0)).toThrow(/not supported/);
    expect(findCipherSuite(0, 0, 0)).toBeUndefined();
  });

  it.each([
    ['RAKP-HMAC-SHA1', AuthAlg.HmacSha1, 20, 12],
    ['RAKP-HMAC-SHA256', AuthAlg.HmacSha256, 32, 16],
    ['RAKP-HMAC-MD5', AuthAlg.HmacMd5, 16, 16],
  ])('%s: auth code %i bytes, RAKP 4 ICV %i bytes', (_name, auth, code, icv) => {
    expect(authCodeLength(auth)).toBe(code);
    expect(rakp4IcvLength(auth)).toBe(icv);
  });

  it.each([
    [1, 12],
    [4, 16],
    [0, 0],
  ])('integrity algorithm %i has a %i-byte AuthCode', (alg, len) => {
    expect(integrityCodeLength(alg)).toBe(len);
  });

  it('encodes records the way Get Channel Cipher Suites returns them, and reads them back', () => {
    const records = encodeCipherSuiteRecords([3, 17]);
    expect(records.toString('hex')).toBe('c003014181' + 'c011034481');
    expect(decodeCipherSuiteRecords(records)).toEqual([
      { id: 3, auth: [1], integrity: [1], confidentiality: [1] },
      { id: 17, auth: [3], integrity: [4], confidentiality: [1] },
    ]);
  });

  it('skips the IANA of OEM records and rejects orphan algorithm bytes', () => {
    expect(decodeCipherSuiteRecords(Buffer.from('c180f21b0001', 'hex'))).toEqual([{ id: 0x80, auth: [1], integrity: [], confidentiality: [] }]);
    expect(() => decodeCipherSuiteRecords(Buffer.from('41', 'hex'))).toThrow(/before a start/);
  });
});
