/**
 * RMCP header (§13.1, from ASF 2.0 §3.2.2) and the ASF Presence Ping / Pong (§13.2, ASF 2.0 §3.2.4.3).
 * Every IPMI-over-LAN datagram starts with the 4-byte RMCP header; a Presence Ping is the cheapest
 * "is anything on UDP 623?" probe, answered even by BMCs that refuse every session.
 */
import { ByteReader } from './byte-reader';
import { ASF_IANA, RmcpClass } from './ipmi.constants';
import { IpmiDecodeError } from './ipmi-error';

export const RMCP_VERSION = 0x06; // "RMCP Version 1.0" is encoded as 06h
/** §13.1: sequence FFh means "do not send an RMCP ACK"; IPMI messages always use it. */
export const RMCP_SEQ_NO_ACK = 0xff;
export const RMCP_HEADER_LENGTH = 4;

export interface RmcpHeader {
  sequence: number;
  /** Class without the ACK bit (06h ASF, 07h IPMI). */
  messageClass: number;
  /** Bit 7 of the class byte: this datagram is an RMCP ACK, not a message. */
  isAck: boolean;
}

export function encodeRmcpHeader(messageClass: number, sequence = RMCP_SEQ_NO_ACK): Buffer {
  return Buffer.from([RMCP_VERSION, 0x00, sequence & 0xff, messageClass & 0x7f]);
}

export function decodeRmcpHeader(buf: Buffer): RmcpHeader {
  const r = new ByteReader(buf, 0, 'RMCP header');
  const version = r.u8('version');
  if (version !== RMCP_VERSION) throw new IpmiDecodeError(`RMCP header: version 0x${version.toString(16)} is not 06h`);
  r.skip(1);
  const sequence = r.u8('sequence');
  const cls = r.u8('class');
  return { sequence, messageClass: cls & 0x7f, isAck: (cls & 0x80) !== 0 };
}

/** §13.1: an RMCP ACK echoes the sequence number with bit 7 of the class set, and carries no data. */
export function encodeRmcpAck(messageClass: number, sequence: number): Buffer {
  return Buffer.from([RMCP_VERSION, 0x00, sequence & 0xff, (messageClass & 0x7f) | 0x80]);
}

/** ASF message types used here (ASF 2.0 Table 12). */
export const AsfMessageType = { PresencePong: 0x40, PresencePing: 0x80 } as const;

export interface AsfPong {
  tag: number;
  /** IANA number of the entity answering (4542 for a plain ASF/IPMI device). */
  enterprise: number;
  oemDefined: number;
  /** Supported Entities: bit 7 says IPMI is supported — what a scanner looks for. */
  ipmiSupported: boolean;
  asfVersion: number;
  supportedInteractions: number;
}

export type AsfMessage = { type: 'ping'; tag: number } | ({ type: 'pong' } & AsfPong);

/**
 * Presence Ping: RMCP header (class ASF) + IANA 4542 (big-endian: ASF fields are network order) +
 * type 80h + tag + reserved + data length 0. Sequence FFh so the BMC does not also send an RMCP ACK.
 */
export function encodeAsfPing(tag: number, sequence = RMCP_SEQ_NO_ACK): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(ASF_IANA, 0);
  body[4] = AsfMessageType.PresencePing;
  body[5] = tag & 0xff;
  return Buffer.concat([encodeRmcpHeader(RmcpClass.Asf, sequence), body]);
}

/** Presence Pong: same framing, type 40h and 16 bytes of data (ASF 2.0 §3.2.4.3). */
export function encodeAsfPong(pong: Omit<AsfPong, 'enterprise' | 'oemDefined'> & Partial<AsfPong>, sequence = RMCP_SEQ_NO_ACK): Buffer {
  const body = Buffer.alloc(8 + 16);
  body.writeUInt32BE(ASF_IANA, 0);
  body[4] = AsfMessageType.PresencePong;
  body[5] = pong.tag & 0xff;
  body[7] = 16;
  body.writeUInt32BE(pong.enterprise ?? ASF_IANA, 8);
  body.writeUInt32BE(pong.oemDefined ?? 0, 12);
  body[16] = (pong.ipmiSupported ? 0x80 : 0) | (pong.asfVersion & 0x0f);
  body[17] = pong.supportedInteractions & 0xff;
  return Buffer.concat([encodeRmcpHeader(RmcpClass.Asf, sequence), body]);
}

/** Decode the ASF part of a datagram whose RMCP class is ASF. */
export function decodeAsfMessage(buf: Buffer): AsfMessage {
  const header = decodeRmcpHeader(buf);
  if (header.messageClass !== RmcpClass.Asf || header.isAck) throw new IpmiDecodeError('ASF: not an ASF message');
  const r = new ByteReader(buf, RMCP_HEADER_LENGTH, 'ASF message');
  const iana = r.u32be('IANA');
  if (iana !== ASF_IANA) throw new IpmiDecodeError(`ASF: IANA ${iana} is not 4542`);
  const type = r.u8('message type');
  const tag = r.u8('tag');
  r.skip(1);
  const length = r.u8('data length');
  const data = r.bytes(length, 'data');
  switch (type) {
    case AsfMessageType.PresencePing:
      return { type: 'ping', tag };
    case AsfMessageType.PresencePong: {
      const d = new ByteReader(data, 0, 'ASF pong');
      const enterprise = d.u32be('enterprise');
      const oemDefined = d.u32be('OEM defined');
      const entities = d.u8('supported entities');
      const supportedInteractions = d.u8('supported interactions');
      return {
        type: 'pong',
        tag,
        enterprise,
        oemDefined,
        ipmiSupported: (entities & 0x80) !== 0,
        asfVersion: entities & 0x0f,
        supportedInteractions,
      };
    }
    default:
      throw new IpmiDecodeError(`ASF: unsupported message type 0x${type.toString(16)}`);
  }
}
