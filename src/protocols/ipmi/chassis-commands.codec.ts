/**
 * Chassis network function: Get Chassis Status (§28.2), Chassis Control (§28.3), and the boot flags of
 * Set / Get System Boot Options (§28.12, §28.13; parameter 5 "boot flags" in Table 28-14).
 */
import { ByteReader } from './byte-reader';
import { IpmiDecodeError } from './ipmi-error';

// ---------- Get Chassis Status (§28.2) ----------

/** Byte 1 bits 6:5 "power restore policy". */
export const RestorePolicy = { AlwaysOff: 0, Previous: 1, AlwaysOn: 2, Unknown: 3 } as const;

export interface ChassisStatus {
  powerOn: boolean;
  powerOverload: boolean;
  interlock: boolean;
  powerFault: boolean;
  powerControlFault: boolean;
  restorePolicy: number;
  /** Byte 2 "last power event" bit field, passed through. */
  lastPowerEvent: number;
  /** Byte 3 "misc chassis state" bit field (identify state, intrusion, …), passed through. */
  miscState: number;
  /** Optional byte 4 "front panel button capabilities". */
  frontPanel?: number;
}

export function encodeChassisStatus(s: ChassisStatus): Buffer {
  const b1 =
    (s.powerOn ? 0x01 : 0) |
    (s.powerOverload ? 0x02 : 0) |
    (s.interlock ? 0x04 : 0) |
    (s.powerFault ? 0x08 : 0) |
    (s.powerControlFault ? 0x10 : 0) |
    ((s.restorePolicy & 3) << 5);
  const out = [b1, s.lastPowerEvent & 0xff, s.miscState & 0xff];
  if (s.frontPanel !== undefined) out.push(s.frontPanel & 0xff);
  return Buffer.from(out);
}

export function decodeChassisStatus(data: Buffer): ChassisStatus {
  const r = new ByteReader(data, 0, 'Get Chassis Status response');
  const b1 = r.u8('current power state');
  const lastPowerEvent = r.u8('last power event');
  const miscState = r.u8('misc chassis state');
  return {
    powerOn: (b1 & 0x01) !== 0,
    powerOverload: (b1 & 0x02) !== 0,
    interlock: (b1 & 0x04) !== 0,
    powerFault: (b1 & 0x08) !== 0,
    powerControlFault: (b1 & 0x10) !== 0,
    restorePolicy: (b1 >> 5) & 3,
    lastPowerEvent,
    miscState,
    frontPanel: r.remaining > 0 ? r.u8('front panel') : undefined,
  };
}

// ---------- Chassis Control (§28.3) ----------

/** Request byte 1 bits 3:0. Soft shutdown asks the OS to shut down via an emulated ACPI overtemperature/button. */
export const ChassisControl = {
  PowerDown: 0x00,
  PowerUp: 0x01,
  PowerCycle: 0x02,
  HardReset: 0x03,
  DiagnosticInterrupt: 0x04,
  SoftShutdown: 0x05,
} as const;
export type ChassisControlCode = (typeof ChassisControl)[keyof typeof ChassisControl];

export const encodeChassisControl = (control: ChassisControlCode): Buffer => Buffer.from([control]);

export function decodeChassisControl(data: Buffer): number {
  return new ByteReader(data, 0, 'Chassis Control request').u8('control') & 0x0f;
}

// ---------- System Boot Options (§28.12 / §28.13) ----------

/** Boot option parameter selectors (Table 28-14) that hwctl touches. */
export const BootParam = { SetInProgress: 0, ServicePartitionSelector: 1, ServicePartitionScan: 2, FlagValidBitClearing: 3, BootInfoAcknowledge: 4, BootFlags: 5, InitiatorInfo: 6, InitiatorMailbox: 7 } as const;

/** Boot flags data 2 bits 5:2, "boot device selector". */
export const BootDeviceSelector = {
  NoOverride: 0x0,
  Pxe: 0x1,
  Disk: 0x2,
  DiskSafeMode: 0x3,
  Diagnostic: 0x4,
  Cdrom: 0x5,
  BiosSetup: 0x6,
  RemoteFloppy: 0x7,
  RemoteCdrom: 0x8,
  RemoteMedia: 0x9,
  RemoteDisk: 0xb,
  Floppy: 0xf,
} as const;

