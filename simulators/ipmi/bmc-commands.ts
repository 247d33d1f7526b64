/**
 * The BMC's command table: which IPMI requests the simulator answers, with what privilege (§Appendix G,
 * "Command Number Assignments and Privilege Levels"), and how each maps onto the shared machine state.
 * Anything not listed answers C1h "invalid command", which is what ipmitool's HPM/PICMG/VSO probes expect.
 */
import {
  AppCmd,
  ChassisCmd,
  CURRENT_CHANNEL,
  decodeActivatePayloadRequest,
  decodeAuthCapabilitiesRequest,
  decodeChannelInfoRequest,
  decodeCipherSuitesRequest,
  decodeCloseSessionRequest,
  decodeDeactivatePayloadRequest,
  decodeSetSessionPrivilege,
  encodeActivatePayloadResponse,
  encodeAuthCapabilities,
  encodeChannelInfo,
  encodeCipherSuiteRecords,
  encodeCipherSuitesResponse,
  encodeDeviceId,
  IpmiRequest,
  IPMI_IANA,
  NetFn,
  PayloadType,
  Privilege,
  TransportCmd,
} from '../../src/protocols/ipmi';
import { MachineState } from '../fleet/machine-state';
import { BmcFaceConfig } from './bmc-config';
import { BmcSession } from './bmc-session';
import { handleChassisCommand } from './bmc-chassis.commands';
import { handleLanConfig } from './bmc-lan.commands';

/** The LAN channel every simulated BMC exposes (ipmi_sim and most BMCs use channel 1 for LAN). */
export const LAN_CHANNEL = 1;
/** Largest SOL payload we accept or send (4-byte SOL header included). */
export const SOL_PAYLOAD_SIZE = 256;

export interface CommandContext {
  machine: MachineState;
  cfg: BmcFaceConfig;
  address: string;
  port: number;
  guid: Buffer;
  /** Absent for session-less requests (before a session exists). */
  session?: BmcSession;
  sessionCount(): number;
  hasSession(bmcSessionId: number): boolean;
  /** Remove a session (after the reply to Close Session went out). */
  closeSession(bmcSessionId: number): void;
  solOwner(): BmcSession | undefined;
  activateSol(session: BmcSession): void;
  deactivateSol(): void;
  /** Boot option parameters other than boot flags (set-in-progress, ack, …), kept per BMC. */
  bootParams: Map<number, Buffer>;
}

export interface CommandResult {
  cc: number;
  data?: Buffer;
  /** Runs after the reply is sent (Close Session must answer inside the session it closes). */
  afterReply?: () => void;
}

type Handler = (req: IpmiRequest, ctx: CommandContext) => CommandResult;

const ok = (data?: Buffer): CommandResult => ({ cc: 0x00, data });
const cc = (code: number): CommandResult => ({ cc: code });

/** Commands answered outside a session (§22.13, §22.15: auth capabilities and cipher suites come before RMCP+). */
const SESSIONLESS = new Set([`${NetFn.App}:${AppCmd.GetChannelAuthCapabilities}`, `${NetFn.App}:${AppCmd.GetChannelCipherSuites}`]);

