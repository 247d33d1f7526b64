/**
 * Vendor strings → hwctl enums, in one table per kind (STYLE.md §4). Nothing above src/protocols sees a raw
 * PowerState, ResetType or ManagerType; it sees these. Matching is case-insensitive because firmware is
 * not consistent about case (H3C reports Health "Enabled", reference/redfish.md quirk 14).
 */

/** Host power as hwctl reports it (DMTF PowerState: On, Off, PoweringOn, PoweringOff, Paused). */
export type PowerState = 'on' | 'off' | 'powering-on' | 'powering-off' | 'paused' | 'unknown';

const POWER_STATES: Record<string, PowerState> = {
  on: 'on',
  off: 'off',
  poweringon: 'powering-on',
  poweringoff: 'powering-off',
  paused: 'paused',
};

export function toPowerState(raw: unknown): PowerState {
  return typeof raw === 'string' ? (POWER_STATES[raw.trim().toLowerCase()] ?? 'unknown') : 'unknown';
}

/**
 * The power operations hwctl can ask for. Which ResetType value carries each one differs per BMC
 * (reference/redfish.md §(c), PCS `toPCSPowerActions`): Cray EX's non-standard "Off" is a soft off, as PCS
 * maps it; Nmi, PushPowerButton and vendor extras carry no operation of ours.
 */
export type PowerOp = 'on' | 'force-off' | 'soft-off' | 'soft-restart' | 'hard-restart' | 'power-cycle' | 'nmi';

const RESET_TYPE_OPS: Record<string, PowerOp> = {
  on: 'on',
  forceon: 'on',
  forceoff: 'force-off',
  gracefulshutdown: 'soft-off',
  off: 'soft-off', // Cray EX (mockups ex425, cmm): not a DMTF value
  gracefulrestart: 'soft-restart',
  forcerestart: 'hard-restart',
  powercycle: 'power-cycle',
  nmi: 'nmi',
};

/** The DMTF spelling of a ResetType we know ("forceoff" → "ForceOff"); unknown values kept verbatim. */
const DMTF_RESET_TYPES = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn', 'PushPowerButton', 'PowerCycle', 'Suspend', 'Pause', 'Resume'];

export function canonicalResetType(raw: string): string {
  const t = raw.trim();
  return DMTF_RESET_TYPES.find((v) => v.toLowerCase() === t.toLowerCase()) ?? t;
}

/** Our operations supported by a set of allowed ResetType values, in a stable order. */
export function powerOpsOf(resetTypes: string[]): PowerOp[] {
  const ops = new Set(resetTypes.map((r) => RESET_TYPE_OPS[r.trim().toLowerCase()]).filter((o): o is PowerOp => o !== undefined));
  return (['on', 'force-off', 'soft-off', 'soft-restart', 'hard-restart', 'power-cycle', 'nmi'] as PowerOp[]).filter((o) => ops.has(o));
}

/** What kind of controller a Manager is (Manager.ManagerType). */
export type ManagerKind = 'bmc' | 'enclosure-manager' | 'management-controller' | 'auxiliary-controller' | 'rack-manager' | 'service' | 'other';

const MANAGER_KINDS: Record<string, ManagerKind> = {
  bmc: 'bmc',
  enclosuremanager: 'enclosure-manager',
  managementcontroller: 'management-controller',
  auxiliarycontroller: 'auxiliary-controller',
  rackmanager: 'rack-manager',
  service: 'service',
};

/** ManagerType as SMD stores it in ComponentEndpoints (RedfishSubtype), from our enum. */
const MANAGER_TYPE_NAMES: Record<ManagerKind, string> = {
  bmc: 'BMC',
  'enclosure-manager': 'EnclosureManager',
  'management-controller': 'ManagementController',
  'auxiliary-controller': 'AuxiliaryController',
  'rack-manager': 'RackManager',
  service: 'Service',
  other: '',
};

export function toManagerKind(raw: unknown): ManagerKind {
  return typeof raw === 'string' ? (MANAGER_KINDS[raw.trim().toLowerCase()] ?? 'other') : 'other';
}

export function managerTypeName(kind: ManagerKind): string {
  return MANAGER_TYPE_NAMES[kind];
}

/** ComputerSystem.SystemType. SMD treats a missing type as Physical (rfcomponents.go). */
export type SystemKind = 'physical' | 'virtual' | 'logical' | 'other';

const SYSTEM_KINDS: Record<string, SystemKind> = {
  physical: 'physical',
  virtual: 'virtual',
  oshostedvirtual: 'virtual',
  logical: 'logical',
  composed: 'logical',
  physicallypartitioned: 'physical',
  virtuallypartitioned: 'virtual',
  dpu: 'other',
};

export function toSystemKind(raw: unknown): SystemKind {
  if (typeof raw !== 'string' || raw.trim() === '') return 'physical';
  return SYSTEM_KINDS[raw.trim().toLowerCase()] ?? 'other';
}

/**
 * Boards that report no host NIC at all, for which SMD synthesises the host MACs from the BMC's
 * (Cray-HPE/hms-smd `discoverComponentEPEthInterfaces`: Intel S2600 boards — model or name containing
 * "s2600", or an Id starting with "qs" — get two NICs at the lowest BMC MAC − 2 and − 1; the lower one is
 * the node's). Mockup intel-s2600bpb confirms it: its system UUID ends in a4bf012890a8, the lowest BMC
 * MAC a4:bf:01:28:90:aa minus 2.
 */
export interface HostMacQuirk {
  name: string;
  applies(system: { id: string; model?: string; name?: string }): boolean;
  /** Offsets added to the lowest BMC MAC. */
  offsets: number[];
}

export const HOST_MAC_QUIRKS: HostMacQuirk[] = [
  {
    name: 'intel-s2600-host-mac-from-bmc',
    applies: (s) => /s2600/i.test(s.model ?? '') || /s2600/i.test(s.name ?? '') || /^qs/i.test(s.id),
    offsets: [-2, -1],
  },
];
