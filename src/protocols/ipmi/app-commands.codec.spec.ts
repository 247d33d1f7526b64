import {
  decodeAuthCapabilities,
  decodeAuthCapabilitiesRequest,
  decodeChannelInfo,
  decodeCipherSuitesRequest,
  decodeCipherSuitesResponse,
  decodeCloseSessionRequest,
  decodeDeviceId,
  decodeSetSessionPrivilege,
  encodeAuthCapabilities,
  encodeAuthCapabilitiesRequest,
  encodeChannelInfo,
  encodeCipherSuitesRequest,
  encodeCipherSuitesResponse,
  encodeCloseSessionRequest,
  encodeDeviceId,
  encodeSetSessionPrivilege,
} from './app-commands.codec';
import { encodeCipherSuiteRecords } from './cipher-suites';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('Get Channel Authentication Capabilities (§22.13)', () => {
  it('encodes ipmitool’s request: v2.0 extended data, current channel, ADMIN', () => {
    expect(encodeAuthCapabilitiesRequest({ privilege: 4 }).toString('hex')).toBe('8e04');
    expect(decodeAuthCapabilitiesRequest(hex('8e04'))).toEqual({ channel: 0x0e, extended: true, privilege: 4 });
  });

  it('decodes ipmi_sim’s captured answer and re-encodes it', () => {
    const caps = decodeAuthCapabilities(hex('0197040300000000'));
    expect(caps).toMatchObject({ channel: 1, extendedCapabilities: true, authTypes: 0x17, nonNullUsernames: true, ipmi15: true, ipmi20: true, kgNonZero: false });
    expect(encodeAuthCapabilities(caps).toString('hex')).toBe('0197040300000000');
  });

  it('reports no IPMI 2.0 for a v1.5-only BMC (bit 7 of byte 2 clear)', () => {
    expect(decodeAuthCapabilities(hex('0115040000000000'))).toMatchObject({ ipmi15: true, ipmi20: false });
  });
});

describe('Get Channel Cipher Suites (§22.15)', () => {
  it('decodes ipmitool’s captured request (list by suite, index 0)', () => {
    expect(decodeCipherSuitesRequest(hex('0e0080'))).toEqual({ channel: 0x0e, payloadType: 0, listIndex: 0, bySuite: true });
    expect(encodeCipherSuitesRequest({ listIndex: 0 }).toString('hex')).toBe('0e0080');
  });

  it('returns records 16 bytes at a time; a short chunk ends the list', () => {
    const records = encodeCipherSuiteRecords([1, 2, 3, 15, 16, 17]);
    const first = decodeCipherSuitesResponse(encodeCipherSuitesResponse(1, records, 0));
    const second = decodeCipherSuitesResponse(encodeCipherSuitesResponse(1, records, 1));
    expect(first.chunk).toHaveLength(16);
    expect(second.chunk).toHaveLength(records.length - 16);
    expect(Buffer.concat([first.chunk, second.chunk])).toEqual(records);
  });
});

describe('session commands (§22.18, §22.19)', () => {
  it.each([
    ['Set Session Privilege ADMIN', encodeSetSessionPrivilege(4), '04'],
    ['Close Session of SIDc 0x82 (as captured)', encodeCloseSessionRequest(0x82), '82000000'],
  ])('%s', (_name, bytes, wire) => {
    expect(bytes.toString('hex')).toBe(wire);
  });

  it('reads them back', () => {
    expect(decodeSetSessionPrivilege(hex('04'))).toBe(4);
    expect(decodeCloseSessionRequest(hex('82000000'))).toBe(0x82);
    expect(() => decodeCloseSessionRequest(hex('8200'))).toThrow(/truncated/);
  });
});

describe('Get Device ID (§20.1)', () => {
  it('decodes ipmi_sim’s captured answer (manufacturer 0x1291, product 0x0f02, IPMI 2.0)', () => {
    const d = decodeDeviceId(hex('00030908029f911200020f00000000'));
    expect(d).toMatchObject({
      deviceId: 0,
      deviceRevision: 3,
      providesSdrs: false,
      firmwareMajor: 9,
      firmwareMinor: 0x08,
      ipmiVersion: 0x02,
      additionalSupport: 0x9f,
      manufacturerId: 0x1291,
      productId: 0x0f02,
    });
    expect(encodeDeviceId(d).toString('hex')).toBe('00030908029f911200020f00000000');
  });
});

describe('Get Channel Info (§22.24)', () => {
  it('round-trips a multi-session 802.3 LAN channel', () => {
    const info = { channel: 1, mediumType: 4, protocolType: 1, sessionSupport: 2, activeSessions: 3, vendorId: 0x1bf2, auxInfo: 0 };
    const wire = encodeChannelInfo(info);
    expect(wire.toString('hex')).toBe('01040183f21b000000');
    expect(decodeChannelInfo(wire)).toEqual(info);
  });
});
