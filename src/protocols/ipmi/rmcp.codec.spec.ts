import { decodeAsfMessage, decodeRmcpHeader, encodeAsfPing, encodeAsfPong, encodeRmcpAck, encodeRmcpHeader } from './rmcp.codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('RMCP header (§13.1)', () => {
  it.each([
    ['IPMI, no ACK (every captured datagram starts so)', encodeRmcpHeader(0x07), '0600ff07', { sequence: 0xff, messageClass: 0x07, isAck: false }],
    ['ASF with sequence 5', encodeRmcpHeader(0x06, 5), '06000506', { sequence: 5, messageClass: 0x06, isAck: false }],
    ['an RMCP ACK', encodeRmcpAck(0x06, 5), '06000586', { sequence: 5, messageClass: 0x06, isAck: true }],
  ])('%s', (_name, bytes, wire, decoded) => {
    expect(bytes.toString('hex')).toBe(wire);
    expect(decodeRmcpHeader(bytes)).toEqual(decoded);
  });

  it.each(['', '06', '0500ff07'])('rejects %j', (h) => {
    expect(() => decodeRmcpHeader(hex(h))).toThrow(expect.objectContaining({ name: 'IpmiDecodeError' }));
  });
});

describe('ASF presence ping / pong (ASF 2.0 §3.2.4.3)', () => {
  it('encodes the 12-byte ping with IANA 4542 in network order', () => {
    expect(encodeAsfPing(0x2a).toString('hex')).toBe('0600ff06' + '000011be' + '802a0000');
    expect(decodeAsfMessage(encodeAsfPing(0x2a))).toEqual({ type: 'ping', tag: 0x2a });
  });

  it('round-trips a pong that says "IPMI supported"', () => {
    const pong = encodeAsfPong({ tag: 0x2a, ipmiSupported: true, asfVersion: 1, supportedInteractions: 0 });
    expect(pong).toHaveLength(28);
    expect(pong.subarray(4, 12).toString('hex')).toBe('000011be402a0010');
    expect(decodeAsfMessage(pong)).toEqual({
      type: 'pong',
      tag: 0x2a,
      enterprise: 4542,
      oemDefined: 0,
      ipmiSupported: true,
      asfVersion: 1,
      supportedInteractions: 0,
    });
  });

  it.each([
    ['a wrong IANA', '0600ff06000011bf802a0000'],
    ['a truncated pong', '0600ff06000011be402a0010000011be'],
    ['an IPMI-class datagram', '0600ff07000011be802a0000'],
  ])('rejects %s', (_name, h) => {
    expect(() => decodeAsfMessage(hex(h))).toThrow(expect.objectContaining({ name: 'IpmiDecodeError' }));
  });
});
