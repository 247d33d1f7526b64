/**
 * TFTP packets: RFC 1350 §5 (RRQ, WRQ, DATA, ACK, ERROR) and RFC 2347 (OACK, options appended to a
 * request as NUL-terminated name/value pairs). Decoding never trusts the datagram: anything that is not
 * exactly one of these shapes raises TftpDecodeError, which the server counts and drops.
 */

export const Opcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** RFC 1350 §5 error codes, plus 8 from RFC 2347 (option negotiation refused). */
export const TftpErrorCode = {
  NotDefined: 0,
  FileNotFound: 1,
  AccessViolation: 2,
  DiskFull: 3,
  IllegalOperation: 4,
  UnknownTransferId: 5,
  FileExists: 6,
  NoSuchUser: 7,
  OptionNegotiation: 8,
} as const;

export type TransferMode = 'netascii' | 'octet' | 'mail';

export type TftpPacket =
  | { op: 'RRQ' | 'WRQ'; filename: string; mode: string; options: Map<string, string> }
  | { op: 'DATA'; block: number; data: Buffer }
  | { op: 'ACK'; block: number }
  | { op: 'ERROR'; code: number; message: string }
  | { op: 'OACK'; options: Map<string, string> };

export class TftpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TftpDecodeError';
  }
}

/** Largest data block RFC 2348 allows (65535 minus IP and UDP headers: 65464). */
export const MAX_BLKSIZE = 65464;

export function decodePacket(buf: Buffer): TftpPacket {
  if (buf.length < 4) throw new TftpDecodeError(`datagram of ${buf.length} bytes is shorter than any TFTP packet`);
  const opcode = buf.readUInt16BE(0);
  switch (opcode) {
    case Opcode.RRQ:
    case Opcode.WRQ: {
      const strings = nulStrings(buf, 2);
      if (strings.length < 2) throw new TftpDecodeError('request lacks a filename or mode');
      const [filename, mode, ...rest] = strings;
      if (filename === '') throw new TftpDecodeError('request has an empty filename');
      if (rest.length % 2 !== 0) throw new TftpDecodeError('request options are not name/value pairs');
      return { op: opcode === Opcode.RRQ ? 'RRQ' : 'WRQ', filename, mode: mode.toLowerCase(), options: optionMap(rest) };
    }
    case Opcode.DATA:
      if (buf.length > 4 + MAX_BLKSIZE) throw new TftpDecodeError('DATA block larger than 65464 bytes');
      return { op: 'DATA', block: buf.readUInt16BE(2), data: buf.subarray(4) };
    case Opcode.ACK:
      if (buf.length !== 4) throw new TftpDecodeError(`ACK of ${buf.length} bytes (expected 4)`);
      return { op: 'ACK', block: buf.readUInt16BE(2) };
    case Opcode.ERROR: {
      const code = buf.readUInt16BE(2);
      // RFC 1350 wants a NUL-terminated message; some stacks omit the NUL, which costs nothing to accept.
      const end = buf.indexOf(0, 4);
      return { op: 'ERROR', code, message: buf.toString('utf8', 4, end === -1 ? buf.length : end) };
    }
    case Opcode.OACK: {
      const strings = nulStrings(buf, 2);
      if (strings.length % 2 !== 0) throw new TftpDecodeError('OACK options are not name/value pairs');
      return { op: 'OACK', options: optionMap(strings) };
    }
    default:
      throw new TftpDecodeError(`unknown opcode ${opcode}`);
  }
}

/** The NUL-terminated strings from `offset` to the end; the datagram must end with a NUL. */
function nulStrings(buf: Buffer, offset: number): string[] {
  if (buf.length <= offset || buf[buf.length - 1] !== 0) throw new TftpDecodeError('strings are not NUL-terminated');
  const out: string[] = [];
  let start = offset;
  while (start < buf.length) {
    const end = buf.indexOf(0, start);
    out.push(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

/** RFC 2347: option names are case-insensitive; the first occurrence of a name wins. */
function optionMap(pairs: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i].toLowerCase();
    if (name === '') throw new TftpDecodeError('empty option name');
    if (!map.has(name)) map.set(name, pairs[i + 1]);
  }
  return map;
}

export function encodeData(block: number, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + data.length);
  out.writeUInt16BE(Opcode.DATA, 0);
  out.writeUInt16BE(block & 0xffff, 2);
  data.copy(out, 4);
  return out;
}

export function encodeAck(block: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt16BE(Opcode.ACK, 0);
  out.writeUInt16BE(block & 0xffff, 2);
  return out;
}

export function encodeError(code: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const out = Buffer.alloc(5 + text.length);
  out.writeUInt16BE(Opcode.ERROR, 0);
  out.writeUInt16BE(code, 2);
  text.copy(out, 4);
  return out;
}

export function encodeOack(options: ReadonlyMap<string, string>): Buffer {
  return Buffer.concat([u16(Opcode.OACK), ...[...options].flatMap(([k, v]) => [cstr(k), cstr(v)])]);
}

/** A read or write request (used by tests and any client built on this codec). */
export function encodeRequest(op: 'RRQ' | 'WRQ', filename: string, mode: string, options: ReadonlyMap<string, string> = new Map()): Buffer {
  return Buffer.concat([u16(op === 'RRQ' ? Opcode.RRQ : Opcode.WRQ), cstr(filename), cstr(mode), ...[...options].flatMap(([k, v]) => [cstr(k), cstr(v)])]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.alloc(1)]);
}
