/**
 * The DHCPv4 message format (RFC 2131 §2, Figure 1) with its options field (RFC 2132 §2):
 * decode any datagram into a DhcpPacket or throw DhcpDecodeError, and encode one back.
 *
 * Decoding follows the RFCs' structure rules and nothing else (what a message *means* is
 * dhcp-request.ts): pad and end options (RFC 2132 §3.1–3.2), option overload into `file`/`sname`
 * (RFC 2132 §9.3, read in the order options → file → sname per RFC 2131 §4.1), and long options split
 * over several instances that must be concatenated (RFC 3396 §7).
 */
import { BOOTP_HEADER_LENGTH, BOOTP_MIN_LENGTH, DhcpOption, MAGIC_COOKIE, OPTIONS_OFFSET } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { ipToInt } from './ipv4-subnet';

export interface DhcpPacket {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** The 16-byte chaddr field as sent (a view into the datagram; the hardware address is its first `hlen` bytes). */
  chaddr: Buffer;
  sname: string;
  file: string;
  /** Option code → value, in order of first appearance, instances concatenated (RFC 3396). */
  options: Map<number, Buffer>;
}

const SNAME_OFFSET = 44;
const FILE_OFFSET = 108;

export function ipFromBytes(buf: Buffer, offset = 0): string {
  return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}

/** Dotted quad → 4 bytes. The caller validates addresses (config, inventory); this only packs them. */
export function ipToBytes(ip: string): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(ipToInt(ip));
  return b;
}

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('latin1', start, end === -1 || end > start + length ? start + length : end);
}

/** Reads one options area into `into`; returns true when an End option was seen. */
function readOptions(buf: Buffer, start: number, end: number, into: Map<number, Buffer[]>, area: string): boolean {
  let pos = start;
  while (pos < end) {
    const code = buf[pos];
    if (code === DhcpOption.Pad) {
      pos += 1;
      continue;
    }
    if (code === DhcpOption.End) return true;
    if (pos + 1 >= end) throw new DhcpDecodeError(`${area}: option ${code} has no length byte`);
    const len = buf[pos + 1];
    if (pos + 2 + len > end) throw new DhcpDecodeError(`${area}: option ${code} (length ${len}) runs past the end`);
    const list = into.get(code);
    const value = buf.subarray(pos + 2, pos + 2 + len);
    if (list) list.push(value);
    else into.set(code, [value]);
    pos += 2 + len;
  }
  // A missing End option is tolerated at the end of the datagram (several embedded clients omit it);
  // inside `file`/`sname` the field simply ends.
  return false;
}

/** Decodes a datagram; throws DhcpDecodeError for anything that is not a well-formed DHCP message. */
export function decodeDhcpPacket(buf: Buffer): DhcpPacket {
  if (buf.length < OPTIONS_OFFSET) {
    throw new DhcpDecodeError(`truncated: ${buf.length} bytes, a DHCP message has at least ${OPTIONS_OFFSET}`);
  }
  if (buf.readUInt32BE(BOOTP_HEADER_LENGTH) !== MAGIC_COOKIE) {
    // RFC 2131 §3: without the cookie this is plain BOOTP (RFC 951), which hwctl does not serve.
    throw new DhcpDecodeError('no DHCP magic cookie (plain BOOTP)', 'unsupported');
  }
  const raw = new Map<number, Buffer[]>();
  readOptions(buf, OPTIONS_OFFSET, buf.length, raw, 'options');
  const overload = raw.get(DhcpOption.Overload);
  let overloaded = 0;
  if (overload) {
    const v = overload[0];
    if (v.length !== 1 || v[0] < 1 || v[0] > 3) throw new DhcpDecodeError('option 52 (overload) must be one byte 1..3');
    overloaded = v[0];
    if (overloaded & 1) readOptions(buf, FILE_OFFSET, FILE_OFFSET + 128, raw, 'file');
    if (overloaded & 2) readOptions(buf, SNAME_OFFSET, SNAME_OFFSET + 64, raw, 'sname');
  }
  const options = new Map<number, Buffer>();
  for (const [code, parts] of raw) options.set(code, parts.length === 1 ? parts[0] : Buffer.concat(parts));
  return {
    op: buf[0],
    htype: buf[1],
    hlen: buf[2],
    hops: buf[3],
    xid: buf.readUInt32BE(4),
    secs: buf.readUInt16BE(8),
    flags: buf.readUInt16BE(10),
    ciaddr: ipFromBytes(buf, 12),
    yiaddr: ipFromBytes(buf, 16),
    siaddr: ipFromBytes(buf, 20),
    giaddr: ipFromBytes(buf, 24),
    chaddr: buf.subarray(28, 44),
    sname: overloaded & 2 ? '' : cString(buf, SNAME_OFFSET, 64),
    file: overloaded & 1 ? '' : cString(buf, FILE_OFFSET, 128),
    options,
  };
}

