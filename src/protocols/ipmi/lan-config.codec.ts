/**
 * Get LAN Configuration Parameters (§23.2) and the parameter values hwctl reads (§23.1, Table 23-4).
 * Addresses in LAN parameters are in network order (MS byte first), unlike the rest of IPMI.
 */
import { ByteReader } from './byte-reader';
import { IpmiDecodeError } from './ipmi-error';

/** Parameter selectors (Table 23-4). */
export const LanParam = {
  SetInProgress: 0,
  AuthTypeSupport: 1,
  AuthTypeEnables: 2,
  IpAddress: 3,
  IpAddressSource: 4,
  MacAddress: 5,
  SubnetMask: 6,
  Ipv4HeaderParams: 7,
  PrimaryRmcpPort: 8,
  BmcArpControl: 10,
  GratuitousArpInterval: 11,
  DefaultGatewayIp: 12,
  DefaultGatewayMac: 13,
  BackupGatewayIp: 14,
  BackupGatewayMac: 15,
  CommunityString: 16,
  VlanId: 20,
  VlanPriority: 21,
  CipherSuiteEntrySupport: 22,
  CipherSuiteEntries: 23,
  CipherSuitePrivilegeLevels: 24,
} as const;

/** Parameter 4 values. */
export const IpAddressSource = { Unspecified: 0, Static: 1, Dhcp: 2, Bios: 3, Other: 4 } as const;

/** §23.2: the revision byte every response starts with (11h = IPMI 2.0 parameter format). */
export const LAN_PARAM_REVISION = 0x11;

export interface GetLanConfigRequest {
  channel: number;
  /** Bit 7 of byte 1: return only the parameter revision. */
  revisionOnly: boolean;
  param: number;
  setSelector: number;
  blockSelector: number;
}

export function encodeGetLanConfigRequest(channel: number, param: number, setSelector = 0, blockSelector = 0): Buffer {
  return Buffer.from([channel & 0x0f, param & 0xff, setSelector & 0xff, blockSelector & 0xff]);
}

export function decodeGetLanConfigRequest(data: Buffer): GetLanConfigRequest {
  const r = new ByteReader(data, 0, 'Get LAN Configuration Parameters request');
  const b1 = r.u8('channel');
  const param = r.u8('parameter selector');
  const setSelector = r.remaining > 0 ? r.u8('set selector') : 0;
  const blockSelector = r.remaining > 0 ? r.u8('block selector') : 0;
  return { channel: b1 & 0x0f, revisionOnly: (b1 & 0x80) !== 0, param, setSelector, blockSelector };
}

export function encodeGetLanConfigResponse(value: Buffer, revision = LAN_PARAM_REVISION): Buffer {
  return Buffer.concat([Buffer.from([revision]), value]);
}

export function decodeGetLanConfigResponse(data: Buffer): { revision: number; value: Buffer } {
  const r = new ByteReader(data, 0, 'Get LAN Configuration Parameters response');
  return { revision: r.u8('revision'), value: Buffer.from(r.rest()) };
}

/** "aa:bb:cc:dd:ee:ff" ↔ 6 bytes (parameters 5, 13, 15). */
export function encodeMac(mac: string): Buffer {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new RangeError(`not a MAC address: ${mac}`);
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

export function decodeMac(value: Buffer): string {
  if (value.length < 6) throw new IpmiDecodeError(`MAC address parameter is ${value.length} bytes, need 6`);
  return [...value.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Dotted quad ↔ 4 bytes (parameters 3, 6, 12, 14). */
export function encodeIpv4(ip: string): Buffer {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new RangeError(`not an IPv4 address: ${ip}`);
  return Buffer.from(parts);
}

export function decodeIpv4(value: Buffer): string {
  if (value.length < 4) throw new IpmiDecodeError(`IPv4 parameter is ${value.length} bytes, need 4`);
  return [...value.subarray(0, 4)].join('.');
}
