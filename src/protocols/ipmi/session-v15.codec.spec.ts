import { decodeSessionV15, encodeSessionV15, isSessionV15 } from './session-v15.codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('IPMI v1.5 session wrapper (§13.6)', () => {
  // The first two datagrams of every capture: ipmitool asks Get Channel Auth Capabilities outside a session.
  const REQUEST = '0600ff07 00 00000000 00000000 09 2018c88100388e04b5';
  const RESPONSE = '0600ff07 00 00000000 00000000 10 811c6320003800019704030000000009';

  it.each([
    ['request', REQUEST, '2018c88100388e04b5'],
    ['response', RESPONSE, '811c6320003800019704030000000009'],
  ])('decodes and re-encodes the captured %s', (_name, wire, message) => {
    const pkt = decodeSessionV15(hex(wire));
    expect(pkt).toMatchObject({ authType: 0, sequence: 0, sessionId: 0 });
    expect(pkt.message.toString('hex')).toBe(message);
    expect(encodeSessionV15(pkt)).toEqual(hex(wire));
    expect(isSessionV15(hex(wire))).toBe(true);
  });

  it('carries a 16-byte auth code for authenticated auth types', () => {
    const pkt = { authType: 2, sequence: 7, sessionId: 9, authCode: Buffer.alloc(16, 0xaa), message: hex('2018c881043b043c') };
    expect(decodeSessionV15(encodeSessionV15(pkt))).toEqual(pkt);
  });

  it.each([
    ['an RMCP+ packet', '0600ff0706100000000000000000'],
    ['a message length beyond the datagram', '0600ff07000000000000000000ff2018'],
  ])('rejects %s', (_name, wire) => {
    expect(() => decodeSessionV15(hex(wire))).toThrow(expect.objectContaining({ name: 'IpmiDecodeError' }));
  });
});