export interface DhcpPacketInit {
  op: number;
  htype?: number;
  hlen?: number;
  hops?: number;
  xid: number;
  secs?: number;
  flags?: number;
  ciaddr?: string;
  yiaddr?: string;
  siaddr?: string;
  giaddr?: string;
  chaddr: Buffer;
  sname?: string;
  file?: string;
  /** Written in iteration order; values over 255 bytes are split into several instances (RFC 3396 §5). */
  options: Iterable<[number, Buffer]>;
}

/** Bytes one option takes on the wire: code and length per instance, a value over 255 bytes in several (RFC 3396 §5). */
export function encodedOptionLength(value: Buffer): number {
  return value.length === 0 ? 2 : value.length + 2 * Math.ceil(value.length / 255);
}

function optionsLength(options: Iterable<[number, Buffer]>): number {
  let n = 1; // End
  for (const [, v] of options) n += encodedOptionLength(v);
  return n;
}

/** Encodes a message; the result is at least 300 bytes (RFC 951 minimum, see BOOTP_MIN_LENGTH). */
export function encodeDhcpPacket(p: DhcpPacketInit): Buffer {
  const opts = [...p.options];
  const buf = Buffer.alloc(Math.max(BOOTP_MIN_LENGTH, OPTIONS_OFFSET + optionsLength(opts)));
  buf[0] = p.op;
  buf[1] = p.htype ?? 1;
  buf[2] = p.hlen ?? 6;
  buf[3] = p.hops ?? 0;
  buf.writeUInt32BE(p.xid >>> 0, 4);
  buf.writeUInt16BE(p.secs ?? 0, 8);
  buf.writeUInt16BE(p.flags ?? 0, 10);
  if (p.ciaddr) buf.writeUInt32BE(ipToInt(p.ciaddr), 12);
  if (p.yiaddr) buf.writeUInt32BE(ipToInt(p.yiaddr), 16);
  if (p.siaddr) buf.writeUInt32BE(ipToInt(p.siaddr), 20);
  if (p.giaddr) buf.writeUInt32BE(ipToInt(p.giaddr), 24);
  p.chaddr.copy(buf, 28, 0, Math.min(16, p.chaddr.length));
  // sname/file are NUL-terminated: at most 63 / 127 bytes of text.
  if (p.sname) buf.write(p.sname.slice(0, 63), SNAME_OFFSET, 'latin1');
  if (p.file) buf.write(p.file.slice(0, 127), FILE_OFFSET, 'latin1');
  buf.writeUInt32BE(MAGIC_COOKIE, BOOTP_HEADER_LENGTH);
  let pos = OPTIONS_OFFSET;
  for (const [code, value] of opts) {
    if (value.length === 0) {
      buf[pos++] = code;
      buf[pos++] = 0;
      continue;
    }
    for (let off = 0; off < value.length; off += 255) {
      const chunk = value.subarray(off, off + 255);
      buf[pos++] = code;
      buf[pos++] = chunk.length;
      chunk.copy(buf, pos);
      pos += chunk.length;
    }
  }
  buf[pos] = DhcpOption.End;
  return buf;
}
