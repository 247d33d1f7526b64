/**
 * IPMI LAN message (§13.8): the IPMB-style frame that travels inside both
 * the IPMI 1.5 session wrapper and an RMCP+ payload of type IPMI.
 *
 *   request : rsAddr | netFn<<2|rsLUN | chk1 | rqAddr | rqSeq<<2|rqLUN | cmd | data…        | chk2
 *   response: rqAddr | netFn<<2|rqLUN | chk1 | rsAddr | rqSeq<<2|rsLUN | cmd | cc | data… | chk2
 *
 * chk1 covers the first two bytes, chk2 everything after chk1 (§13.8: 2's complement checksums, as on IPMB).
 */
import { BMC_SLAVE_ADDRESS, REMOTE_CONSOLE_SWID } from './ipmi.constants';
import { IpmiDecodeError } from './ipmi-error';

export interface IpmiRequest {
  netFn: number;
  cmd: number;
  data: Buffer;
  /** 6-bit requester sequence: the only thing that pairs a response with its request (§13.8). */
  rqSeq: number;
  rsAddr?: number;
  rqAddr?: number;
  rsLun?: number;
  rqLun?: number;
}

export interface IpmiResponse {
  /** Response netFn (request netFn + 1). */
  netFn: number;
  cmd: number;
  rqSeq: number;
  completionCode: number;
  data: Buffer;
  rsAddr?: number;
  rqAddr?: number;
  rsLun?: number;
  rqLun?: number;
}

/** Two's-complement checksum: the covered bytes plus the checksum sum to 0 mod 256. */
export function ipmiChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum = (sum + bytes[i]) & 0xff;
  return (0x100 - sum) & 0xff;
}

function frame(a: number, netFnLun: number, b: number, seqLun: number, cmd: number, body: Buffer): Buffer {
  const out = Buffer.alloc(7 + body.length);
  out[0] = a;
  out[1] = netFnLun;
  out[2] = ipmiChecksum(out, 0, 2);
  out[3] = b;
  out[4] = seqLun;
  out[5] = cmd;
  body.copy(out, 6);
  out[out.length - 1] = ipmiChecksum(out, 3, out.length - 1);
  return out;
}

export function encodeIpmiRequest(req: IpmiRequest): Buffer {
  return frame(
    req.rsAddr ?? BMC_SLAVE_ADDRESS,
    ((req.netFn & 0x3f) << 2) | ((req.rsLun ?? 0) & 3),
    req.rqAddr ?? REMOTE_CONSOLE_SWID,
    ((req.rqSeq & 0x3f) << 2) | ((req.rqLun ?? 0) & 3),
    req.cmd,
    req.data,
  );
}

export function encodeIpmiResponse(rsp: IpmiResponse): Buffer {
  return frame(
    rsp.rqAddr ?? REMOTE_CONSOLE_SWID,
    ((rsp.netFn & 0x3f) << 2) | ((rsp.rqLun ?? 0) & 3),
    rsp.rsAddr ?? BMC_SLAVE_ADDRESS,
    ((rsp.rqSeq & 0x3f) << 2) | ((rsp.rsLun ?? 0) & 3),
    rsp.cmd,
    Buffer.concat([Buffer.from([rsp.completionCode & 0xff]), rsp.data]),
  );
}

/** A response to `req`: netFn + 1, same rqSeq/cmd/LUNs, addresses swapped. */
export function responseTo(req: IpmiRequest, completionCode: number, data: Buffer = Buffer.alloc(0)): IpmiResponse {
  return {
    netFn: req.netFn | 1,
    cmd: req.cmd,
    rqSeq: req.rqSeq,
    completionCode,
    data,
    rqAddr: req.rqAddr,
    rsAddr: req.rsAddr,
    rqLun: req.rqLun,
    rsLun: req.rsLun,
  };
}

function checkFrame(buf: Buffer, what: string): void {
  if (buf.length < 7) throw new IpmiDecodeError(`${what}: ${buf.length} bytes is shorter than a header`);
  if (ipmiChecksum(buf, 0, 3) !== 0) throw new IpmiDecodeError(`${what}: header checksum mismatch`);
  if (ipmiChecksum(buf, 3, buf.length) !== 0) throw new IpmiDecodeError(`${what}: data checksum mismatch`);
}

export function decodeIpmiRequest(buf: Buffer): IpmiRequest {
  checkFrame(buf, 'IPMI request');
  return {
    rsAddr: buf[0],
    netFn: buf[1] >> 2,
    rsLun: buf[1] & 3,
    rqAddr: buf[3],
    rqSeq: buf[4] >> 2,
    rqLun: buf[4] & 3,
    cmd: buf[5],
    data: Buffer.from(buf.subarray(6, buf.length - 1)),
  };
}

export function decodeIpmiResponse(buf: Buffer): IpmiResponse {
  checkFrame(buf, 'IPMI response');
  if (buf.length < 8) throw new IpmiDecodeError('IPMI response: no completion code');
  return {
    rqAddr: buf[0],
    netFn: buf[1] >> 2,
    rqLun: buf[1] & 3,
    rsAddr: buf[3],
    rqSeq: buf[4] >> 2,
    rsLun: buf[4] & 3,
    cmd: buf[5],
    completionCode: buf[6],
    data: Buffer.from(buf.subarray(7, buf.length - 1)),
  };
}

/** Requests have an even netFn, responses an odd one (§5.1); a BMC uses this to drop stray responses. */
export function isResponseFrame(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[1] >> 2) & 1) === 1;
}
