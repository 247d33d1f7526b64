/**
 * App network function commands used around a session: Get Channel Authentication Capabilities (§22.13),
 * Get Channel Cipher Suites (§22.15), Set Session Privilege Level (§22.18), Close Session (§22.19),
 * Get Device ID (§20.1) and Get Channel Info (§22.24). Request encoders return the command's data bytes;
 * response codecs handle the data after the completion code.
 */
import { ByteReader, u16le, u32le } from './byte-reader';
import { CURRENT_CHANNEL, IPMI_IANA } from './ipmi.constants';

// ---------- Get Channel Authentication Capabilities (§22.13) ----------

export interface AuthCapabilitiesRequest {
  channel: number;
  privilege: number;
  /** Bit 7 of byte 1: "get IPMI v2.0+ extended data" — without it an RMCP+ BMC may hide its v2.0 support. */
  extended: boolean;
}

export interface AuthCapabilities {
  channel: number;
  /** Bit 7 of byte 2: the extended capabilities byte below is valid. */
  extendedCapabilities: boolean;
  /** IPMI v1.5 auth types (bit 0 none, 1 MD2, 2 MD5, 4 straight password, 5 OEM). */
  authTypes: number;
  kgNonZero: boolean;
  perMessageAuthDisabled: boolean;
  userLevelAuthDisabled: boolean;
  nonNullUsernames: boolean;
  nullUsernames: boolean;
  anonymousLogin: boolean;
  ipmi15: boolean;
  ipmi20: boolean;
  oemId: number;
  oemAux: number;
}

export function encodeAuthCapabilitiesRequest(req: Partial<AuthCapabilitiesRequest> & { privilege: number }): Buffer {
  return Buffer.from([((req.extended ?? true) ? 0x80 : 0) | ((req.channel ?? CURRENT_CHANNEL) & 0x0f), req.privilege & 0x0f]);
}

export function decodeAuthCapabilitiesRequest(data: Buffer): AuthCapabilitiesRequest {
  const r = new ByteReader(data, 0, 'Get Channel Auth Capabilities request');
  const b1 = r.u8('channel');
  return { channel: b1 & 0x0f, extended: (b1 & 0x80) !== 0, privilege: r.u8('privilege') & 0x0f };
}

export function encodeAuthCapabilities(c: AuthCapabilities): Buffer {
  const b3 =
    (c.kgNonZero ? 0x20 : 0) |
    (c.perMessageAuthDisabled ? 0x10 : 0) |
    (c.userLevelAuthDisabled ? 0x08 : 0) |
    (c.nonNullUsernames ? 0x04 : 0) |
    (c.nullUsernames ? 0x02 : 0) |
    (c.anonymousLogin ? 0x01 : 0);
  const oem = Buffer.alloc(3);
  oem.writeUIntLE(c.oemId & 0xffffff, 0, 3);
  return Buffer.concat([
    Buffer.from([c.channel & 0x0f, (c.extendedCapabilities ? 0x80 : 0) | (c.authTypes & 0x3f), b3, (c.ipmi20 ? 2 : 0) | (c.ipmi15 ? 1 : 0)]),
    oem,
    Buffer.from([c.oemAux & 0xff]),
  ]);
}

export function decodeAuthCapabilities(data: Buffer): AuthCapabilities {
  const r = new ByteReader(data, 0, 'Get Channel Auth Capabilities response');
  const channel = r.u8('channel') & 0x0f;
  const b2 = r.u8('auth type support');
  const b3 = r.u8('auth status');
  const b4 = r.u8('extended capabilities');
  const oem = r.bytes(3, 'OEM ID');
  const oemAux = r.remaining > 0 ? r.u8('OEM aux') : 0;
  const extended = (b2 & 0x80) !== 0;
  return {
    channel,
    extendedCapabilities: extended,
    authTypes: b2 & 0x3f,
    kgNonZero: (b3 & 0x20) !== 0,
    perMessageAuthDisabled: (b3 & 0x10) !== 0,
    userLevelAuthDisabled: (b3 & 0x08) !== 0,
    nonNullUsernames: (b3 & 0x04) !== 0,
    nullUsernames: (b3 & 0x02) !== 0,
    anonymousLogin: (b3 & 0x01) !== 0,
    // Byte 4 is reserved unless bit 7 of byte 2 is set; then bit 0 = v1.5, bit 1 = v2.0 (§22.13).
    ipmi15: extended ? (b4 & 1) !== 0 : true,
    ipmi20: extended && (b4 & 2) !== 0,
    oemId: oem.readUIntLE(0, 3),
    oemAux,
  };
}

