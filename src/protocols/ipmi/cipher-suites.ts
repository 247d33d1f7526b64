/**
 * Cipher suites (§22.15.2 "Cipher Suite IDs") and the algorithm numbers they bundle (§13.28:
 * authentication, integrity and confidentiality algorithm numbers).
 */
import { IpmiDecodeError } from './ipmi-error';

export const AuthAlg = { None: 0x00, HmacSha1: 0x01, HmacMd5: 0x02, HmacSha256: 0x03 } as const;
export const IntegrityAlg = { None: 0x00, HmacSha1_96: 0x01, HmacMd5_128: 0x02, Md5_128: 0x03, HmacSha256_128: 0x04 } as const;
export const ConfidentialityAlg = { None: 0x00, AesCbc128: 0x01, Xrc4_128: 0x02, Xrc4_40: 0x03 } as const;

export type AuthAlgId = (typeof AuthAlg)[keyof typeof AuthAlg];
export type IntegrityAlgId = (typeof IntegrityAlg)[keyof typeof IntegrityAlg];
export type ConfidentialityAlgId = (typeof ConfidentialityAlg)[keyof typeof ConfidentialityAlg];

export interface CipherSuite {
  id: number;
  auth: AuthAlgId;
  integrity: IntegrityAlgId;
  confidentiality: ConfidentialityAlgId;
}

/**
 * The suites hwctl implements. 3 (SHA1 / SHA1-96 / AES) is what every BMC since ~2008 offers; 17
 * (SHA256 / SHA256-128 / AES) is what current BMCs prefer. 0 is deliberately absent: it authenticates nobody
 * (ipmi_sim accepts any password with it), so it is never offered or used.
 */
export const CIPHER_SUITES: Readonly<Record<number, CipherSuite>> = {
  1: { id: 1, auth: AuthAlg.HmacSha1, integrity: IntegrityAlg.None, confidentiality: ConfidentialityAlg.None },
  2: { id: 2, auth: AuthAlg.HmacSha1, integrity: IntegrityAlg.HmacSha1_96, confidentiality: ConfidentialityAlg.None },
  3: { id: 3, auth: AuthAlg.HmacSha1, integrity: IntegrityAlg.HmacSha1_96, confidentiality: ConfidentialityAlg.AesCbc128 },
  15: { id: 15, auth: AuthAlg.HmacSha256, integrity: IntegrityAlg.None, confidentiality: ConfidentialityAlg.None },
  16: { id: 16, auth: AuthAlg.HmacSha256, integrity: IntegrityAlg.HmacSha256_128, confidentiality: ConfidentialityAlg.None },
  17: { id: 17, auth: AuthAlg.HmacSha256, integrity: IntegrityAlg.HmacSha256_128, confidentiality: ConfidentialityAlg.AesCbc128 },
};

export function cipherSuite(id: number): CipherSuite {
  const suite = CIPHER_SUITES[id];
  if (!suite) throw new RangeError(`cipher suite ${id} is not supported (supported: ${Object.keys(CIPHER_SUITES).join(', ')})`);
  return suite;
}

/** The suite with exactly these three algorithms, if we implement one. */
export function findCipherSuite(auth: number, integrity: number, confidentiality: number): CipherSuite | undefined {
  return Object.values(CIPHER_SUITES).find(
    (s) => s.auth === auth && s.integrity === integrity && s.confidentiality === confidentiality,
  );
}

/** Node's digest name for an RAKP authentication algorithm (§13.28: HMAC-SHA1, HMAC-MD5, HMAC-SHA256). */
export function authDigest(auth: number): 'sha1' | 'md5' | 'sha256' | undefined {
  switch (auth) {
    case AuthAlg.HmacSha1:
      return 'sha1';
    case AuthAlg.HmacMd5:
      return 'md5';
    case AuthAlg.HmacSha256:
      return 'sha256';
    default:
      return undefined;
  }
}

/** Length of the RAKP 2/3 key exchange auth code: the full HMAC (§13.21, §13.22). */
export function authCodeLength(auth: number): number {
  return { [AuthAlg.None]: 0, [AuthAlg.HmacSha1]: 20, [AuthAlg.HmacMd5]: 16, [AuthAlg.HmacSha256]: 32 }[auth] ?? 0;
}

/**
 * Length of the RAKP 4 integrity check value (§13.23): RAKP-HMAC-SHA1 cuts it to 96 bits, RAKP-HMAC-SHA256
 * (§13.28, added by the rev 1.1 errata) to 128 bits, RAKP-HMAC-MD5 keeps all 128 bits.
 */
export function rakp4IcvLength(auth: number): number {
  return { [AuthAlg.None]: 0, [AuthAlg.HmacSha1]: 12, [AuthAlg.HmacMd5]: 16, [AuthAlg.HmacSha256]: 16 }[auth] ?? 0;
}

/** A module-level table: this runs for every in-session datagram, and a fresh literal per call showed in profiles. */
const INTEGRITY_CODE_LENGTH: Readonly<Record<number, number>> = {
  [IntegrityAlg.None]: 0,
  [IntegrityAlg.HmacSha1_96]: 12,
  [IntegrityAlg.HmacMd5_128]: 16,
  [IntegrityAlg.Md5_128]: 16,
  [IntegrityAlg.HmacSha256_128]: 16,
};

/** Length of the per-packet AuthCode trailer for an integrity algorithm (§13.28.4). */
export function integrityCodeLength(integrity: number): number {
  return INTEGRITY_CODE_LENGTH[integrity] ?? 0;
}

/**
 * Cipher suite records as returned by Get Channel Cipher Suites (§22.15.2):
 * C0h, suite ID, then one byte per algorithm tagged in bits 7:6 (00b auth, 01b integrity, 10b confidentiality).
 */
export function encodeCipherSuiteRecords(ids: readonly number[]): Buffer {
  const out: number[] = [];
  for (const id of ids) {
    const s = cipherSuite(id);
    out.push(0xc0, s.id, s.auth & 0x3f, 0x40 | (s.integrity & 0x3f), 0x80 | (s.confidentiality & 0x3f));
  }
  return Buffer.from(out);
}

export interface CipherSuiteRecord {
  id: number;
  auth: number[];
  integrity: number[];
  confidentiality: number[];
}

/** Parse the concatenated record bytes; OEM records (C1h) carry a 3-byte IANA after the ID. */
export function decodeCipherSuiteRecords(data: Buffer): CipherSuiteRecord[] {
  const records: CipherSuiteRecord[] = [];
  let i = 0;
  let current: CipherSuiteRecord | undefined;
  while (i < data.length) {
    const b = data[i];
    if (b === 0xc0 || b === 0xc1) {
      if (i + 1 >= data.length) throw new IpmiDecodeError('cipher suite record: truncated ID');
      current = { id: data[i + 1], auth: [], integrity: [], confidentiality: [] };
      records.push(current);
      i += b === 0xc1 ? 5 : 2;
      continue;
    }
    if (!current) throw new IpmiDecodeError('cipher suite record: algorithm byte before a start of record');
    const alg = b & 0x3f;
    switch (b >> 6) {
      case 0:
        current.auth.push(alg);
        break;
      case 1:
        current.integrity.push(alg);
        break;
      case 2:
        current.confidentiality.push(alg);
        break;
      default:
        throw new IpmiDecodeError(`cipher suite record: unexpected byte 0x${b.toString(16)}`);
    }
    i++;
  }
  return records;
}
