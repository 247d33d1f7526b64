/**
 * Serial over LAN payload (payload type 01h), §15.9 "SOL Payload Data Format":
 *   packet seq (bits 3:0, 0 = "ack only, no data") | ack/nack seq (0 = acknowledges nothing) |
 *   accepted character count | operation/status | character data…
 * Sequence numbers run 1…15 and wrap to 1. A data packet is retransmitted until acknowledged; the ack tells
 * how many characters were taken, so a partial ack means "send the rest again".
 */
import { ByteReader } from './byte-reader';

/** Byte 4, remote console → BMC ("operation"). */
export const SolOperation = {
  Nack: 0x40,
  RingWor: 0x20,
  GenerateBreak: 0x10,
  DeassertCts: 0x08,
  DeassertDcdDsr: 0x04,
  FlushInbound: 0x02,
  FlushOutbound: 0x01,
} as const;

/** Byte 4, BMC → remote console ("status"). */
export const SolStatus = {
  Nack: 0x40,
  CharacterTransferUnavailable: 0x20,
  Deactivating: 0x10,
  TransmitOverrun: 0x08,
  BreakDetected: 0x04,
} as const;

export interface SolPacket {
  /** 1–15 for a packet carrying data, 0 for a pure ack. */
  sequence: number;
  /** Sequence number being acked or nacked, 0 for none. */
  ackSequence: number;
  acceptedCount: number;
  /** Operation (console→BMC) or status (BMC→console) bits. */
  flags: number;
  data: Buffer;
}

export function encodeSolPacket(p: Partial<SolPacket>): Buffer {
  const data = p.data ?? Buffer.alloc(0);
  return Buffer.concat([Buffer.from([(p.sequence ?? 0) & 0x0f, (p.ackSequence ?? 0) & 0x0f, (p.acceptedCount ?? 0) & 0xff, (p.flags ?? 0) & 0xff]), data]);
}

export function decodeSolPacket(buf: Buffer): SolPacket {
  const r = new ByteReader(buf, 0, 'SOL packet');
  const sequence = r.u8('sequence') & 0x0f;
  const ackSequence = r.u8('ack sequence') & 0x0f;
  const acceptedCount = r.u8('accepted count');
  const flags = r.u8('operation/status');
  return { sequence, ackSequence, acceptedCount, flags, data: Buffer.from(r.rest()) };
}

/** Next SOL sequence number: 1…15, never 0 (0 marks an ack-only packet). */
export function nextSolSequence(seq: number): number {
  return (seq % 15) + 1;
}
