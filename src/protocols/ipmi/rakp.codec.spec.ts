/**
 * Known-answer tests for the RMCP+ handshake, from captures of ipmitool 1.8.19 and FreeIPMI ipmipower 1.6.10
 * talking to OpenIPMI ipmi_sim (../shared/peers/pcaps, user admin / Password123!). The hex below is the RMCP+
 * payload of each message as captured; verify_rakp.py recomputes the same SIK/K1/K2 from the pcaps.
 * The SHA-256 (cipher suite 17) vector has no capture (ipmi_sim lacks suite 17): it was computed with Python's
 * hmac/hashlib, an implementation independent of this one.
 */
import { AuthAlg } from './cipher-suites';
import { decodeOpenSessionRequest, decodeOpenSessionResponse, encodeOpenSessionRequest, encodeOpenSessionResponse } from './open-session.codec';
import {
  decodeRakp1,
  decodeRakp2,
  decodeRakp3,
  decodeRakp4,
  encodeRakp1,
  encodeRakp2,
  encodeRakp3,
  encodeRakp4,
  rakp2AuthCode,
  rakp3AuthCode,
  rakp4Icv,
  RakpTranscript,
} from './rakp.codec';
import { deriveSessionKeys, userKey } from './session-keys';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

interface CaptureVector {
  name: string;
  openReq: string;
  openRsp: string;
  rakp1: string;
  rakp2: string;
  rakp3: string;
  rakp4: string;
  sik: string;
  k1: string;
  k2: string;
  expect: { suite: [number, number, number]; role: number; sidm: number; sidc: number; maxPrivRsp: number };
}

const CAPTURES: CaptureVector[] = [
  {
    name: 'ipmitool -C 3 chassis power status (ipmitool-lanplus-C3-power-status.pcap)',
    openReq: '00000000a4a3a2a0 0000000801000000 0100000801000000 0200000801000000',
    openRsp: '00000000a4a3a2a0 02000000 0000000801000000 0100000801000000 0200000801000000',
    rakp1: '0000000002000000c549b3e48b75590156609c34ddd12e301400000561646d696e',
    rakp2: '00000000a4a3a2a0d7c173d27fe508885c0bb4c6c3a73d43a123456789abcdefa123456789abcd01e9b9fcc3f6e5862c436dafa2060824a2dbf1ea91',
    rakp3: '000000000200000012d91854290076aef2f5a17abed1055965f5db45',
    rakp4: '00000000a4a3a2a0c1f47a9251ec45e5a0256469',
    sik: '9aa5ec928cce088608cd06a8f8d7652e35676346',
    k1: 'b148d0fdec7ded470693a85297e6ad80d939f086',
    k2: 'ea78496aa94ff59d578388663eff62ec',
    expect: { suite: [1, 1, 1], role: 0x14, sidm: 0xa0a2a3a4, sidc: 0x00000002, maxPrivRsp: 0 },
  },
  {
    name: 'ipmitool -C 1 chassis power on (ipmitool-lanplus-C1-power-on.pcap)',
    openReq: '00000000a4a3a2a0 0000000801000000 0100000800000000 0200000800000000',
    openRsp: '00000000a4a3a2a0 82000000 0000000801000000 0100000800000000 0200000800000000',
    rakp1: '0000000082000000c57a5fedf430ecf8f067b1d874b485a31400000561646d696e',
    rakp2: '00000000a4a3a2a07b509ea91627f7c70334b6911c73c7f0a123456789abcdefa123456789abcd01ecf4cb05676304c2a2ec5c121e597c93961d217c',
    rakp3: '0000000082000000d21c45553790a3e94c41fab631c36f19272ded55',
    rakp4: '00000000a4a3a2a0af8abc8d1910a2fea856d052',
    sik: '33ac758f932cfcb2012c0d447707d16743681bdd',
    k1: 'aa6ebec2616294f1980dfea7513124456035bfff',
    k2: '3249d0f613cb93aec16e9e53281cde34',
    expect: { suite: [1, 0, 0], role: 0x14, sidm: 0xa0a2a3a4, sidc: 0x00000082, maxPrivRsp: 0 },
  },
  {
    name: 'ipmipower -W opensesspriv --stat, operator role (ipmipower-C3-stat.pcap)',
    openReq: '65030000eee0f878 0000000801000000 0100000801000000 0200000801000000',
    openRsp: '65000300eee0f878 82010000 0000000801000000 0100000801000000 0200000801000000',
    rakp1: '66000000820100001afdc80602f116586a9dafc4713639651300000561646d696e',
    rakp2: '66000000eee0f878957dfd68507f8936fbe1f11bc2c1fedca123456789abcdefa123456789abcd015e264279b0aff8c583912c59ebb1a3d26bdecaf4',
    rakp3: '67000000820100007cee86acc1a1bc3a65b7282b80a8a49d4e60a6a5',
    rakp4: '67000000eee0f878f324239b21d70d6af4b09166',
    sik: '8600637b5eb1a44ed3b43a6e78255f9238362f36',
    k1: '30f36b8ba192e44997ffb29955af1dc191032263',
    k2: '293955689533fcd126bd53f7708fbc90',
    expect: { suite: [1, 1, 1], role: 0x13, sidm: 0x78f8e0ee, sidc: 0x00000182, maxPrivRsp: 3 },
  },
];

