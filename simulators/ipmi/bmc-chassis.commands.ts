/**
 * Chassis commands of the simulated BMC (§28): status, control and boot options, on the shared machine state.
 */
import {
  BootParam,
  ChassisCmd,
  ChassisControl,
  decodeBootFlags,
  decodeChassisControl,
  decodeGetBootOptionRequest,
  decodeSetBootOption,
  encodeBootFlags,
  encodeChassisStatus,
  encodeGetBootOptionResponse,
  IpmiRequest,
  RestorePolicy,
} from '../../src/protocols/ipmi';
import type { CommandContext, CommandResult } from './bmc-commands';
import { bootDeviceFromSelector, selectorFromBootDevice } from './boot-device.map';

/** Parameters (Table 28-14) stored as opaque bytes, with their default values and lengths. */
const STORED_PARAMS: Record<number, Buffer> = {
  [BootParam.SetInProgress]: Buffer.from([0x00]),
  [BootParam.ServicePartitionSelector]: Buffer.from([0x00]),
  [BootParam.ServicePartitionScan]: Buffer.from([0x00]),
  [BootParam.FlagValidBitClearing]: Buffer.from([0x00]),
  [BootParam.BootInfoAcknowledge]: Buffer.from([0x00, 0x00]),
};

export function handleChassisCommand(req: IpmiRequest, ctx: CommandContext): CommandResult {
  const m = ctx.machine;
  switch (req.cmd) {
    case ChassisCmd.GetChassisCapabilities:
      // §28.1: no intrusion/lockout features; FRU, SDR, SEL and SM device all at the BMC (20h).
      return { cc: 0, data: Buffer.from([0x00, 0x20, 0x20, 0x20, 0x20]) };
    case ChassisCmd.GetChassisStatus:
      return {
        cc: 0,
        data: encodeChassisStatus({
          powerOn: m.power === 'on',
          powerOverload: false,
          interlock: false,
          powerFault: false,
          powerControlFault: false,
          restorePolicy: RestorePolicy.Previous,
          lastPowerEvent: 0,
          miscState: 0x40, // "chassis identify command and state info supported", identify off
        }),
      };
    case ChassisCmd.ChassisControl:
      return chassisControl(decodeChassisControl(req.data), ctx);
    case ChassisCmd.ChassisIdentify:
      return { cc: 0 };
    case ChassisCmd.SetSystemBootOptions:
      return setBootOption(req, ctx);
    case ChassisCmd.GetSystemBootOptions:
      return getBootOption(req, ctx);
    default:
      return { cc: 0xc1 };
  }
}

function chassisControl(control: number, ctx: CommandContext): CommandResult {
  const m = ctx.machine;
  switch (control) {
    case ChassisControl.PowerDown:
      m.request('off');
      return { cc: 0 };
    case ChassisControl.PowerUp:
      m.request('on');
      return { cc: 0 };
    // §28.3: cycle and reset of a host that is off are "not supported in present state" (D5h).
    case ChassisControl.PowerCycle:
      return { cc: m.request('cycle') ? 0 : 0xd5 };
    case ChassisControl.HardReset:
      return { cc: m.request('reset') ? 0 : 0xd5 };
    case ChassisControl.SoftShutdown:
      m.request('soft-off');
      return { cc: 0 };
    case ChassisControl.DiagnosticInterrupt:
      return { cc: 0xd6 }; // no NMI on a simulated host
    default:
      return { cc: 0xcc };
  }
}

function setBootOption(req: IpmiRequest, ctx: CommandContext): CommandResult {
  const { param, data } = decodeSetBootOption(req.data);
  if (param === BootParam.BootFlags) {
    if (data.length < 5) return { cc: 0xc7 };
    const flags = decodeBootFlags(data);
    const device = bootDeviceFromSelector(flags.device);
    ctx.machine.setBootOverride(flags.valid && device !== 'none' ? { device, persistent: flags.persistent, efi: flags.efi } : undefined);
    return { cc: 0 };
  }
  const current = ctx.bootParams.get(param) ?? STORED_PARAMS[param];
  if (!current) return { cc: 0x80 }; // parameter not supported
  if (data.length < current.length) return { cc: 0xc7 };
  if (param === BootParam.BootInfoAcknowledge) {
    // §28.13 param 4: byte 1 is a write mask for byte 2.
    const [mask, value] = data;
    ctx.bootParams.set(param, Buffer.from([0x00, (current[1] & ~mask) | (value & mask)]));
  } else {
    ctx.bootParams.set(param, Buffer.from(data.subarray(0, current.length)));
  }
  return { cc: 0 };
}

function getBootOption(req: IpmiRequest, ctx: CommandContext): CommandResult {
  const { param } = decodeGetBootOptionRequest(req.data);
  if (param === BootParam.BootFlags) {
    const o = ctx.machine.bootOverride;
    const flags = o
      ? encodeBootFlags({ valid: true, persistent: o.persistent, efi: o.efi, device: selectorFromBootDevice(o.device) })
      : encodeBootFlags({ valid: false, device: 0 });
    return { cc: 0, data: encodeGetBootOptionResponse(param, flags) };
  }
  const value = ctx.bootParams.get(param) ?? STORED_PARAMS[param];
  if (!value) return { cc: 0x80 };
  return { cc: 0, data: encodeGetBootOptionResponse(param, value) };
}
