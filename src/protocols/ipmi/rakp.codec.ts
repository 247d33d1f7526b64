/**
 * RAKP Messages 1–4 (§13.20–§13.23) and the HMACs they carry (§13.31). RAKP is a four-way handshake: each side
 * proves it knows K_uid (the user's password) by an HMAC over both random numbers and both session IDs,
 * and the fourth message proves the BMC derived the same session integrity key (SIK).
 */
import { ByteReader, u32le } from './byte-reader';
import { authCodeLength, rakp4IcvLength } from './cipher-suites';
import { IpmiDecodeError } from './ipmi-error';
import { MAX_USERNAME_BYTES } from './ipmi.constants';
import { rakpHmac, roleAndName } from './session-keys';

/** §13.20 byte 25: bit 4 = "name-only lookup" (ignore the role when finding the user), bits 3:0 = role. */
export const ROLE_NAME_ONLY_LOOKUP = 0x10;

export interface Rakp1 {
  tag: number;
  bmcSessionId: number;
  /** Rm: 16 random bytes from the remote console. */
  consoleRandom: Buffer;
  /** Requested role byte exactly as sent; the HMACs cover this byte, lookup bit included. */
  role: number;
  username: Buffer;
}

export interface Rakp2 {
  tag: number;
  status: number;
  consoleSessionId: number;
  /** Rc: 16 random bytes from the BMC. */
  bmcRandom: Buffer;
  bmcGuid: Buffer;
  authCode: Buffer;
}

export interface Rakp3 {
  tag: number;
  status: number;
  bmcSessionId: number;
  authCode: Buffer;
}

export interface Rakp4 {
  tag: number;
  status: number;
  consoleSessionId: number;
  integrityCheckValue: Buffer;
}

export function encodeRakp1(m: Rakp1): Buffer {
  if (m.consoleRandom.length !== 16) throw new RangeError('RAKP 1: Rm must be 16 bytes');
  if (m.username.length > MAX_USERNAME_BYTES) throw new RangeError(`RAKP 1: username longer than ${MAX_USERNAME_BYTES} bytes`);
  return Buffer.concat([
    Buffer.from([m.tag & 0xff, 0, 0, 0]),
    u32le(m.bmcSessionId),
    m.consoleRandom,
    Buffer.from([m.role & 0xff, 0, 0, m.username.length]),
    m.username,
  ]);
}

export function decodeRakp1(buf: Buffer): Rakp1 {
  const r = new ByteReader(buf, 0, 'RAKP 1');
  const tag = r.u8('tag');
  r.skip(3);
  const bmcSessionId = r.u32('SIDc');
  const consoleRandom = Buffer.from(r.bytes(16, 'Rm'));
  const role = r.u8('role');
  r.skip(2);
  const length = r.u8('username length');
  if (length > MAX_USERNAME_BYTES) throw new IpmiDecodeError(`RAKP 1: username length ${length} exceeds ${MAX_USERNAME_BYTES}`);
  return { tag, bmcSessionId, consoleRandom, role, username: Buffer.from(r.bytes(length, 'username')) };
}

/** §13.21: on a non-zero status the message ends after SIDm. */
export function encodeRakp2(m: Rakp2): Buffer {
  const head = Buffer.concat([Buffer.from([m.tag & 0xff, m.status & 0xff, 0, 0]), u32le(m.consoleSessionId)]);
  return m.status !== 0 ? head : Buffer.concat([head, m.bmcRandom, m.bmcGuid, m.authCode]);
}

