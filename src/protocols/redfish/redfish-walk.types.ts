/**
 * What a Redfish walk of one BMC produces: plain data, hwctl enums for vendor values, every path as the
 * BMC wrote it. The discovery module maps this into the inventory; nothing here knows about xnames.
 */
import { ManagerKind, PowerOp, PowerState, SystemKind } from './redfish-vendor.map';

export interface NicInfo {
  /** @odata.id of the EthernetInterface (or NetworkPort, or NetworkDeviceFunction) it came from. */
  path: string;
  id: string;
  /** Effective MAC (MACAddress; what DHCP sees), SMD form. */
  mac: string;
  /** PermanentMACAddress when it differs from the effective one (dmtf 12446A3B8890). */
  permanentMac?: string;
  ipv4: string[];
  enabled?: boolean;
  linkUp?: boolean;
  name?: string;
  description?: string;
}

/**
 * Where a system's host NICs were found, in the order tried (reference/redfish.md §4): the system's
 * EthernetInterfaces, its chassis' NetworkAdapters ports, its NetworkInterfaces (adapter ports, else
 * NetworkDeviceFunctions), a vendor quirk.
 */
export type HostNicSource = 'ethernet-interfaces' | 'network-adapters' | 'network-interfaces' | 'quirk' | 'none';

export interface ResetInfo {
  /** POST target, verbatim from the BMC (never constructed, reference §(c)). */
  target?: string;
  /** Allowed ResetType values in DMTF spelling where known, vendor values verbatim ("Off" on Cray EX). */
  allowed: string[];
  /** Where `allowed` came from; "unknown" means neither inline values nor ActionInfo: try and handle 400. */
  source: 'inline' | 'action-info' | 'unknown';
  actionInfo?: string;
  /** Our operations that `allowed` can carry. */
  ops: PowerOp[];
}

export interface SystemInfo {
  path: string;
  id: string;
  name?: string;
  kind: SystemKind;
  uuid?: string;
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  biosVersion?: string;
  hostName?: string;
  powerState: PowerState;
  reset: ResetInfo;
  processors: { count?: number; model?: string };
  memoryGiB?: number;
  nics: NicInfo[];
  nicSource: HostNicSource;
  /** Name of the HOST_MAC_QUIRKS entry used, when nicSource is "quirk". */
  nicQuirk?: string;
  chassis: string[];
  managedBy: string[];
}

export interface ManagerInfo {
  path: string;
  id: string;
  name?: string;
  kind: ManagerKind;
  uuid?: string;
  model?: string;
  firmwareVersion?: string;
  /** The manager's own NICs, Redfish Host Interface NICs excluded. */
  nics: NicInfo[];
  /** Manager-side NICs of a Redfish Host Interface (DSP0270): host-facing, never the BMC's address. */
  hostInterfaceNics: string[];
  reset: ResetInfo;
}

export interface ChassisInfo {
  path: string;
  id: string;
  name?: string;
  chassisType?: string;
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  powerState: PowerState;
  reset: ResetInfo;
}

/** A resource we could not read but could do without (404, error body, HTML): recorded, not fatal. */
export interface WalkWarning {
  path: string;
  problem: string;
}

export interface BmcInventory {
  /** The address and port we talked to. */
  address: string;
  port: number;
  redfishVersion?: string;
  /** ServiceRoot UUID: the stable identity of the service (reference §0.1). */
  serviceUuid?: string;
  vendor?: string;
  product?: string;
  /** $expand form used for collections, if the service advertised one. */
  expand?: string;
  systems: SystemInfo[];
  managers: ManagerInfo[];
  chassis: ChassisInfo[];
  /** The BMC's own MAC (see bmcMacSource), SMD form. */
  bmcMac?: string;
  /**
   * ip-match: a manager NIC carries the scanned address (magellan FindMACAddressWithIP);
   * first-usable: none does (NAT, loopback simulators), so the first enabled NIC with a routable IPv4;
   * first: the first NIC with a MAC; none: the BMC reports no NIC (Cray EX).
   */
  bmcMacSource: 'ip-match' | 'first-usable' | 'first' | 'none';
  warnings: WalkWarning[];
  stats: { requests: number; retries: number; durationMs: number };
}
