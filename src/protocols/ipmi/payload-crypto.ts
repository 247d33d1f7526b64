/**
 * Per-packet protection of an established RMCP+ session:
 *   - integrity (§13.28.4): HMAC-SHA1-96 or HMAC-SHA256-128 keyed with K1 over the session header through
 *     "Next Header" (the caller supplies those bytes), truncated to 12 / 16 bytes;
 *   - confidentiality (§13.29): AES-CBC-128 keyed with K2[0..15]. The payload field carries a fresh 16-byte IV,
 *     then ciphertext of  data | pad 01 02 03 … | pad length  so the plaintext is a whole number of blocks.
 *     Node's built-in PKCS#7 padding is switched off because the IPMI pad bytes count up instead.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfidentialityAlg, IntegrityAlg, integrityCodeLength } from './cipher-suites';
import { IpmiDecodeError } from './ipmi-error';

const AES_BLOCK = 16;

function integrityDigest(integrity: number): 'sha1' | 'sha256' | 'md5' {
  switch (integrity) {
    case IntegrityAlg.HmacSha1_96:
      return 'sha1';
    case IntegrityAlg.HmacSha256_128:
      return 'sha256';
    case IntegrityAlg.HmacMd5_128:
      return 'md5';
    default:
      throw new RangeError(`integrity algorithm ${integrity} is not implemented`);
  }
}

/** The AuthCode for `covered` (AuthType … Next Header) under integrity algorithm `integrity`. */
export function integrityCode(integrity: number, k1: Buffer, covered: Buffer): Buffer {
  const mac = createHmac(integrityDigest(integrity), k1).update(covered).digest();
  return mac.subarray(0, integrityCodeLength(integrity));
}

export function verifyIntegrityCode(integrity: number, k1: Buffer, covered: Buffer, received: Buffer): boolean {
  const expected = integrityCode(integrity, k1, covered);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** §13.29: pad so that data + pad + pad-length byte fill whole AES blocks; pad bytes are 1, 2, 3, … */
export function confidentialityPad(dataLength: number): Buffer {
  const padLength = (AES_BLOCK - ((dataLength + 1) % AES_BLOCK)) % AES_BLOCK;
  const pad = Buffer.alloc(padLength + 1);
  for (let i = 0; i < padLength; i++) pad[i] = i + 1;
  pad[padLength] = padLength;
  return pad;
}

/** Encrypt a payload for the wire: IV | AES-CBC-128(data | pad | padLength). `iv` is only injectable for tests. */
export function encryptPayload(k2: Buffer, data: Buffer, iv: Buffer = randomBytes(AES_BLOCK)): Buffer {
  const cipher = createCipheriv('aes-128-cbc', k2.subarray(0, 16), iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(Buffer.concat([data, confidentialityPad(data.length)])), cipher.final()]);
}

/** Decrypt a payload field and strip the confidentiality trailer, checking it is well formed. */
export function decryptPayload(k2: Buffer, field: Buffer): Buffer {
  if (field.length < 2 * AES_BLOCK || field.length % AES_BLOCK !== 0) {
    throw new IpmiDecodeError(`AES-CBC-128 payload of ${field.length} bytes is not IV + whole blocks`);
  }
  const decipher = createDecipheriv('aes-128-cbc', k2.subarray(0, 16), field.subarray(0, AES_BLOCK));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(field.subarray(AES_BLOCK)), decipher.final()]);
  const padLength = plain[plain.length - 1];
  if (padLength >= AES_BLOCK || padLength + 1 > plain.length) throw new IpmiDecodeError(`confidentiality pad length ${padLength} is invalid`);
  const dataLength = plain.length - 1 - padLength;
  for (let i = 0; i < padLength; i++) {
    if (plain[dataLength + i] !== i + 1) throw new IpmiDecodeError('confidentiality pad bytes are not 1, 2, 3, …');
  }
  return plain.subarray(0, dataLength);
}

/** The negotiated algorithms and keys of one session direction pair (both ends use the same K1/K2). */
export interface SessionCrypto {
  integrity: number;
  confidentiality: number;
  k1: Buffer;
  k2: Buffer;
}

export const NO_CRYPTO: SessionCrypto = {
  integrity: IntegrityAlg.None,
  confidentiality: ConfidentialityAlg.None,
  k1: Buffer.alloc(0),
  k2: Buffer.alloc(0),
};