export interface BootFlags {
  /** Data 1 bit 7: the flags are valid (a BMC clears this after a boot or after 60 s, §28.13 note). */
  valid: boolean;
  /** Data 1 bit 6: apply to all future boots rather than the next one only. */
  persistent: boolean;
  /** Data 1 bit 5: boot type EFI instead of PC-compatible legacy. */
  efi: boolean;
  device: number;
  /** Data 2 bit 7 (CMOS clear), bit 6 (lock keyboard), bit 1 (screen blank), bit 0 (lock reset): passed through. */
  data2Other: number;
  /** Data 3–5 (console redirection, BIOS verbosity, mux override…), passed through. */
  rest: Buffer;
}

export function encodeBootFlags(f: Partial<BootFlags> & { device: number }): Buffer {
  const out = Buffer.alloc(5);
  out[0] = ((f.valid ?? true) ? 0x80 : 0) | (f.persistent ? 0x40 : 0) | (f.efi ? 0x20 : 0);
  out[1] = ((f.device & 0x0f) << 2) | ((f.data2Other ?? 0) & 0xc3);
  if (f.rest) f.rest.copy(out, 2, 0, 3);
  return out;
}

export function decodeBootFlags(data: Buffer): BootFlags {
  if (data.length < 2) throw new IpmiDecodeError(`boot flags: ${data.length} bytes, need at least 2`);
  const rest = Buffer.alloc(3);
  data.copy(rest, 0, 2, 5);
  return {
    valid: (data[0] & 0x80) !== 0,
    persistent: (data[0] & 0x40) !== 0,
    efi: (data[0] & 0x20) !== 0,
    device: (data[1] >> 2) & 0x0f,
    data2Other: data[1] & 0xc3,
    rest,
  };
}

/** Set System Boot Options request: bit 7 of byte 1 marks the parameter invalid/locked, bits 6:0 select it. */
export interface SetBootOptionRequest {
  param: number;
  invalidate: boolean;
  data: Buffer;
}

export function encodeSetBootOption(req: Omit<SetBootOptionRequest, 'invalidate'> & { invalidate?: boolean }): Buffer {
  return Buffer.concat([Buffer.from([(req.invalidate ? 0x80 : 0) | (req.param & 0x7f)]), req.data]);
}

export function decodeSetBootOption(data: Buffer): SetBootOptionRequest {
  const r = new ByteReader(data, 0, 'Set System Boot Options request');
  const b1 = r.u8('parameter selector');
  return { param: b1 & 0x7f, invalidate: (b1 & 0x80) !== 0, data: Buffer.from(r.rest()) };
}

export interface GetBootOptionRequest {
  param: number;
  setSelector: number;
  blockSelector: number;
}

export const encodeGetBootOptionRequest = (param: number, setSelector = 0, blockSelector = 0): Buffer =>
  Buffer.from([param & 0x7f, setSelector, blockSelector]);

export function decodeGetBootOptionRequest(data: Buffer): GetBootOptionRequest {
  const r = new ByteReader(data, 0, 'Get System Boot Options request');
  const param = r.u8('parameter selector') & 0x7f;
  const setSelector = r.remaining > 0 ? r.u8('set selector') : 0;
  const blockSelector = r.remaining > 0 ? r.u8('block selector') : 0;
  return { param, setSelector, blockSelector };
}

/** Response: parameter version (1), then "parameter valid" byte (bit 7 = invalid/locked) + selector, then data. */
export interface BootOptionResponse {
  version: number;
  param: number;
  invalid: boolean;
  data: Buffer;
}

export function encodeGetBootOptionResponse(param: number, data: Buffer, invalid = false): Buffer {
  return Buffer.concat([Buffer.from([0x01, (invalid ? 0x80 : 0) | (param & 0x7f)]), data]);
}

export function decodeGetBootOptionResponse(data: Buffer): BootOptionResponse {
  const r = new ByteReader(data, 0, 'Get System Boot Options response');
  const version = r.u8('parameter version') & 0x0f;
  const b2 = r.u8('parameter valid');
  return { version, param: b2 & 0x7f, invalid: (b2 & 0x80) !== 0, data: Buffer.from(r.rest()) };
}