/** Privilege needed per command; 0 = none (allowed before Set Session Privilege). */
const APP: Record<number, [number, Handler]> = {
  [AppCmd.GetDeviceId]: [Privilege.User, (_r, c) => ok(encodeDeviceId({
    deviceId: 0x20,
    deviceRevision: 1,
    providesSdrs: false,
    updateInProgress: false,
    firmwareMajor: c.cfg.firmware[0],
    firmwareMinor: c.cfg.firmware[1],
    ipmiVersion: 0x02,
    additionalSupport: 0x9f, // chassis, bridge, event generator/receiver, FRU, SEL, SDR, sensor devices
    manufacturerId: c.cfg.manufacturerId,
    productId: c.cfg.productId,
    auxFirmware: Buffer.alloc(4),
  }))],
  [AppCmd.GetDeviceGuid]: [Privilege.User, (_r, c) => ok(c.guid)],
  [AppCmd.GetSystemGuid]: [0, (_r, c) => ok(c.guid)],
  [AppCmd.GetChannelAuthCapabilities]: [0, (r) => {
    const req = decodeAuthCapabilitiesRequest(r.data);
    if (req.channel !== CURRENT_CHANNEL && req.channel !== LAN_CHANNEL) return cc(0xcc);
    return ok(encodeAuthCapabilities({
      channel: LAN_CHANNEL,
      extendedCapabilities: req.extended,
      authTypes: 0x00, // no IPMI v1.5 session auth: RMCP+ only
      kgNonZero: false,
      perMessageAuthDisabled: false,
      userLevelAuthDisabled: false,
      nonNullUsernames: true,
      nullUsernames: false,
      anonymousLogin: false,
      ipmi15: false,
      ipmi20: true,
      oemId: 0,
      oemAux: 0,
    }));
  }],
  [AppCmd.GetChannelCipherSuites]: [0, (r, c) => {
    const req = decodeCipherSuitesRequest(r.data);
    if (req.channel !== CURRENT_CHANNEL && req.channel !== LAN_CHANNEL) return cc(0xcc);
    if (req.payloadType !== PayloadType.Ipmi && req.payloadType !== PayloadType.Sol) return cc(0xcc);
    return ok(encodeCipherSuitesResponse(LAN_CHANNEL, encodeCipherSuiteRecords(c.cfg.cipherSuites), req.listIndex));
  }],
  [AppCmd.SetSessionPrivilegeLevel]: [Privilege.User, (r, c) => {
    const s = c.session!;
    const wanted = decodeSetSessionPrivilege(r.data);
    if (wanted === 0) return ok(Buffer.from([s.privilege]));
    if (wanted > Privilege.Oem || wanted < Privilege.User) return cc(0xcc);
    if (wanted > (s.user?.privilege ?? 0)) return cc(0x80); // §22.18: not available for this user
    if (wanted > s.maxPrivilege) return cc(0x81); // exceeds the limit set at session activation
    s.privilege = wanted;
    return ok(Buffer.from([wanted]));
  }],
  [AppCmd.CloseSession]: [Privilege.Callback, (r, c) => {
    const id = decodeCloseSessionRequest(r.data);
    const own = c.session!.bmcSessionId;
    if (id !== own && c.session!.privilege < Privilege.Administrator) return cc(0xd4);
    if (!c.hasSession(id)) return cc(0x87);
    return { cc: 0, afterReply: () => c.closeSession(id) };
  }],
  [AppCmd.GetChannelAccess]: [Privilege.User, () => ok(Buffer.from([0x02, Privilege.Administrator]))], // always available, ADMIN limit
  [AppCmd.GetChannelInfo]: [Privilege.User, (r, c) => {
    const channel = decodeChannelInfoRequest(r.data);
    if (channel !== CURRENT_CHANNEL && channel !== LAN_CHANNEL) return cc(0xcc);
    return ok(encodeChannelInfo({ channel: LAN_CHANNEL, mediumType: 0x04, protocolType: 0x01, sessionSupport: 2, activeSessions: c.sessionCount(), vendorId: IPMI_IANA, auxInfo: 0 }));
  }],
  // §24.8: IPMI + SOL standard payloads, session setup payloads 10h–15h. FreeIPMI's ipmiconsole asks this first.
  [AppCmd.GetChannelPayloadSupport]: [Privilege.User, () => ok(Buffer.from([0x03, 0x00, 0x3f, 0x00, 0, 0, 0, 0]))],
  [AppCmd.GetPayloadActivationStatus]: [Privilege.User, (r, c) => {
    if (r.data[0] !== PayloadType.Sol) return ok(Buffer.from([0, 0, 0]));
    return ok(Buffer.from([1, c.solOwner() ? 0x01 : 0x00, 0x00]));
  }],
  [AppCmd.ActivatePayload]: [Privilege.User, (r, c) => {
    const req = decodeActivatePayloadRequest(r.data);
    if (req.payloadType !== PayloadType.Sol) return cc(0x81);
    if (req.instance !== 1) return cc(0x82);
    if (c.solOwner()) return cc(0x80); // §24.1: one SOL instance per BMC
    c.activateSol(c.session!);
    return ok(encodeActivatePayloadResponse({ auxData: 0, inboundPayloadSize: SOL_PAYLOAD_SIZE, outboundPayloadSize: SOL_PAYLOAD_SIZE, port: c.port, vlan: 0xffff }));
  }],
  [AppCmd.DeactivatePayload]: [Privilege.User, (r, c) => {
    const req = decodeDeactivatePayloadRequest(r.data);
    if (req.payloadType !== PayloadType.Sol) return cc(0x81);
    const owner = c.solOwner();
    if (!owner) return cc(0x80); // already deactivated
    if (owner !== c.session && c.session!.privilege < Privilege.Administrator) return cc(0xd4);
    c.deactivateSol();
    return ok();
  }],
};

const CHASSIS_PRIVILEGE: Record<number, number> = {
  [ChassisCmd.GetChassisCapabilities]: Privilege.User,
  [ChassisCmd.GetChassisStatus]: Privilege.User,
  [ChassisCmd.ChassisControl]: Privilege.Operator,
  [ChassisCmd.ChassisIdentify]: Privilege.Operator,
  [ChassisCmd.SetSystemBootOptions]: Privilege.Operator,
  [ChassisCmd.GetSystemBootOptions]: Privilege.Operator,
};

function lookup(req: IpmiRequest): [number, Handler] | undefined {
  switch (req.netFn) {
    case NetFn.App:
      return APP[req.cmd];
    case NetFn.Chassis:
      return CHASSIS_PRIVILEGE[req.cmd] !== undefined ? [CHASSIS_PRIVILEGE[req.cmd], handleChassisCommand] : undefined;
    case NetFn.Transport:
      return req.cmd === TransportCmd.GetLanConfigParameters ? [Privilege.Operator, handleLanConfig] : undefined;
    default:
      return undefined;
  }
}

/**
 * Answer one request. Returns undefined when nothing should be sent: a session-less request for a command that
 * needs a session is dropped, as real BMCs do, rather than answered.
 */
export function handleCommand(req: IpmiRequest, ctx: CommandContext): CommandResult | undefined {
  if (!ctx.session && !SESSIONLESS.has(`${req.netFn}:${req.cmd}`)) return undefined;
  const entry = lookup(req);
  if (!entry) return cc(0xc1);
  const [privilege, handler] = entry;
  if (ctx.session && privilege > ctx.session.privilege) return cc(0xd4);
  try {
    return handler(req, ctx);
  } catch (err) {
    // A request too short for its command: §5.2 "request data length invalid".
    if (err instanceof Error && err.name === 'IpmiDecodeError') return cc(0xc7);
    throw err;
  }
}
