/**
 * Get LAN Configuration Parameters (§23.2) for a simulated BMC: its loopback address, its deterministic MAC,
 * and the cipher suites it offers — enough for `ipmitool lan print` and for discovery to read the MAC.
 */
import {
  CURRENT_CHANNEL,
  decodeGetLanConfigRequest,
  encodeGetLanConfigResponse,
  encodeIpv4,
  encodeMac,
  IpAddressSource,
  IpmiRequest,
  LAN_PARAM_REVISION,
  LanParam,
  u16le,
} from '../../src/protocols/ipmi';
import type { CommandContext, CommandResult } from './bmc-commands';
import { LAN_CHANNEL } from './bmc-commands';

function parameter(param: number, ctx: CommandContext): Buffer | undefined {
  const suites = ctx.cfg.cipherSuites.slice(0, 16);
  switch (param) {
    case LanParam.SetInProgress:
      return Buffer.from([0x00]);
    case LanParam.AuthTypeSupport:
      return Buffer.from([0x01]); // v1.5 auth type "none" only; sessions are RMCP+
    case LanParam.AuthTypeEnables:
      return Buffer.alloc(5);
    case LanParam.IpAddress:
      return encodeIpv4(ctx.address);
    case LanParam.IpAddressSource:
      return Buffer.from([IpAddressSource.Static]);
    case LanParam.MacAddress:
      return encodeMac(ctx.machine.identity.mac);
    case LanParam.SubnetMask:
      return encodeIpv4('255.255.255.0');
    case LanParam.Ipv4HeaderParams:
      return Buffer.from([0x40, 0x40, 0x10]); // TTL 64, don't fragment, precedence 0 / TOS "minimize delay"
    case LanParam.PrimaryRmcpPort:
      return u16le(ctx.port);
    case LanParam.BmcArpControl:
      return Buffer.from([0x00]);
    case LanParam.GratuitousArpInterval:
      return Buffer.from([0x00]);
    case LanParam.DefaultGatewayIp:
    case LanParam.BackupGatewayIp:
      return encodeIpv4('0.0.0.0');
    case LanParam.DefaultGatewayMac:
    case LanParam.BackupGatewayMac:
      return Buffer.alloc(6);
    case LanParam.CommunityString: {
      const s = Buffer.alloc(18);
      s.write('public', 'latin1');
      return s;
    }
    case LanParam.VlanId:
      return Buffer.from([0x00, 0x00]);
    case LanParam.VlanPriority:
      return Buffer.from([0x00]);
    case LanParam.CipherSuiteEntrySupport:
      return Buffer.from([suites.length]);
    case LanParam.CipherSuiteEntries:
      return Buffer.from([0x00, ...suites]);
    case LanParam.CipherSuitePrivilegeLevels: {
      // §23.1 param 24: one nibble per entry (low nibble first), here the ADMIN limit for each offered suite.
      const levels = Buffer.alloc(9);
      suites.forEach((_id, i) => (levels[1 + (i >> 1)] |= 0x04 << (i & 1 ? 4 : 0)));
      return levels;
    }
    default:
      return undefined;
  }
}

export function handleLanConfig(req: IpmiRequest, ctx: CommandContext): CommandResult {
  const r = decodeGetLanConfigRequest(req.data);
  if (r.channel !== LAN_CHANNEL && r.channel !== CURRENT_CHANNEL) return { cc: 0xcc };
  if (r.revisionOnly) return { cc: 0, data: Buffer.from([LAN_PARAM_REVISION]) };
  const value = parameter(r.param, ctx);
  if (!value) return { cc: 0x80 }; // §23.2: parameter not supported
  return { cc: 0, data: encodeGetLanConfigResponse(value) };
}
