/**
 * Numbers from IPMI v2.0 rev 1.1 that every layer of the IPMI code shares.
 * Plain `as const` tables (not TS enums) so values pass through the wire codecs unchanged
 * and unknown values coming off the wire stay representable as plain numbers.
 */

/** §13.1: RMCP's well-known UDP port (the "primary RMCP port", LAN parameter 8). */
export const RMCP_PORT = 623;

/** §13.1 / ASF 2.0 §3.2.2: the RMCP message class byte (bit 7 marks an RMCP ACK). */
export const RmcpClass = { Asf: 0x06, Ipmi: 0x07, Oem: 0x08 } as const;

/** §13.6: the "Authentication Type" byte that starts a session header (06h = RMCP+ / IPMI v2.0). */
export const AuthType = { None: 0x00, Md2: 0x01, Md5: 0x02, Password: 0x04, Oem: 0x05, RmcpPlus: 0x06 } as const;

/** §13.27: payload types carried in an RMCP+ session header. */
export const PayloadType = {
  Ipmi: 0x00,
  Sol: 0x01,
  OemExplicit: 0x02,
  OpenSessionRequest: 0x10,
  OpenSessionResponse: 0x11,
  Rakp1: 0x12,
  Rakp2: 0x13,
  Rakp3: 0x14,
  Rakp4: 0x15,
} as const;

/** §5.1: network function codes (requests are even; a response is request + 1). */
export const NetFn = {
  Chassis: 0x00,
  Bridge: 0x02,
  SensorEvent: 0x04,
  App: 0x06,
  Firmware: 0x08,
  Storage: 0x0a,
  Transport: 0x0c,
} as const;

/** Commands of the App network function (§20, §22, §24). */
export const AppCmd = {
  GetDeviceId: 0x01, // §20.1
  GetDeviceGuid: 0x08, // §20.8
  GetSystemGuid: 0x37, // §22.14
  GetChannelAccess: 0x41, // §22.23
  GetChannelInfo: 0x42, // §22.24
  GetChannelAuthCapabilities: 0x38, // §22.13
  SetSessionPrivilegeLevel: 0x3b, // §22.18
  CloseSession: 0x3c, // §22.19
  GetSessionInfo: 0x3d, // §22.20
  ActivatePayload: 0x48, // §24.1
  DeactivatePayload: 0x49, // §24.2
  GetPayloadActivationStatus: 0x4a, // §24.4
  GetChannelPayloadSupport: 0x4e, // §24.8
  GetChannelCipherSuites: 0x54, // §22.15
} as const;

/** Commands of the Chassis network function (§28). */
export const ChassisCmd = {
  GetChassisCapabilities: 0x00, // §28.1
  GetChassisStatus: 0x01, // §28.2
  ChassisControl: 0x02, // §28.3
  ChassisIdentify: 0x04, // §28.5
  SetSystemBootOptions: 0x08, // §28.12
  GetSystemBootOptions: 0x09, // §28.13
} as const;

/** Commands of the Transport network function (§23, §26). */
export const TransportCmd = {
  SetLanConfigParameters: 0x01, // §23.1
  GetLanConfigParameters: 0x02, // §23.2
  GetSolConfigParameters: 0x22, // §26.3
} as const;

/** §6.8 / §22.13: privilege levels; 0 in a request means "highest the user may have". */
export const Privilege = { Highest: 0x00, Callback: 0x01, User: 0x02, Operator: 0x03, Administrator: 0x04, Oem: 0x05 } as const;
export type PrivilegeLevel = 1 | 2 | 3 | 4 | 5;

export const PRIVILEGE_NAMES: Record<number, string> = {
  0: 'highest',
  1: 'callback',
  2: 'user',
  3: 'operator',
  4: 'administrator',
  5: 'oem',
};

/** §5.4: the BMC's slave address and the address a remote console uses for itself (Software ID 81h). */
export const BMC_SLAVE_ADDRESS = 0x20;
export const REMOTE_CONSOLE_SWID = 0x81;

/** §22.13: "current channel" in requests that take a channel number. */
export const CURRENT_CHANNEL = 0x0e;

/** IANA enterprise numbers: ASF (4542 = 0x11BE, ASF 2.0 §3.2.4.1) and the IPMI forum (7154 = 0x1BF2, §22.24). */
export const ASF_IANA = 0x000011be;
export const IPMI_IANA = 0x001bf2;

/** §13.20: username at most 16 bytes; §13.31 / §22.29: an IPMI 2.0 password (K_uid) at most 20 bytes. */
export const MAX_USERNAME_BYTES = 16;
export const MAX_PASSWORD_BYTES = 20;