describe('RAKP known answers from captures (RAKP-HMAC-SHA1)', () => {
  it.each(CAPTURES)('$name', (v) => {
    const openReq = decodeOpenSessionRequest(hex(v.openReq));
    const openRsp = decodeOpenSessionResponse(hex(v.openRsp));
    expect([openReq.auth, openReq.integrity, openReq.confidentiality]).toEqual(v.expect.suite);
    expect(openReq.consoleSessionId).toBe(v.expect.sidm);
    expect(openRsp.status).toBe(0);
    expect(openRsp.maxPrivilege).toBe(v.expect.maxPrivRsp); // ipmi_sim answers 0 to ipmitool's "0 = highest"
    expect(openRsp.bmcSessionId).toBe(v.expect.sidc);
    // Our encoders reproduce the captured bytes exactly.
    expect(encodeOpenSessionRequest(openReq)).toEqual(hex(v.openReq));
    expect(encodeOpenSessionResponse(openRsp)).toEqual(hex(v.openRsp));

    const r1 = decodeRakp1(hex(v.rakp1));
    const r2 = decodeRakp2(hex(v.rakp2), AuthAlg.HmacSha1);
    const r3 = decodeRakp3(hex(v.rakp3), AuthAlg.HmacSha1);
    const r4 = decodeRakp4(hex(v.rakp4), AuthAlg.HmacSha1);
    expect(r1.role).toBe(v.expect.role);
    expect(r1.username.toString()).toBe('admin');
    expect(encodeRakp1(r1)).toEqual(hex(v.rakp1));
    expect(encodeRakp2(r2)).toEqual(hex(v.rakp2));
    expect(encodeRakp3(r3)).toEqual(hex(v.rakp3));
    expect(encodeRakp4(r4)).toEqual(hex(v.rakp4));

    const t: RakpTranscript = {
      auth: AuthAlg.HmacSha1,
      consoleSessionId: openRsp.consoleSessionId,
      bmcSessionId: openRsp.bmcSessionId,
      consoleRandom: r1.consoleRandom,
      bmcRandom: r2.bmcRandom,
      bmcGuid: r2.bmcGuid,
      role: r1.role,
      username: r1.username,
    };
    const kuid = userKey('Password123!');
    expect(rakp2AuthCode(t, kuid)).toEqual(r2.authCode);
    expect(rakp3AuthCode(t, kuid)).toEqual(r3.authCode);
    const keys = deriveSessionKeys({ auth: t.auth, kg: kuid, rm: t.consoleRandom, rc: t.bmcRandom, role: t.role, username: t.username });
    expect(keys.sik.toString('hex')).toBe(v.sik);
    expect(keys.k1.toString('hex')).toBe(v.k1);
    expect(keys.k2.subarray(0, 16).toString('hex')).toBe(v.k2);
    expect(rakp4Icv(t, keys.sik)).toEqual(r4.integrityCheckValue);
    // A wrong password is caught by the console at RAKP 2 (what ipmitool-lanplus-C3-bad-password.pcap shows).
    expect(rakp2AuthCode(t, userKey('Password123?'))).not.toEqual(r2.authCode);
  });
});

