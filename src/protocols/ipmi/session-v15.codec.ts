/**
 * IPMI v1.5 LAN session wrapper (§13.6):
 *   RMCP header | authType | session seq (4) | session ID (4) | [auth code (16) unless authType = none] |
 *   message length (1) | IPMI LAN message
 *
 * hwctl only sends it unauthenticated and outside a session (sequence 0, session ID 0), which is exactly how
 * Get Channel Authentication Capabilities is asked before RMCP+ (§22.13: it is sent outside a session) and
 * how ipmitool and FreeIPMI open every lanplus exchange. Authenticated v1.5 sessions (MD5/straight) are not
 * implemented: RMCP+ replaces them.
 */
import { ByteReader } from './byte-reader';
import { AuthType, RmcpClass } from './ipmi.constants';
import { decodeRmcpHeader, encodeRmcpHeader, RMCP_HEADER_LENGTH } from './rmcp.codec';
import { IpmiDecodeError } from './ipmi-error';

export interface SessionV15Packet {
  authType: number;
  sequence: number;
  sessionId: number;
  /** Present only when authType is not "none". */
  authCode?: Buffer;
  /** The IPMI LAN message (§13.8). */
  message: Buffer;
}

export function encodeSessionV15(pkt: SessionV15Packet): Buffer {
  if (pkt.message.length > 0xff) throw new RangeError('IPMI v1.5 message longer than 255 bytes');
  const head = Buffer.alloc(9);
  head[0] = pkt.authType;
  head.writeUInt32LE(pkt.sequence >>> 0, 1);
  head.writeUInt32LE(pkt.sessionId >>> 0, 5);
  const parts = [encodeRmcpHeader(RmcpClass.Ipmi), head];
  if (pkt.authType !== AuthType.None) {
    if (!pkt.authCode || pkt.authCode.length !== 16) throw new RangeError('IPMI v1.5 auth code must be 16 bytes');
    parts.push(pkt.authCode);
  }
  parts.push(Buffer.from([pkt.message.length]), pkt.message);
  return Buffer.concat(parts);
}

/** True when the datagram is an IPMI-class RMCP message in the v1.5 format (authType is not 06h). */
export function isSessionV15(buf: Buffer): boolean {
  return buf.length > RMCP_HEADER_LENGTH && buf[3] === RmcpClass.Ipmi && buf[RMCP_HEADER_LENGTH] !== AuthType.RmcpPlus;
}

export function decodeSessionV15(buf: Buffer): SessionV15Packet {
  const header = decodeRmcpHeader(buf);
  if (header.messageClass !== RmcpClass.Ipmi) throw new IpmiDecodeError('IPMI v1.5: RMCP class is not IPMI');
  const r = new ByteReader(buf, RMCP_HEADER_LENGTH, 'IPMI v1.5 session');
  const authType = r.u8('auth type');
  if (authType === AuthType.RmcpPlus) throw new IpmiDecodeError('IPMI v1.5: this is an RMCP+ (v2.0) packet');
  const sequence = r.u32('session sequence');
  const sessionId = r.u32('session ID');
  const authCode = authType === AuthType.None ? undefined : Buffer.from(r.bytes(16, 'auth code'));
  const length = r.u8('message length');
  // A trailing "legacy pad" byte (§13.6 note) may follow the message; it is ignored.
  const message = Buffer.from(r.bytes(length, 'message'));
  return { authType, sequence, sessionId, authCode, message };
}
