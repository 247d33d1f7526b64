/**
 * RMCP+ session wrapper, integrity and AES-CBC-128: known answers from ipmitool-lanplus-C3-power-status.pcap
 * (ipmitool 1.8.19 ↔ ipmi_sim, cipher suite 3). K1/K2 are the ones rakp.codec.spec.ts derives from the same
 * capture's handshake; with the captured IV, our encoder must reproduce each datagram byte for byte.
 * The suite 17 packet was built with Python (cryptography + hmac), independently of this code.
 */
import { ConfidentialityAlg, IntegrityAlg } from './cipher-suites';
import { decodeIpmiRequest, decodeIpmiResponse } from './ipmi-message.codec';
import { PayloadType } from './ipmi.constants';
import { confidentialityPad, SessionCrypto } from './payload-crypto';
import { decodeRmcpPlusEnvelope, encodeRmcpPlus, isRmcpPlus, openRmcpPlus, peekRmcpPlusSessionId } from './rmcpplus.codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const C3: SessionCrypto = {
  integrity: IntegrityAlg.HmacSha1_96,
  confidentiality: ConfidentialityAlg.AesCbc128,
  k1: hex('b148d0fdec7ded470693a85297e6ad80d939f086'),
  k2: hex('ea78496aa94ff59d578388663eff62ec'),
};

/** [datagram, IV, decrypted IPMI message, direction]. */
const C3_PACKETS: [string, string, string, 'rq' | 'rs'][] = [
  // Set Session Privilege Level (App 3Bh) to ADMIN, and its answer
  ['0600ff0706c00200000003000000200024b66c8df42242396415f12543e928576b9dd90c50807de0e03c811a6a02f4f2ffff020711657994d77797b3911caa8e', '24b66c8df42242396415f12543e92857', '2018c881043b043c', 'rq'],
  ['0600ff0706c0a4a3a2a00100000020004e477487d0af82dc32015bc6a0d974de061447f043ad3a94ac474ed3df7cdfbdffff0207c06fe189385bbbb8c9c2fb31', '4e477487d0af82dc32015bc6a0d974de', '811c6320043b00049d', 'rs'],
  // Get Device ID, whose answer spans two AES blocks
  ['0600ff0706c0020000000500000020000a2dcef81fe9cd2b7f3e53bc14ac6d12bd865f8caa4e74d8e73b58a0dddd3780ffff02073507387453e10e38372525c4', '0a2dcef81fe9cd2b7f3e53bc14ac6d12', '2018c8810c0172', 'rq'],
  ['0600ff0706c0a4a3a2a0030000003000acc35cb56f948d05860df60cff9fdc27c3dcf7ab415c1690a76bcca5d1f8ef662315130e10157e7a6f93d2818328fcf3ffff02075ae41545b1e095e8acf1d034', 'acc35cb56f948d05860df60cff9fdc27', '811c63200c010000030908029f911200020f000000006a', 'rs'],
  // Get Chassis Status (Chassis 01h): power is off
  ['0600ff0706c002000000080000002000a309b7e5471e9613893704c67f6fec8fe61208f21d92232713f571d659a3acd4ffff0207e3c52ffeba2b9326f4197969', 'a309b7e5471e9613893704c67f6fec8f', '2000e081180166', 'rq'],
  ['0600ff0706c0a4a3a2a0060000002000098828d7f5a10ba808fcf14d500780935a1e6f314dcce1c440eb889ca81a422effff02076c5207164163ff6ca9e5c5ae', '098828d7f5a10ba808fcf14d50078093', '81047b20180100000000c7', 'rs'],
  // Close Session (App 3Ch) of SIDc 2
  ['0600ff0706c00200000009000000200063c24f7ba5904f0b4e1309c16ec1988866e65946d38c6c5348ab1373bf8f1f9cffff02073a34fdc4a628cd2d6943c7bf', '63c24f7ba5904f0b4e1309c16ec19888', '2018c8811c3c0200000025', 'rq'],
];

