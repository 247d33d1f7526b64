/**
 * Activate Payload (§24.1) and Deactivate Payload (§24.2): how a session starts and stops Serial over LAN.
 * A BMC lets one session at a time hold a payload instance; a second activation gets completion code 80h
 * ("payload already active on another session").
 */
import { ByteReader, u16le } from './byte-reader';
import { PayloadType } from './ipmi.constants';

export interface ActivatePayloadRequest {
  payloadType: number;
  instance: number;
  /** Aux byte 1 bit 7: encrypt the payload (needs a confidentiality algorithm on the session). */
  encrypt: boolean;
  /** Aux byte 1 bit 6: authenticate the payload. */
  authenticate: boolean;
  /** Aux byte 1 bits 3:2 "serial/modem sharing", bit 1 "SOL startup handshake", bit 0 "test mode": passed through. */
  auxOther: number;
}

export function encodeActivatePayloadRequest(req: Partial<ActivatePayloadRequest>): Buffer {
  const aux = ((req.encrypt ?? true) ? 0x80 : 0) | ((req.authenticate ?? true) ? 0x40 : 0) | ((req.auxOther ?? 0) & 0x0f);
  return Buffer.from([(req.payloadType ?? PayloadType.Sol) & 0x3f, (req.instance ?? 1) & 0x0f, aux, 0, 0, 0]);
}

export function decodeActivatePayloadRequest(data: Buffer): ActivatePayloadRequest {
  const r = new ByteReader(data, 0, 'Activate Payload request');
  const payloadType = r.u8('payload type') & 0x3f;
  const instance = r.u8('instance') & 0x0f;
  const aux = r.remaining > 0 ? r.u8('aux data') : 0;
  return { payloadType, instance, encrypt: (aux & 0x80) !== 0, authenticate: (aux & 0x40) !== 0, auxOther: aux & 0x0f };
}

export interface ActivatePayloadResponse {
  /** Aux data byte 1 bit 0: test mode. */
  auxData: number;
  /** Largest payload the BMC accepts from the console. */
  inboundPayloadSize: number;
  /** Largest payload the BMC will send. */
  outboundPayloadSize: number;
  /** UDP port for the payload (normally the session's port). */
  port: number;
  /** FFFFh = no VLAN. */
  vlan: number;
}

export function encodeActivatePayloadResponse(rsp: ActivatePayloadResponse): Buffer {
  const aux = Buffer.alloc(4);
  aux.writeUInt32LE(rsp.auxData >>> 0);
  return Buffer.concat([aux, u16le(rsp.inboundPayloadSize), u16le(rsp.outboundPayloadSize), u16le(rsp.port), u16le(rsp.vlan)]);
}

export function decodeActivatePayloadResponse(data: Buffer): ActivatePayloadResponse {
  const r = new ByteReader(data, 0, 'Activate Payload response');
  const auxData = r.u32('aux data');
  const inboundPayloadSize = r.u16('inbound size');
  const outboundPayloadSize = r.u16('outbound size');
  const port = r.u16('port');
  const vlan = r.remaining >= 2 ? r.u16('VLAN') : 0xffff;
  return { auxData, inboundPayloadSize, outboundPayloadSize, port, vlan };
}

export interface DeactivatePayloadRequest {
  payloadType: number;
  instance: number;
}

export const encodeDeactivatePayloadRequest = (payloadType: number = PayloadType.Sol, instance = 1): Buffer =>
  Buffer.from([payloadType & 0x3f, instance & 0x0f, 0, 0, 0, 0]);

export function decodeDeactivatePayloadRequest(data: Buffer): DeactivatePayloadRequest {
  const r = new ByteReader(data, 0, 'Deactivate Payload request');
  return { payloadType: r.u8('payload type') & 0x3f, instance: r.u8('instance') & 0x0f };
}