describe('RAKP-HMAC-SHA256 (cipher suite 17) known answer', () => {
  const t: RakpTranscript = {
    auth: AuthAlg.HmacSha256,
    consoleSessionId: 0xa0a2a3a4,
    bmcSessionId: 0x102,
    consoleRandom: hex('000102030405060708090a0b0c0d0e0f'),
    bmcRandom: hex('101112131415161718191a1b1c1d1e1f'),
    bmcGuid: hex('a123456789abcdefa123456789abcd01'),
    role: 0x14,
    username: Buffer.from('admin'),
  };
  const kuid = userKey('Password123!');

  it('computes the 32-byte RAKP 2 / 3 auth codes, SIK, K1, K2 and the 16-byte RAKP 4 ICV', () => {
    expect(rakp2AuthCode(t, kuid).toString('hex')).toBe('f000d70bb7182e68b9cc29774cd12043915a2ee0fc05118765e2415d900e842e');
    expect(rakp3AuthCode(t, kuid).toString('hex')).toBe('51c9387547a083c0d784c0bc29bb4bcdf91c687e987cf930cbcbc3601434abdc');
    const keys = deriveSessionKeys({ auth: t.auth, kg: kuid, rm: t.consoleRandom, rc: t.bmcRandom, role: t.role, username: t.username });
    expect(keys.sik.toString('hex')).toBe('4ffaa4143b1818f27d0a972102c89cd6d4337c395a159e61d417f9640195b963');
    expect(keys.k1.toString('hex')).toBe('a21a5fc5f6cffa4a6c7d9d472937940bdf1730c45300043e3abd56a16795f617');
    expect(keys.k2.toString('hex')).toBe('87a714d1cd128be51c1c40515cc99710d70eead9d28d94f3426000426072e69d');
    expect(rakp4Icv(t, keys.sik).toString('hex')).toBe('e06b7a2deaeca57f6c5cf19989313aac');
  });

  it('round-trips RAKP 2 and 4 with SHA-256 field lengths', () => {
    const authCode = rakp2AuthCode(t, kuid);
    const r2 = { tag: 7, status: 0, consoleSessionId: t.consoleSessionId, bmcRandom: t.bmcRandom, bmcGuid: t.bmcGuid, authCode };
    expect(decodeRakp2(encodeRakp2(r2), AuthAlg.HmacSha256)).toEqual(r2);
    const r4 = { tag: 8, status: 0, consoleSessionId: 1, integrityCheckValue: Buffer.alloc(16, 9) };
    expect(decodeRakp4(encodeRakp4(r4), AuthAlg.HmacSha256)).toEqual(r4);
  });
});

describe('RAKP codec edge cases', () => {
  it.each([
    ['RAKP 2 error status ends after SIDm', () => decodeRakp2(hex('00 0d 0000 a4a3a2a0'), AuthAlg.HmacSha1).status, 0x0d],
    ['RAKP 4 error status ends after SIDm', () => decodeRakp4(hex('00 0f 0000 a4a3a2a0'), AuthAlg.HmacSha1).status, 0x0f],
    ['RAKP 3 error status carries no auth code', () => decodeRakp3(hex('00 0f 0000 02000000'), AuthAlg.HmacSha1).authCode.length, 0],
  ])('%s', (_name, run, expected) => {
    expect(run()).toBe(expected);
  });

  it.each([
    ['a truncated RAKP 1', () => decodeRakp1(hex('00000000020000'))],
    ['a RAKP 1 with a 17-byte name', () => decodeRakp1(Buffer.concat([hex('0000000002000000'), Buffer.alloc(16), hex('14000011'), Buffer.alloc(17, 0x61)]))],
    ['a RAKP 2 whose auth code is cut short', () => decodeRakp2(hex(CAPTURES[0].rakp2).subarray(0, 50), AuthAlg.HmacSha1)],
  ])('rejects %s with IpmiDecodeError', (_name, run) => {
    expect(run).toThrow(expect.objectContaining({ name: 'IpmiDecodeError' }));
  });

  it('refuses to encode a 17-byte username and a 21-byte password', () => {
    expect(() => encodeRakp1({ tag: 0, bmcSessionId: 1, consoleRandom: Buffer.alloc(16), role: 0x14, username: Buffer.alloc(17, 0x61) })).toThrow(RangeError);
    expect(() => userKey('x'.repeat(21))).toThrow(/20/);
  });
});
