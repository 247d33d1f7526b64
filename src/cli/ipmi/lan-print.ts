import {
  AppCmd,
  decodeChannelInfo,
  decodeGetLanConfigResponse,
  encodeChannelInfoRequest,
  encodeGetLanConfigRequest,
  IpmiDecodeError,
  IpmiError,
  IpmiSession,
  LanParam,
  NetFn,
  TransportCmd,
} from '../../protocols/ipmi';
import { usageError } from '../cli-error';
import { LAN_PRINT_PARAMS, LanValues } from './ipmitool-format';

/** §6.5 channel medium types that ipmitool's lan commands accept: 802.3 LAN and "other LAN". */
const LAN_MEDIA = new Set([0x04, 0x06]);
/** ipmitool's IPMI_CHANNEL_NUMBER_MAX: channels 1–14 (15 is the system interface, §6.3). */
const MAX_CHANNEL = 0x0e;
/** Get LAN Configuration Parameters answers that ipmitool treats as "not supported, print nothing" (§23.2). */
const NOT_SUPPORTED = new Set([0x80, 0xc9, 0xcc]);

async function isLanChannel(s: IpmiSession, channel: number): Promise<boolean> {
  if (channel < 1 || channel > MAX_CHANNEL) return false;
  const rsp = await s.requestRaw(NetFn.App, AppCmd.GetChannelInfo, encodeChannelInfoRequest(channel));
  // §22.24: a full answer is 9 bytes; anything else counts as "not a LAN channel", as in ipmitool.
  if (rsp.completionCode !== 0 || rsp.data.length !== 9) return false;
  return LAN_MEDIA.has(decodeChannelInfo(rsp.data).mediumType);
}

/** The channel `lan print` reports on: the one given, or the first LAN channel (ipmitool's find_lan_channel). */
export async function lanChannel(s: IpmiSession, requested?: number): Promise<number> {
  let channel = requested ?? 0;
  if (requested === undefined) {
    for (let c = 1; c < MAX_CHANNEL; c++) {
      if (await isLanChannel(s, c)) {
        channel = c;
        break;
      }
    }
  }
  if (!(await isLanChannel(s, channel))) throw usageError(`Invalid channel: ${channel} (not a LAN channel on this BMC)`);
  return channel;
}

export interface LanReadout {
  values: LanValues;
  /** The parameter whose read failed, ending the listing (as ipmitool's lan print does). */
  failure?: { param: number; error: unknown };
}

/** Reads the `lan print` parameters in ipmitool's order, stopping at the first hard failure. */
export async function readLanPrint(s: IpmiSession, channel: number): Promise<LanReadout> {
  const values = new Map<number, Buffer | null>();
  for (const { param, optional } of LAN_PRINT_PARAMS) {
    // The cipher suite list (23) is only read when the BMC supports the entry count (22).
    if (param === LanParam.CipherSuiteEntries && !values.get(LanParam.CipherSuiteEntrySupport)) continue;
    try {
      values.set(param, await readParam(s, channel, param));
    } catch (err) {
      if (optional && (err instanceof IpmiError || err instanceof IpmiDecodeError)) continue;
      return { values, failure: { param, error: err } };
    }
  }
  return { values };
}

async function readParam(s: IpmiSession, channel: number, param: number): Promise<Buffer | null> {
  const rsp = await s.requestRaw(NetFn.Transport, TransportCmd.GetLanConfigParameters, encodeGetLanConfigRequest(channel, param));
  if (NOT_SUPPORTED.has(rsp.completionCode)) return null;
  if (rsp.completionCode !== 0) throw IpmiError.completionCode(rsp.completionCode, NetFn.Transport, TransportCmd.GetLanConfigParameters, s.target);
  return rsp.data.length === 0 ? null : decodeGetLanConfigResponse(rsp.data).value;
}
