/**
 * Typed commands over an open session: what the power, inventory and console drivers call. Vendor-neutral
 * values only (DESIGN.md: vendor strings become our enums at the boundary).
 */
import { decodeDeviceId, DeviceId } from './app-commands.codec';
import {
  BootDeviceSelector,
  BootParam,
  ChassisControl,
  ChassisControlCode,
  ChassisStatus,
  decodeBootFlags,
  decodeChassisStatus,
  decodeGetBootOptionResponse,
  encodeBootFlags,
  encodeChassisControl,
  encodeGetBootOptionRequest,
  encodeSetBootOption,
} from './chassis-commands.codec';
import { AppCmd, ChassisCmd, NetFn, TransportCmd } from './ipmi.constants';
import { IpmiError } from './ipmi-error';
import { IpmiSession } from './ipmi-session';
import { decodeGetLanConfigResponse, decodeIpv4, decodeMac, encodeGetLanConfigRequest, LanParam } from './lan-config.codec';

export type PowerState = 'on' | 'off';
export type PowerAction = 'on' | 'off' | 'cycle' | 'reset' | 'soft-off';
export type BootDevice = 'none' | 'pxe' | 'disk' | 'cdrom' | 'bios';

const CONTROL: Record<PowerAction, ChassisControlCode> = {
  on: ChassisControl.PowerUp,
  off: ChassisControl.PowerDown,
  cycle: ChassisControl.PowerCycle,
  reset: ChassisControl.HardReset,
  'soft-off': ChassisControl.SoftShutdown,
};

const BOOT_SELECTOR: Record<BootDevice, number> = {
  none: BootDeviceSelector.NoOverride,
  pxe: BootDeviceSelector.Pxe,
  disk: BootDeviceSelector.Disk,
  cdrom: BootDeviceSelector.Cdrom,
  bios: BootDeviceSelector.BiosSetup,
};

export async function getDeviceId(s: IpmiSession): Promise<DeviceId> {
  return decodeDeviceId(await s.request(NetFn.App, AppCmd.GetDeviceId));
}

export async function getChassisStatus(s: IpmiSession): Promise<ChassisStatus> {
  return decodeChassisStatus(await s.request(NetFn.Chassis, ChassisCmd.GetChassisStatus));
}

export async function getPowerState(s: IpmiSession): Promise<PowerState> {
  return (await getChassisStatus(s)).powerOn ? 'on' : 'off';
}

/**
 * §28.3 Chassis Control. "on" when already on is a success on every BMC we know; "cycle"/"reset" of a host
 * that is off fail with D5h on spec-following BMCs (IPMI_COMPLETION_CODE).
 */
export async function chassisControl(s: IpmiSession, action: PowerAction): Promise<void> {
  await s.request(NetFn.Chassis, ChassisCmd.ChassisControl, encodeChassisControl(CONTROL[action]));
}

/**
 * §28.12 boot flags (parameter 5), bracketed by "set in progress" / "set complete" (parameter 0) the way
 * ipmitool does, because some BMCs only latch parameters inside that bracket. Errors on the bracket are ignored:
 * many BMCs do not implement parameter 0.
 */
export async function setBootDevice(s: IpmiSession, device: BootDevice, opts: { persistent?: boolean; efi?: boolean } = {}): Promise<void> {
  const setParam = (param: number, data: Buffer) => s.request(NetFn.Chassis, ChassisCmd.SetSystemBootOptions, encodeSetBootOption({ param, data }));
  await setParam(BootParam.SetInProgress, Buffer.from([0x01])).catch(ignoreCompletionCode);
  try {
    const flags = encodeBootFlags({ valid: device !== 'none', persistent: opts.persistent, efi: opts.efi, device: BOOT_SELECTOR[device] });
    await setParam(BootParam.BootFlags, flags);
  } finally {
    await setParam(BootParam.SetInProgress, Buffer.from([0x00])).catch(ignoreCompletionCode);
  }
}

export async function getBootDevice(s: IpmiSession): Promise<{ device: BootDevice | 'other'; persistent: boolean; efi: boolean }> {
  const rsp = decodeGetBootOptionResponse(await s.request(NetFn.Chassis, ChassisCmd.GetSystemBootOptions, encodeGetBootOptionRequest(BootParam.BootFlags)));
  const f = decodeBootFlags(rsp.data);
  const device = f.valid ? ((Object.keys(BOOT_SELECTOR) as BootDevice[]).find((d) => BOOT_SELECTOR[d] === f.device) ?? 'other') : 'none';
  return { device, persistent: f.persistent, efi: f.efi };
}

async function lanParam(s: IpmiSession, channel: number, param: number): Promise<Buffer> {
  const data = await s.request(NetFn.Transport, TransportCmd.GetLanConfigParameters, encodeGetLanConfigRequest(channel, param));
  return decodeGetLanConfigResponse(data).value;
}

/** §23.1 parameter 5: the BMC's own MAC on LAN channel `channel` (usually 1). */
export async function getLanMac(s: IpmiSession, channel = 1): Promise<string> {
  return decodeMac(await lanParam(s, channel, LanParam.MacAddress));
}

/** §23.1 parameter 3. */
export async function getLanIp(s: IpmiSession, channel = 1): Promise<string> {
  return decodeIpv4(await lanParam(s, channel, LanParam.IpAddress));
}

function ignoreCompletionCode(err: unknown): void {
  if (!(err instanceof IpmiError) || err.code !== 'IPMI_COMPLETION_CODE') throw err;
}
