/**
 * Key derivation for an RMCP+ session (§13.31 "RMCP+ Authenticated Key-Exchange Protocol (RAKP)",
 * §13.32 "Generating Additional Keying Material").
 *
 *   K_uid = the user's password, NUL-padded to 20 bytes (§13.31: the key is the 20-byte IPMI v2.0 password
 *           even for RAKP-HMAC-SHA256, which is why ipmitool and FreeIPMI both pad to 20, not 32)
 *   K_g   = the BMC key when one is set, else K_uid ("one-key" logins, §13.31)
 *   SIK   = HMAC_Kg(Rm | Rc | RoleM | ULengthM | UNameM)
 *   K_n   = HMAC_SIK(n repeated 20 times)  — K1 keys integrity, the first 16 bytes of K2 key AES-CBC-128
 */
import { createHmac } from 'node:crypto';
import { authDigest } from './cipher-suites';
import { MAX_PASSWORD_BYTES } from './ipmi.constants';

/** K_uid: password bytes NUL-padded to 20 (§13.31). Longer passwords are a caller error, never truncated. */
export function userKey(password: string | Buffer): Buffer {
  const raw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (raw.length > MAX_PASSWORD_BYTES) throw new RangeError(`IPMI 2.0 password is ${raw.length} bytes; the limit is ${MAX_PASSWORD_BYTES}`);
  const key = Buffer.alloc(MAX_PASSWORD_BYTES);
  raw.copy(key);
  return key;
}

/** HMAC with the digest of RAKP authentication algorithm `auth` (§13.28). */
export function rakpHmac(auth: number, key: Buffer, ...parts: Buffer[]): Buffer {
  const digest = authDigest(auth);
  if (!digest) throw new RangeError(`authentication algorithm ${auth} has no HMAC`);
  const h = createHmac(digest, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The bytes RoleM | ULengthM | UNameM that several RAKP HMACs share (§13.20 role byte as sent, name-only bit kept). */
export function roleAndName(role: number, username: Buffer): Buffer {
  return Buffer.concat([Buffer.from([role & 0xff, username.length]), username]);
}

export interface SikInput {
  auth: number;
  /** K_g (BMC key) or K_uid when the BMC has no K_g. */
  kg: Buffer;
  rm: Buffer;
  rc: Buffer;
  role: number;
  username: Buffer;
}

/** §13.31: SIK = HMAC_Kg(Rm | Rc | RoleM | ULengthM | UNameM). */
export function deriveSik(i: SikInput): Buffer {
  return rakpHmac(i.auth, i.kg, i.rm, i.rc, roleAndName(i.role, i.username));
}

/** §13.32: K_n = HMAC_SIK(const_n) with const_n = 20 bytes of n (20 also for SHA256, as BMCs implement it). */
export function deriveKey(auth: number, sik: Buffer, n: 1 | 2 | 3): Buffer {
  return rakpHmac(auth, sik, Buffer.alloc(20, n));
}

export interface SessionKeys {
  sik: Buffer;
  /** Integrity key (§13.32 K1). */
  k1: Buffer;
  /** Confidentiality key material (§13.32 K2); AES-CBC-128 uses its first 16 bytes (§13.29). */
  k2: Buffer;
}

export function deriveSessionKeys(i: SikInput): SessionKeys {
  const sik = deriveSik(i);
  return { sik, k1: deriveKey(i.auth, sik, 1), k2: deriveKey(i.auth, sik, 2) };
}