// ---------- Get Channel Cipher Suites (§22.15) ----------

export interface CipherSuitesRequest {
  channel: number;
  payloadType: number;
  /** 0–63: which 16-byte chunk of the record list to return. */
  listIndex: number;
  /** Bit 7 of byte 3: list algorithms by cipher suite (the records of §22.15.2) rather than all algorithms. */
  bySuite: boolean;
}

export function encodeCipherSuitesRequest(req: Partial<CipherSuitesRequest> & { listIndex: number }): Buffer {
  return Buffer.from([(req.channel ?? CURRENT_CHANNEL) & 0x0f, req.payloadType ?? 0, ((req.bySuite ?? true) ? 0x80 : 0) | (req.listIndex & 0x3f)]);
}

export function decodeCipherSuitesRequest(data: Buffer): CipherSuitesRequest {
  const r = new ByteReader(data, 0, 'Get Channel Cipher Suites request');
  const channel = r.u8('channel') & 0x0f;
  const payloadType = r.u8('payload type') & 0x3f;
  const b3 = r.u8('list index');
  return { channel, payloadType, listIndex: b3 & 0x3f, bySuite: (b3 & 0x80) !== 0 };
}

/** The response carries the channel and up to 16 bytes of records; fewer than 16 means "end of list". */
export function encodeCipherSuitesResponse(channel: number, records: Buffer, listIndex: number): Buffer {
  return Buffer.concat([Buffer.from([channel & 0x0f]), records.subarray(listIndex * 16, listIndex * 16 + 16)]);
}

export function decodeCipherSuitesResponse(data: Buffer): { channel: number; chunk: Buffer } {
  const r = new ByteReader(data, 0, 'Get Channel Cipher Suites response');
  return { channel: r.u8('channel') & 0x0f, chunk: Buffer.from(r.rest()) };
}

// ---------- Set Session Privilege Level (§22.18) and Close Session (§22.19) ----------

/** Request byte: the privilege wanted (0 = just report the current one). The response byte is the new level. */
export const encodeSetSessionPrivilege = (privilege: number): Buffer => Buffer.from([privilege & 0x0f]);
export const decodeSetSessionPrivilege = (data: Buffer): number => new ByteReader(data, 0, 'Set Session Privilege').u8('privilege') & 0x0f;

/** The request names the BMC's session ID (SIDc) of the session to close. */
export const encodeCloseSessionRequest = (bmcSessionId: number): Buffer => u32le(bmcSessionId);
export const decodeCloseSessionRequest = (data: Buffer): number => new ByteReader(data, 0, 'Close Session').u32('session ID');

// ---------- Get Device ID (§20.1) ----------

export interface DeviceId {
  deviceId: number;
  deviceRevision: number;
  providesSdrs: boolean;
  /** Bit 7 of the firmware byte: 1 = device firmware/update in progress ("device available" negated). */
  updateInProgress: boolean;
  firmwareMajor: number;
  /** BCD-encoded minor revision as on the wire (e.g. 0x09 → "09"). */
  firmwareMinor: number;
  /** BCD: 0x02 = IPMI 2.0, 0x51 = 1.5. */
  ipmiVersion: number;
  additionalSupport: number;
  manufacturerId: number;
  productId: number;
  auxFirmware?: Buffer;
}

