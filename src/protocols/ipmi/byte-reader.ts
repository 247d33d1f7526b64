/**
 * Bounds-checked reading of little-endian wire data. IPMI multi-byte fields are least-significant byte first
 * (§13.6 "Session ID ... LS-byte first"), and every read of untrusted data must fail as IpmiDecodeError,
 * never as a RangeError deep in a handler.
 */
import { IpmiDecodeError } from './ipmi-error';

export class ByteReader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
    private readonly what = 'packet',
  ) {
    this.pos = offset;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new IpmiDecodeError(`${this.what}: truncated at ${field} (offset ${this.pos}, need ${n}, have ${this.remaining})`);
    }
  }

  u8(field = 'byte'): number {
    this.need(1, field);
    return this.buf[this.pos++];
  }

  u16(field = 'u16'): number {
    this.need(2, field);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(field = 'u32'): number {
    this.need(4, field);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Big-endian 32 bits: only ASF fields (IANA numbers) are network order. */
  u32be(field = 'u32be'): number {
    this.need(4, field);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number, field = 'bytes'): Buffer {
    this.need(n, field);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number, field = 'reserved'): void {
    this.need(n, field);
    this.pos += n;
  }

  rest(): Buffer {
    const v = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return v;
  }
}

/** Little-endian u16 / u32 as fresh buffers, for building packets with Buffer.concat. */
export function u16le(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v & 0xffff);
  return b;
}

export function u32le(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
