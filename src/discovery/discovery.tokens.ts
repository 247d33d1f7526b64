import { HwctlConfig } from '../config/config';

/** The shared Redfish transport (one global in-flight bound for every collect of this replica). */
export const DISCOVERY_TRANSPORT = Symbol('DISCOVERY_TRANSPORT');
/** The BmcWalker (collect/bmc-walker.ts) that runs collect walks. */
export const DISCOVERY_WALKER = Symbol('DISCOVERY_WALKER');

export type DiscoveryConfig = HwctlConfig['discovery'];

/** BMC credentials as a request, a credentials file or the config give them. Never stored in a scan record. */
export interface BmcCredentials {
  username: string;
  password: string;
}

export interface CredentialSet {
  default?: BmcCredentials;
  /** Per BMC address (magellan's secrets file is keyed the same way). */
  byAddress?: Record<string, BmcCredentials>;
}

export const isoNow = (): string => new Date().toISOString();
