/**
 * Meanings of IPMI completion codes (§5.2 Table 5-2) and RMCP+ status codes (§13.24 Table 13-15),
 * so errors carry words a person can act on instead of a bare hex byte.
 */
import { AppCmd, ChassisCmd, NetFn, TransportCmd } from './ipmi.constants';

/** §5.2 Table 5-2: generic completion codes (valid for every command). */
const GENERIC: Record<number, string> = {
  0x00: 'command completed normally',
  0xc0: 'node busy',
  0xc1: 'invalid command',
  0xc2: 'command invalid for given LUN',
  0xc3: 'timeout while processing command',
  0xc4: 'out of space',
  0xc5: 'reservation cancelled or invalid reservation ID',
  0xc6: 'request data truncated',
  0xc7: 'request data length invalid',
  0xc8: 'request data field length limit exceeded',
  0xc9: 'parameter out of range',
  0xca: 'cannot return number of requested data bytes',
  0xcb: 'requested sensor, data, or record not present',
  0xcc: 'invalid data field in request',
  0xcd: 'command illegal for specified sensor or record type',
  0xce: 'command response could not be provided',
  0xcf: 'cannot execute duplicated request',
  0xd0: 'SDR repository in update mode',
  0xd1: 'device in firmware update mode',
  0xd2: 'BMC initialization or initialization agent in progress',
  0xd3: 'destination unavailable',
  0xd4: 'insufficient privilege level',
  0xd5: 'command not supported in present state',
  0xd6: 'command sub-function has been disabled or is unavailable',
  0xff: 'unspecified error',
};

/**
 * Command-specific codes (80h–BEh) reuse numbers per command, so they are keyed by "netFn:cmd".
 * Only the commands this package speaks are listed.
 */
const key = (netFn: number, cmd: number) => `${netFn}:${cmd}`;
const COMMAND_SPECIFIC: Record<string, Record<number, string>> = {
  // §22.18 Set Session Privilege Level
  [key(NetFn.App, AppCmd.SetSessionPrivilegeLevel)]: {
    0x80: 'requested level not available for this user',
    0x81: 'requested level exceeds channel and/or user privilege limit',
    0x82: 'cannot disable user level authentication',
  },
  // §22.19 Close Session
  [key(NetFn.App, AppCmd.CloseSession)]: { 0x87: 'invalid session ID in request', 0x88: 'invalid session handle in request' },
  // §24.1 Activate Payload
  [key(NetFn.App, AppCmd.ActivatePayload)]: {
    0x80: 'payload already active on another session',
    0x81: 'payload type is disabled',
    0x82: 'payload activation limit reached',
    0x83: 'cannot activate payload with encryption',
    0x84: 'cannot activate payload without encryption',
  },
  // §24.2 Deactivate Payload
  [key(NetFn.App, AppCmd.DeactivatePayload)]: { 0x80: 'payload already deactivated', 0x81: 'payload type is disabled' },
  // §28.12 Set System Boot Options
  [key(NetFn.Chassis, ChassisCmd.SetSystemBootOptions)]: {
    0x80: 'parameter not supported',
    0x81: "attempt to set 'set in progress' when not in 'set complete' state",
    0x82: 'attempt to write read-only parameter',
  },
  // §28.13 Get System Boot Options
  [key(NetFn.Chassis, ChassisCmd.GetSystemBootOptions)]: { 0x80: 'parameter not supported' },
  // §23.2 Get LAN Configuration Parameters
  [key(NetFn.Transport, TransportCmd.GetLanConfigParameters)]: { 0x80: 'parameter not supported' },
  // §23.1 Set LAN Configuration Parameters
  [key(NetFn.Transport, TransportCmd.SetLanConfigParameters)]: {
    0x80: 'parameter not supported',
    0x81: "attempt to set 'set in progress' when not in 'set complete' state",
    0x82: 'attempt to write read-only parameter',
    0x83: 'attempt to read write-only parameter',
  },
};

/** Words for a completion code; `netFn`/`cmd` (request netFn) pick the command-specific table. */
export function completionCodeMeaning(code: number, netFn?: number, cmd?: number): string {
  if (GENERIC[code] !== undefined) return GENERIC[code];
  if (netFn !== undefined && cmd !== undefined) {
    const specific = COMMAND_SPECIFIC[key(netFn & 0xfe, cmd)]?.[code];
    if (specific) return specific;
  }
  if (code >= 0x01 && code <= 0x7e) return 'device-specific (OEM) completion code';
  if (code >= 0x80 && code <= 0xbe) return 'command-specific completion code';
  return 'reserved completion code';
}

/** §13.24 Table 13-15: RMCP+ and RAKP message status codes. */
export const RakpStatus = {
  NoErrors: 0x00,
  InsufficientResources: 0x01,
  InvalidSessionId: 0x02,
  InvalidPayloadType: 0x03,
  InvalidAuthenticationAlgorithm: 0x04,
  InvalidIntegrityAlgorithm: 0x05,
  NoMatchingAuthenticationPayload: 0x06,
  NoMatchingIntegrityPayload: 0x07,
  InactiveSessionId: 0x08,
  InvalidRole: 0x09,
  UnauthorizedRole: 0x0a,
  InsufficientResourcesForRole: 0x0b,
  InvalidNameLength: 0x0c,
  UnauthorizedName: 0x0d,
  UnauthorizedGuid: 0x0e,
  InvalidIntegrityCheckValue: 0x0f,
  InvalidConfidentialityAlgorithm: 0x10,
  NoCipherSuiteMatch: 0x11,
  IllegalParameter: 0x12,
} as const;

const RAKP_STATUS_TEXT: Record<number, string> = {
  0x00: 'no errors',
  0x01: 'insufficient resources to create a session',
  0x02: 'invalid session ID',
  0x03: 'invalid payload type',
  0x04: 'invalid authentication algorithm',
  0x05: 'invalid integrity algorithm',
  0x06: 'no matching authentication payload',
  0x07: 'no matching integrity payload',
  0x08: 'inactive session ID',
  0x09: 'invalid role',
  0x0a: 'unauthorized role or privilege level requested',
  0x0b: 'insufficient resources to create a session at the requested role',
  0x0c: 'invalid name length',
  0x0d: 'unauthorized name',
  0x0e: 'unauthorized GUID',
  0x0f: 'invalid integrity check value',
  0x10: 'invalid confidentiality algorithm',
  0x11: 'no cipher suite match with proposed security algorithms',
  0x12: 'illegal or unrecognized parameter',
};

export function rakpStatusMeaning(status: number): string {
  return RAKP_STATUS_TEXT[status] ?? 'reserved status code';
}