export function encodeDeviceId(d: DeviceId): Buffer {
  const out = Buffer.alloc(11);
  out[0] = d.deviceId;
  out[1] = (d.providesSdrs ? 0x80 : 0) | (d.deviceRevision & 0x0f);
  out[2] = (d.updateInProgress ? 0x80 : 0) | (d.firmwareMajor & 0x7f);
  out[3] = d.firmwareMinor;
  out[4] = d.ipmiVersion;
  out[5] = d.additionalSupport;
  out.writeUIntLE(d.manufacturerId & 0xfffff, 6, 3);
  out.writeUInt16LE(d.productId & 0xffff, 9);
  return d.auxFirmware ? Buffer.concat([out, d.auxFirmware.subarray(0, 4)]) : out;
}

export function decodeDeviceId(data: Buffer): DeviceId {
  const r = new ByteReader(data, 0, 'Get Device ID response');
  const deviceId = r.u8('device ID');
  const rev = r.u8('device revision');
  const fw = r.u8('firmware revision 1');
  const firmwareMinor = r.u8('firmware revision 2');
  const ipmiVersion = r.u8('IPMI version');
  const additionalSupport = r.u8('additional device support');
  const manufacturerId = r.bytes(3, 'manufacturer ID').readUIntLE(0, 3) & 0xfffff;
  const productId = r.u16('product ID');
  const auxFirmware = r.remaining >= 4 ? Buffer.from(r.bytes(4, 'aux firmware')) : undefined;
  return {
    deviceId,
    deviceRevision: rev & 0x0f,
    providesSdrs: (rev & 0x80) !== 0,
    updateInProgress: (fw & 0x80) !== 0,
    firmwareMajor: fw & 0x7f,
    firmwareMinor,
    ipmiVersion,
    additionalSupport,
    manufacturerId,
    productId,
    auxFirmware,
  };
}

// ---------- Get Channel Info (§22.24) ----------

export interface ChannelInfo {
  channel: number;
  /** §6.5 channel medium type: 04h = 802.3 LAN. */
  mediumType: number;
  /** §6.4 channel protocol type: 01h = IPMB-1.0 (what LAN channels report). */
  protocolType: number;
  /** Bits 7:6: 00 session-less, 01 single-session, 10 multi-session, 11 session-based. */
  sessionSupport: number;
  activeSessions: number;
  vendorId: number;
  auxInfo: number;
}

export const encodeChannelInfoRequest = (channel = CURRENT_CHANNEL): Buffer => Buffer.from([channel & 0x0f]);
export const decodeChannelInfoRequest = (data: Buffer): number => new ByteReader(data, 0, 'Get Channel Info').u8('channel') & 0x0f;

export function encodeChannelInfo(c: ChannelInfo): Buffer {
  const vendor = Buffer.alloc(3);
  vendor.writeUIntLE((c.vendorId ?? IPMI_IANA) & 0xffffff, 0, 3);
  return Buffer.concat([
    Buffer.from([c.channel & 0x0f, c.mediumType & 0x7f, c.protocolType & 0x1f, ((c.sessionSupport & 3) << 6) | (c.activeSessions & 0x3f)]),
    vendor,
    u16le(c.auxInfo),
  ]);
}

export function decodeChannelInfo(data: Buffer): ChannelInfo {
  const r = new ByteReader(data, 0, 'Get Channel Info response');
  const channel = r.u8('channel') & 0x0f;
  const mediumType = r.u8('medium') & 0x7f;
  const protocolType = r.u8('protocol') & 0x1f;
  const s = r.u8('session support');
  const vendorId = r.bytes(3, 'vendor ID').readUIntLE(0, 3);
  const auxInfo = r.remaining >= 2 ? r.u16('aux info') : 0;
  return { channel, mediumType, protocolType, sessionSupport: s >> 6, activeSessions: s & 0x3f, vendorId, auxInfo };
}
