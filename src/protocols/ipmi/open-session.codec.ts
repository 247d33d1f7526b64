/**
 * RMCP+ Open Session Request (§13.17) and Response (§13.18): the remote console proposes one algorithm of each
 * kind and its session ID (SIDm); the BMC answers with the algorithms it accepts, the maximum privilege the
 * session may reach, and its own session ID (SIDc).
 */
import { ByteReader, u32le } from './byte-reader';
import { IpmiDecodeError } from './ipmi-error';

export interface OpenSessionRequest {
  tag: number;
  /** Requested maximum privilege (§13.17 byte 2); 0 asks for the highest level matching the proposed suite. */
  maxPrivilege: number;
  /** SIDm: the ID the BMC puts in every packet it sends us. */
  consoleSessionId: number;
  auth: number;
  integrity: number;
  confidentiality: number;
}

export interface OpenSessionResponse {
  tag: number;
  /** RMCP+ status (§13.24); when non-zero the fields after consoleSessionId are absent. */
  status: number;
  /**
   * Maximum privilege the BMC grants. OpenIPMI's ipmi_sim answers 0 here (not a privilege level), which is why
   * clients must treat 0 as "not reported" rather than as a refusal.
   */
  maxPrivilege: number;
  consoleSessionId: number;
  /** SIDc: the ID we put in every packet we send the BMC. */
  bmcSessionId: number;
  auth: number;
  integrity: number;
  confidentiality: number;
}

/** §13.17: each algorithm travels as an 8-byte record: type, 2 reserved, length 08h, algorithm, 3 reserved. */
function algorithmRecord(kind: 0 | 1 | 2, alg: number): Buffer {
  return Buffer.from([kind, 0, 0, 0x08, alg & 0x3f, 0, 0, 0]);
}

function readAlgorithmRecord(r: ByteReader, kind: 0 | 1 | 2): number {
  const rec = r.bytes(8, `algorithm record ${kind}`);
  if (rec[0] !== kind) throw new IpmiDecodeError(`Open Session: algorithm record type ${rec[0]} where ${kind} was expected`);
  return rec[4] & 0x3f;
}

export function encodeOpenSessionRequest(m: OpenSessionRequest): Buffer {
  return Buffer.concat([
    Buffer.from([m.tag & 0xff, m.maxPrivilege & 0x0f, 0, 0]),
    u32le(m.consoleSessionId),
    algorithmRecord(0, m.auth),
    algorithmRecord(1, m.integrity),
    algorithmRecord(2, m.confidentiality),
  ]);
}

export function decodeOpenSessionRequest(buf: Buffer): OpenSessionRequest {
  const r = new ByteReader(buf, 0, 'Open Session Request');
  const tag = r.u8('tag');
  const maxPrivilege = r.u8('privilege') & 0x0f;
  r.skip(2);
  const consoleSessionId = r.u32('SIDm');
  return {
    tag,
    maxPrivilege,
    consoleSessionId,
    auth: readAlgorithmRecord(r, 0),
    integrity: readAlgorithmRecord(r, 1),
    confidentiality: readAlgorithmRecord(r, 2),
  };
}

export function encodeOpenSessionResponse(m: OpenSessionResponse): Buffer {
  const head = Buffer.concat([Buffer.from([m.tag & 0xff, m.status & 0xff, m.maxPrivilege & 0x0f, 0]), u32le(m.consoleSessionId)]);
  if (m.status !== 0) return head;
  return Buffer.concat([
    head,
    u32le(m.bmcSessionId),
    algorithmRecord(0, m.auth),
    algorithmRecord(1, m.integrity),
    algorithmRecord(2, m.confidentiality),
  ]);
}

export function decodeOpenSessionResponse(buf: Buffer): OpenSessionResponse {
  const r = new ByteReader(buf, 0, 'Open Session Response');
  const tag = r.u8('tag');
  const status = r.u8('status');
  // ipmi_sim cuts an error response after the status byte (2 bytes in all); SIDm is then unknown (0).
  if (status !== 0 && r.remaining < 6) return { tag, status, maxPrivilege: 0, consoleSessionId: 0, bmcSessionId: 0, auth: 0, integrity: 0, confidentiality: 0 };
  const maxPrivilege = r.u8('privilege') & 0x0f;
  r.skip(1);
  const consoleSessionId = r.u32('SIDm');
  if (status !== 0) {
    return { tag, status, maxPrivilege, consoleSessionId, bmcSessionId: 0, auth: 0, integrity: 0, confidentiality: 0 };
  }
  const bmcSessionId = r.u32('SIDc');
  return {
    tag,
    status,
    maxPrivilege,
    consoleSessionId,
    bmcSessionId,
    auth: readAlgorithmRecord(r, 0),
    integrity: readAlgorithmRecord(r, 1),
    confidentiality: readAlgorithmRecord(r, 2),
  };
}

/** Where the SIDm sits in a BMC→console pre-session payload (Open Session Response, RAKP 2, RAKP 4): bytes 4–7. */
export function peekConsoleSessionId(payload: Buffer): number | undefined {
  return payload.length >= 8 ? payload.readUInt32LE(4) : undefined;
}
