import { decodePacket, encodeAck, encodeData, encodeError, encodeOack, encodeRequest, TftpDecodeError } from './tftp.codec';
import { negotiate } from './tftp-options';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('TFTP codec (RFC 1350 §5, RFC 2347)', () => {
  it('decodes a read request with options, names lowercased, first occurrence winning', () => {
    // "\0\1" "undionly.kpxe\0" "octet\0" "BLKSIZE\0" "1432\0" "tsize\0" "0\0" "blksize\0" "8\0"
    const wire = Buffer.concat([hex('0001'), Buffer.from('undionly.kpxe\0OcTeT\0BLKSIZE\x001432\0tsize\x000\0blksize\x008\0', 'latin1')]);
    expect(decodePacket(wire)).toEqual({
      op: 'RRQ',
      filename: 'undionly.kpxe',
      mode: 'octet',
      options: new Map([
        ['blksize', '1432'],
        ['tsize', '0'],
      ]),
    });
  });

  it.each([
    ['too short', hex('0001')],
    ['unknown opcode', hex('0009 0000')],
    ['request without NUL at the end', Buffer.from('\0\x01file\0octet', 'latin1')],
    ['request without mode', Buffer.from('\0\x01file\0', 'latin1')],
    ['request with an empty filename', Buffer.from('\0\x01\0octet\0', 'latin1')],
    ['request with a dangling option name', Buffer.from('\0\x01f\0octet\0blksize\0', 'latin1')],
    ['ACK of the wrong length', hex('0004 0001 00')],
    ['OACK with a dangling name', Buffer.from('\0\x06blksize\0', 'latin1')],
  ])('rejects a malformed datagram: %s', (_name, wire) => {
    expect(() => decodePacket(wire)).toThrow(TftpDecodeError);
  });

  it('encodes DATA/ACK with the block number modulo 65536 (rollover)', () => {
    expect(encodeData(65536, Buffer.from('ab'))).toEqual(hex('0003 0000 6162'));
    expect(encodeData(65537, Buffer.alloc(0))).toEqual(hex('0003 0001'));
    expect(encodeAck(65535)).toEqual(hex('0004 ffff'));
  });

  it('round-trips ERROR, OACK and requests', () => {
    expect(encodeError(2, 'no')).toEqual(hex('0005 0002 6e6f 00'));
    expect(decodePacket(encodeError(1, 'file not found'))).toEqual({ op: 'ERROR', code: 1, message: 'file not found' });
    const opts = new Map([['blksize', '1468'], ['windowsize', '4']]);
    expect(decodePacket(encodeOack(opts))).toEqual({ op: 'OACK', options: opts });
    expect(decodePacket(encodeRequest('WRQ', 'x', 'netascii'))).toEqual({ op: 'WRQ', filename: 'x', mode: 'netascii', options: new Map() });
  });

  it('accepts an ERROR without the trailing NUL (seen from embedded stacks)', () => {
    expect(decodePacket(hex('0005 0000 6869'))).toEqual({ op: 'ERROR', code: 0, message: 'hi' });
  });
});

describe('option negotiation (RFC 2348, 2349, 7440)', () => {
  const limits = { maxBlksize: 1468, maxWindowsize: 16, defaultTimeoutMs: 1000 };

  it('accepts what it can, capping blksize and windowsize, and answers tsize with the file size', () => {
    const n = negotiate(new Map([['blksize', '65464'], ['tsize', '0'], ['timeout', '3'], ['windowsize', '64'], ['multicast', '']]), 74213, limits);
    expect(n).toEqual({
      blksize: 1468,
      windowsize: 16,
      timeoutMs: 3000,
      oack: new Map([['blksize', '1468'], ['timeout', '3'], ['tsize', '74213'], ['windowsize', '16']]),
    });
  });

  it.each([
    ['blksize', '7'],
    ['blksize', '65465'],
    ['blksize', 'big'],
    ['timeout', '0'],
    ['timeout', '256'],
    ['windowsize', '0'],
    ['windowsize', '65536'],
    ['tsize', '-1'],
  ])('leaves out of range %s=%s out of the OACK (defaults apply)', (name, value) => {
    expect(negotiate(new Map([[name, value]]), 10, limits)).toEqual({ blksize: 512, windowsize: 1, timeoutMs: 1000 });
  });
});

describe('decodePacket on mutated datagrams', () => {
  it('returns a packet or throws TftpDecodeError, never anything else (20k mutations of valid packets)', () => {
    const seeds = [
      encodeRequest('RRQ', 'undionly.kpxe', 'octet', new Map([['blksize', '1432'], ['tsize', '0']])),
      encodeData(7, Buffer.alloc(32, 1)),
      encodeAck(9),
      encodeError(1, 'file not found'),
      encodeOack(new Map([['windowsize', '8']])),
    ];
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    let decoded = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = seeds[i % seeds.length];
      const buf = Buffer.from(base.subarray(0, rnd(base.length + 1)));
      for (let k = rnd(4); k > 0 && buf.length > 0; k--) buf[rnd(buf.length)] = rnd(256);
      try {
        decodePacket(buf);
        decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(TftpDecodeError);
      }
    }
    expect(decoded).toBeGreaterThan(1000); // the mutations are not all trivially rejected
  });
});