export function decodeRakp2(buf: Buffer, auth: number): Rakp2 {
  const r = new ByteReader(buf, 0, 'RAKP 2');
  const tag = r.u8('tag');
  const status = r.u8('status');
  // Error answers may stop after the status byte (ipmi_sim does); SIDm is then unknown (0).
  const consoleSessionId = status !== 0 && r.remaining < 6 ? 0 : (r.skip(2), r.u32('SIDm'));
  if (status !== 0) return { tag, status, consoleSessionId, bmcRandom: Buffer.alloc(0), bmcGuid: Buffer.alloc(0), authCode: Buffer.alloc(0) };
  const bmcRandom = Buffer.from(r.bytes(16, 'Rc'));
  const bmcGuid = Buffer.from(r.bytes(16, 'GUID'));
  const authCode = Buffer.from(r.bytes(authCodeLength(auth), 'key exchange auth code'));
  return { tag, status, consoleSessionId, bmcRandom, bmcGuid, authCode };
}

export function encodeRakp3(m: Rakp3): Buffer {
  return Buffer.concat([Buffer.from([m.tag & 0xff, m.status & 0xff, 0, 0]), u32le(m.bmcSessionId), m.authCode]);
}

export function decodeRakp3(buf: Buffer, auth: number): Rakp3 {
  const r = new ByteReader(buf, 0, 'RAKP 3');
  const tag = r.u8('tag');
  const status = r.u8('status');
  r.skip(2);
  const bmcSessionId = r.u32('SIDc');
  // A console that gives up sends RAKP 3 with an error status and no auth code (§13.22).
  const authCode = status !== 0 ? Buffer.alloc(0) : Buffer.from(r.bytes(authCodeLength(auth), 'key exchange auth code'));
  return { tag, status, bmcSessionId, authCode };
}

export function encodeRakp4(m: Rakp4): Buffer {
  const head = Buffer.concat([Buffer.from([m.tag & 0xff, m.status & 0xff, 0, 0]), u32le(m.consoleSessionId)]);
  return m.status !== 0 ? head : Buffer.concat([head, m.integrityCheckValue]);
}

export function decodeRakp4(buf: Buffer, auth: number): Rakp4 {
  const r = new ByteReader(buf, 0, 'RAKP 4');
  const tag = r.u8('tag');
  const status = r.u8('status');
  const consoleSessionId = status !== 0 && r.remaining < 6 ? 0 : (r.skip(2), r.u32('SIDm'));
  const icv = status !== 0 ? Buffer.alloc(0) : Buffer.from(r.bytes(rakp4IcvLength(auth), 'integrity check value'));
  return { tag, status, consoleSessionId, integrityCheckValue: icv };
}

/** Everything both ends know once RAKP 2 has arrived; the HMAC inputs below are built from it. */
export interface RakpTranscript {
  auth: number;
  consoleSessionId: number;
  bmcSessionId: number;
  consoleRandom: Buffer;
  bmcRandom: Buffer;
  bmcGuid: Buffer;
  role: number;
  username: Buffer;
}

/** §13.21: RAKP 2 auth code = HMAC_Kuid(SIDm | SIDc | Rm | Rc | GUIDc | RoleM | ULengthM | UNameM). */
export function rakp2AuthCode(t: RakpTranscript, kuid: Buffer): Buffer {
  return rakpHmac(t.auth, kuid, u32le(t.consoleSessionId), u32le(t.bmcSessionId), t.consoleRandom, t.bmcRandom, t.bmcGuid, roleAndName(t.role, t.username));
}

/** §13.22: RAKP 3 auth code = HMAC_Kuid(Rc | SIDm | RoleM | ULengthM | UNameM). */
export function rakp3AuthCode(t: RakpTranscript, kuid: Buffer): Buffer {
  return rakpHmac(t.auth, kuid, t.bmcRandom, u32le(t.consoleSessionId), roleAndName(t.role, t.username));
}

/** §13.23: RAKP 4 integrity check value = HMAC_SIK(Rm | SIDc | GUIDc), truncated per algorithm. */
export function rakp4Icv(t: RakpTranscript, sik: Buffer): Buffer {
  return rakpHmac(t.auth, sik, t.consoleRandom, u32le(t.bmcSessionId), t.bmcGuid).subarray(0, rakp4IcvLength(t.auth));
}
