/**
 * IPMI v2.0 RMCP+ session wrapper (§13.6, "IPMI v2.0 RMCP+ Session Header"):
 *
 *   RMCP header | 06h | payload type (bit 7 encrypted, bit 6 authenticated) | [OEM IANA (4) + OEM payload ID (2)] |
 *   session ID (4, LS first) | session sequence (4) | payload length (2) | payload |
 *   [integrity pad FFh… | pad length | next header 07h | AuthCode]        ← only when authenticated
 *
 * Decoding is two steps on purpose: `decodeRmcpPlusEnvelope` reads the clear-text header so the socket owner can
 * route by session ID, then `openRmcpPlus` checks the AuthCode and decrypts with that session's keys.
 */
import { ByteReader } from './byte-reader';
import { ConfidentialityAlg, IntegrityAlg, integrityCodeLength } from './cipher-suites';
import { AuthType, PayloadType, RmcpClass } from './ipmi.constants';
import { IpmiDecodeError } from './ipmi-error';
import { decryptPayload, encryptPayload, integrityCode, NO_CRYPTO, SessionCrypto, verifyIntegrityCode } from './payload-crypto';
import { decodeRmcpHeader, encodeRmcpHeader, RMCP_HEADER_LENGTH } from './rmcp.codec';

/** §13.6: "Next Header" is reserved in v2.0 and always 07h. */
const NEXT_HEADER = 0x07;

export interface RmcpPlusPacket {
  payloadType: number;
  sessionId: number;
  sequence: number;
  payload: Buffer;
}

export interface RmcpPlusEnvelope extends RmcpPlusPacket {
  encrypted: boolean;
  authenticated: boolean;
  /** OEM explicit payloads (type 02h) name their owner. */
  oemIana?: number;
  oemPayloadId?: number;
  /** Bytes AuthType … Next Header, which the AuthCode covers (§13.28.4); set only when authenticated. */
  covered?: Buffer;
  authCode?: Buffer;
}

/** True when the datagram is an IPMI-class RMCP message whose session header is RMCP+ (authType 06h). */
export function isRmcpPlus(buf: Buffer): boolean {
  return buf.length > RMCP_HEADER_LENGTH && buf[3] === RmcpClass.Ipmi && buf[RMCP_HEADER_LENGTH] === AuthType.RmcpPlus;
}

/**
 * Build a complete datagram. With `crypto` of an established session the payload is encrypted and/or
 * authenticated as negotiated; pre-session payloads (Open Session, RAKP) and session-less requests use NO_CRYPTO.
 * `iv` exists only so known-answer tests can reproduce a captured packet.
 */
export function encodeRmcpPlus(pkt: RmcpPlusPacket, crypto: SessionCrypto = NO_CRYPTO, iv?: Buffer): Buffer {
  const encrypted = crypto.confidentiality !== ConfidentialityAlg.None;
  const authenticated = crypto.integrity !== IntegrityAlg.None;
  if (encrypted && crypto.confidentiality !== ConfidentialityAlg.AesCbc128) {
    throw new RangeError(`confidentiality algorithm ${crypto.confidentiality} is not implemented`);
  }
  const payload = encrypted ? encryptPayload(crypto.k2, pkt.payload, iv) : pkt.payload;
  if (payload.length > 0xffff) throw new RangeError('RMCP+ payload longer than 65535 bytes');
  const head = Buffer.alloc(12);
  head[0] = AuthType.RmcpPlus;
  head[1] = (encrypted ? 0x80 : 0) | (authenticated ? 0x40 : 0) | (pkt.payloadType & 0x3f);
  head.writeUInt32LE(pkt.sessionId >>> 0, 2);
  head.writeUInt32LE(pkt.sequence >>> 0, 6);
  head.writeUInt16LE(payload.length, 10);
  if (!authenticated) return Buffer.concat([encodeRmcpHeader(RmcpClass.Ipmi), head, payload]);
  // §13.6: integrity pad (FFh) makes AuthType…Next Header a multiple of 4 bytes.
  const unpadded = head.length + payload.length + 2;
  const padLength = (4 - (unpadded % 4)) % 4;
  const trailer = Buffer.alloc(padLength + 2, 0xff);
  trailer[padLength] = padLength;
  trailer[padLength + 1] = NEXT_HEADER;
  const covered = Buffer.concat([head, payload, trailer]);
  return Buffer.concat([encodeRmcpHeader(RmcpClass.Ipmi), covered, integrityCode(crypto.integrity, crypto.k1, covered)]);
}