describe('RMCP+ with cipher suite 3 (capture known answers)', () => {
  it.each(C3_PACKETS)('decrypts and re-encodes %s', (datagram, iv, message, dir) => {
    const buf = hex(datagram);
    expect(isRmcpPlus(buf)).toBe(true);
    const env = decodeRmcpPlusEnvelope(buf, C3.integrity);
    expect(env).toMatchObject({ payloadType: PayloadType.Ipmi, encrypted: true, authenticated: true });
    expect(peekRmcpPlusSessionId(buf)).toBe(env.sessionId);
    const plain = openRmcpPlus(env, C3);
    expect(plain.toString('hex')).toBe(message);
    // Each frame also passes its IPMI checksums.
    expect(() => (dir === 'rq' ? decodeIpmiRequest(plain) : decodeIpmiResponse(plain))).not.toThrow();
    expect(encodeRmcpPlus({ payloadType: env.payloadType, sessionId: env.sessionId, sequence: env.sequence, payload: plain }, C3, hex(iv))).toEqual(buf);
  });

  it('reads the chassis power state out of the decrypted Get Chassis Status answer', () => {
    const rsp = decodeIpmiResponse(openRmcpPlus(decodeRmcpPlusEnvelope(hex(C3_PACKETS[5][0]), C3.integrity), C3));
    expect(rsp).toMatchObject({ netFn: 0x01, cmd: 0x01, completionCode: 0 });
    expect(rsp.data[0] & 1).toBe(0);
  });

  it.each([
    ['a flipped ciphertext bit', (b: Buffer) => (b[20] ^= 1)],
    ['a flipped AuthCode bit', (b: Buffer) => (b[b.length - 1] ^= 1)],
    ['a changed sequence number', (b: Buffer) => (b[10] ^= 1)],
  ])('rejects %s (integrity check)', (_name, mutate) => {
    const buf = Buffer.from(hex(C3_PACKETS[0][0]));
    mutate(buf);
    expect(() => openRmcpPlus(decodeRmcpPlusEnvelope(buf, C3.integrity), C3)).toThrow(/integrity check failed/);
  });

  it('rejects an unauthenticated packet inside an authenticated session', () => {
    const plain = encodeRmcpPlus({ payloadType: 0, sessionId: 2, sequence: 3, payload: hex('2018c881043b043c') });
    expect(() => openRmcpPlus(decodeRmcpPlusEnvelope(plain, C3.integrity), C3)).toThrow(/not authenticated/);
  });
});

describe('RMCP+ with cipher suite 17 (HMAC-SHA256-128 + AES-CBC-128)', () => {
  const C17: SessionCrypto = {
    integrity: IntegrityAlg.HmacSha256_128,
    confidentiality: ConfidentialityAlg.AesCbc128,
    k1: hex('a21a5fc5f6cffa4a6c7d9d472937940bdf1730c45300043e3abd56a16795f617'),
    k2: hex('87a714d1cd128be51c1c40515cc99710d70eead9d28d94f3426000426072e69d'),
  };
  const packet =
    '0600ff0706c002010000010000002000a0a1a2a3a4a5a6a7a8a9aaabacadaeaf71d6c4f34fa0be26d1241fdbf71cdeebffff0207503f7410343d534022510d490914cf25';

  it('matches an independently built Get Chassis Status request', () => {
    const out = encodeRmcpPlus({ payloadType: 0, sessionId: 0x102, sequence: 1, payload: hex('2000e08104017a') }, C17, hex('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf'));
    expect(out.toString('hex')).toBe(packet);
    expect(openRmcpPlus(decodeRmcpPlusEnvelope(out, C17.integrity), C17).toString('hex')).toBe('2000e08104017a');
  });
});

describe('RMCP+ framing', () => {
  it('sends pre-session payloads in the clear with session ID 0 (captured Open Session Request)', () => {
    const payload = hex('00000000a4a3a2a0000000080100000001000008010000000200000801000000');
    const out = encodeRmcpPlus({ payloadType: PayloadType.OpenSessionRequest, sessionId: 0, sequence: 0, payload });
    expect(out.toString('hex')).toBe('0600ff07061000000000000000002000' + payload.toString('hex'));
  });

  it.each([0, 1, 14, 15, 16, 17, 31])('pads %i data bytes to whole AES blocks with 1, 2, 3 … and a length byte', (n) => {
    const pad = confidentialityPad(n);
    expect((n + pad.length) % 16).toBe(0);
    expect(pad[pad.length - 1]).toBe(pad.length - 1);
    expect([...pad.subarray(0, -1)]).toEqual(Array.from({ length: pad.length - 1 }, (_, i) => i + 1));
  });

  it.each([
    ['truncated header', '0600ff0706c0020000'],
    ['payload length beyond the datagram', '0600ff0706000200000003000000ff00'],
    ['wrong RMCP version', '0700ff07061000000000000000000000'],
  ])('rejects %s', (_name, h) => {
    expect(() => decodeRmcpPlusEnvelope(hex(h), IntegrityAlg.HmacSha1_96)).toThrow(expect.objectContaining({ name: 'IpmiDecodeError' }));
  });
});
