/** Configuration of one simulated BMC's IPMI face, with the defaults the interop tests rely on. */
import { Privilege, PrivilegeLevel } from '../../src/protocols/ipmi';

export interface BmcUser {
  name: string;
  password: string;
  privilege: PrivilegeLevel;
  enabled?: boolean;
}

/** Switchable misbehaviour (DESIGN.md "fault knobs"). */
export interface FaultKnobs {
  /** Added to every reply. */
  latencyMs?: number;
  /** Uniform extra delay 0…jitterMs. */
  jitterMs?: number;
  /** Probability (0–1) that an inbound datagram is silently dropped. */
  dropRate?: number;
  /** Failed RAKP 3 checks before the user is locked out (0/undefined = never). */
  lockoutAfter?: number;
  /** How long a lockout lasts. */
  lockoutMs?: number;
  /** Concurrent sessions (any state) per BMC; Open Session answers "insufficient resources" beyond it. */
  maxSessions?: number;
  /** Idle time after which a session is dropped (the spec's session inactivity timeout; real BMCs use ~60 s). */
  sessionTimeoutMs?: number;
}

export interface BmcFaceConfig {
  users: BmcUser[];
  /** Cipher suites offered (Get Channel Cipher Suites) and accepted (Open Session). */
  cipherSuites: number[];
  faults: FaultKnobs;
  /** Get Device ID answer fields. */
  manufacturerId: number;
  productId: number;
  firmware: [major: number, minorBcd: number];
}

export const DEFAULT_USERS: BmcUser[] = [
  { name: 'admin', password: 'Password123!', privilege: Privilege.Administrator },
  { name: 'operator', password: 'Operator123!', privilege: Privilege.Operator },
  { name: 'user', password: 'User123!', privilege: Privilege.User },
];

export function bmcFaceConfig(partial: Partial<BmcFaceConfig> = {}): BmcFaceConfig {
  return {
    users: partial.users ?? DEFAULT_USERS,
    cipherSuites: partial.cipherSuites ?? [3, 17],
    faults: { maxSessions: 32, sessionTimeoutMs: 60_000, lockoutMs: 60_000, ...partial.faults },
    // IANA 7154 is the IPMI forum itself: a neutral manufacturer that cannot be mistaken for a real vendor quirk.
    manufacturerId: partial.manufacturerId ?? 7154,
    productId: partial.productId ?? 0x4857,
    firmware: partial.firmware ?? [1, 0x00],
  };
}