/**
 * Read the clear-text parts. The AuthCode length is not in the packet, so the caller passes the session's
 * integrity algorithm once it knows the session (route first by `peekRmcpPlusSessionId`).
 */
export function decodeRmcpPlusEnvelope(buf: Buffer, integrity: number = IntegrityAlg.None): RmcpPlusEnvelope {
  const header = decodeRmcpHeader(buf);
  if (header.messageClass !== RmcpClass.Ipmi) throw new IpmiDecodeError('RMCP+: RMCP class is not IPMI');
  const r = new ByteReader(buf, RMCP_HEADER_LENGTH, 'RMCP+ session');
  if (r.u8('auth type') !== AuthType.RmcpPlus) throw new IpmiDecodeError('RMCP+: auth type is not 06h');
  const typeByte = r.u8('payload type');
  const payloadType = typeByte & 0x3f;
  let oemIana: number | undefined;
  let oemPayloadId: number | undefined;
  if (payloadType === PayloadType.OemExplicit) {
    oemIana = r.u32('OEM IANA');
    oemPayloadId = r.u16('OEM payload ID');
  }
  const sessionId = r.u32('session ID');
  const sequence = r.u32('session sequence');
  const length = r.u16('payload length');
  const payload = Buffer.from(r.bytes(length, 'payload'));
  const authenticated = (typeByte & 0x40) !== 0;
  const env: RmcpPlusEnvelope = { payloadType, encrypted: (typeByte & 0x80) !== 0, authenticated, sessionId, sequence, payload, oemIana, oemPayloadId };
  if (!authenticated) return env;
  const codeLength = integrityCodeLength(integrity);
  if (codeLength === 0) throw new IpmiDecodeError('RMCP+: authenticated packet but the session has no integrity algorithm');
  const end = buf.length - codeLength;
  if (end < r.offset + 2) throw new IpmiDecodeError('RMCP+: truncated integrity trailer');
  if (buf[end - 1] !== NEXT_HEADER) throw new IpmiDecodeError('RMCP+: next header is not 07h');
  const padLength = buf[end - 2];
  if (end - 2 - padLength !== r.offset) throw new IpmiDecodeError('RMCP+: integrity pad length does not match the packet');
  env.covered = buf.subarray(RMCP_HEADER_LENGTH, end);
  env.authCode = buf.subarray(end);
  return env;
}

/** The session ID field, read without knowing the session (for routing); undefined when not RMCP+. */
export function peekRmcpPlusSessionId(buf: Buffer): number | undefined {
  if (!isRmcpPlus(buf)) return undefined;
  const offset = RMCP_HEADER_LENGTH + 2 + ((buf[RMCP_HEADER_LENGTH + 1] & 0x3f) === PayloadType.OemExplicit ? 6 : 0);
  return buf.length >= offset + 4 ? buf.readUInt32LE(offset) : undefined;
}

/**
 * Check the AuthCode and decrypt. The packet's flags must match what the session negotiated: accepting an
 * unauthenticated packet in an authenticated session would let anyone on the path inject commands.
 */
export function openRmcpPlus(env: RmcpPlusEnvelope, crypto: SessionCrypto = NO_CRYPTO): Buffer {
  const wantAuth = crypto.integrity !== IntegrityAlg.None;
  const wantEnc = crypto.confidentiality !== ConfidentialityAlg.None;
  if (env.authenticated !== wantAuth) throw new IpmiDecodeError(`RMCP+: packet is ${env.authenticated ? '' : 'not '}authenticated, session expects the opposite`);
  if (env.encrypted !== wantEnc) throw new IpmiDecodeError(`RMCP+: packet is ${env.encrypted ? '' : 'not '}encrypted, session expects the opposite`);
  if (wantAuth && !verifyIntegrityCode(crypto.integrity, crypto.k1, env.covered!, env.authCode!)) {
    throw new IpmiDecodeError('RMCP+: integrity check failed');
  }
  return wantEnc ? decryptPayload(crypto.k2, env.payload) : env.payload;
}
