/**
 * Text exactly as ipmitool 1.8.19 prints it (lib/ipmi_chassis.c, lib/ipmi_mc.c, lib/ipmi_lanp.c), so output of
 * `hwctl ipmi` can be diffed against ipmitool's and scripts written for one read the other. Pure functions over
 * the response bytes; the byte layouts are IPMI v2.0 §20.1 (Get Device ID) and §23.2 Table 23-4 (LAN parameters).
 */
import { decodeDeviceId, LanParam, PowerAction } from '../../protocols/ipmi';

/** ipmitool's `chassis power` verbs, the action each means, and the word it prints (ipmi_chassis_power_control_vals). */
export const POWER_CONTROLS = {
  on: { action: 'on', printed: 'Up/On' },
  off: { action: 'off', printed: 'Down/Off' },
  cycle: { action: 'cycle', printed: 'Cycle' },
  reset: { action: 'reset', printed: 'Reset' },
  soft: { action: 'soft-off', printed: 'Soft' },
} as const satisfies Record<string, { action: PowerAction; printed: string }>;
export type PowerVerb = keyof typeof POWER_CONTROLS;

export const powerStatusLine = (on: boolean): string => `Chassis Power is ${on ? 'on' : 'off'}\n`;
export const powerControlLine = (verb: PowerVerb): string => `Chassis Power Control: ${POWER_CONTROLS[verb].printed}\n`;

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
/** helper.c unknown_val_str: "Unknown (0x%02X)". */
export const unknownValue = (n: number): string => `Unknown (0x${n.toString(16).toUpperCase().padStart(2, '0')})`;

/** ipm_dev_adtl_dev_support[], bit 0 first. */
const ADDITIONAL_SUPPORT = ['Sensor Device', 'SDR Repository Device', 'SEL Device', 'FRU Inventory Device', 'IPMB Event Receiver', 'IPMB Event Generator', 'Bridge', 'Chassis Device'];

/**
 * `mc info` from the raw Get Device ID response data (after the completion code). `manufacturerName` comes from
 * the IANA registry (enterprise-numbers.ts). The product name is "Unknown (0x…)": ipmitool's OEM product table
 * is not carried over, and neither BMC we test against is in it.
 */
export function formatMcInfo(data: Buffer, manufacturerName: string): string {
  const d = decodeDeviceId(data);
  const lines = [
    `Device ID                 : ${d.deviceId}`,
    `Device Revision           : ${d.deviceRevision}`,
    `Firmware Revision         : ${d.firmwareMajor}.${hex2(d.firmwareMinor)}`,
    // §20.1 byte 5: BCD, major in the low nibble ("51h" = 1.5, "02h" = 2.0).
    `IPMI Version              : ${(d.ipmiVersion & 0x0f).toString(16)}.${(d.ipmiVersion >> 4).toString(16)}`,
    `Manufacturer ID           : ${d.manufacturerId}`,
    `Manufacturer Name         : ${manufacturerName}`,
    `Product ID                : ${d.productId} (0x${hex2(d.productId >> 8)}${hex2(d.productId & 0xff)})`,
    `Product Name              : ${unknownValue(d.productId)}`,
    `Device Available          : ${d.updateInProgress ? 'no' : 'yes'}`,
    `Provides Device SDRs      : ${d.providesSdrs ? 'yes' : 'no'}`,
    'Additional Device Support :',
    ...ADDITIONAL_SUPPORT.filter((_, bit) => d.additionalSupport & (1 << bit)).map((s) => `    ${s}`),
  ];
  // ipmitool prints the auxiliary revision only when the response is exactly 15 bytes long.
  if (data.length === 15 && d.auxFirmware) lines.push('Aux Firmware Rev Info     : ', ...[...d.auxFirmware].map((b) => `    0x${hex2(b)}`));
  return lines.map((l) => `${l}\n`).join('');
}

// ---------- lan print ----------

/** A parameter's value (revision byte stripped), or null when the BMC does not support it (cc 80h, C9h, CCh). */
export type LanValues = ReadonlyMap<number, Buffer | null>;

/** Parameter 26 (ipmitool's IPMI_LANP_BAD_PASS_THRESH), not in our LanParam table. */
export const LAN_PARAM_BAD_PASSWORD_THRESHOLD = 26;

/**
 * The parameters `lan print` reads, in ipmitool's order. A failure other than "not supported" ends ipmitool's
 * listing there, except for the two VLAN parameters, whose failures it ignores.
 */
export const LAN_PRINT_PARAMS: { param: number; optional?: boolean }[] = [
  { param: LanParam.SetInProgress },
  { param: LanParam.AuthTypeSupport },
  { param: LanParam.AuthTypeEnables },
  { param: LanParam.IpAddressSource },
  { param: LanParam.IpAddress },
  { param: LanParam.SubnetMask },
  { param: LanParam.MacAddress },
  { param: LanParam.CommunityString },
  { param: LanParam.Ipv4HeaderParams },
  { param: LanParam.BmcArpControl },
  { param: LanParam.GratuitousArpInterval },
  { param: LanParam.DefaultGatewayIp },
  { param: LanParam.DefaultGatewayMac },
  { param: LanParam.BackupGatewayIp },
  { param: LanParam.BackupGatewayMac },
  { param: LanParam.VlanId, optional: true },
  { param: LanParam.VlanPriority, optional: true },
  { param: LanParam.CipherSuiteEntrySupport },
  // Entries (23) are read only when the entry count (22) is supported.
  { param: LanParam.CipherSuiteEntries },
  { param: LanParam.CipherSuitePrivilegeLevels },
  { param: LAN_PARAM_BAD_PASSWORD_THRESHOLD },
];

const line = (label: string, value: string) => `${label.padEnd(24)}: ${value}`;
const byte = (d: Buffer, i: number) => d[i] ?? 0;
const ipv4 = (d: Buffer) => [0, 1, 2, 3].map((i) => byte(d, i)).join('.');
const mac = (d: Buffer) => [0, 1, 2, 3, 4, 5].map((i) => hex2(byte(d, i))).join(':');

/** §22.13 / Table 23-4 auth type bits as ipmitool spells them, each followed by a space. */
function authTypes(b: number): string {
  return [
    [0x01, 'NONE '],
    [0x02, 'MD2 '],
    [0x04, 'MD5 '],
    [0x10, 'PASSWORD '],
    [0x20, 'OEM '],
  ]
    .filter(([bit]) => b & (bit as number))
    .map(([, s]) => s)
    .join('');
}

const PRIV_CHAR: Record<number, string> = { 1: 'c', 2: 'u', 3: 'o', 4: 'a', 5: 'O' };
const privChar = (n: number) => PRIV_CHAR[n] ?? 'X';

/**
 * `lan print` lines for the values read so far. Parameters absent from `values` were not read (a failure ended
 * the listing, as in ipmitool); the listing stops at the first such required parameter.
 */
export function formatLanPrint(values: LanValues): string {
  const out: string[] = [];
  const each = (param: number, render: (d: Buffer) => string[]): boolean => {
    if (!values.has(param)) return false;
    const d = values.get(param);
    if (d) out.push(...render(d));
    return true;
  };
  const done = () => out.map((l) => `${l}\n`).join('');

  if (!each(LanParam.SetInProgress, (d) => [line('Set in Progress', ['Set Complete', 'Set In Progress', 'Commit Write', 'Reserved'][byte(d, 0) & 3])])) return done();
  if (!each(LanParam.AuthTypeSupport, (d) => [line('Auth Type Support', authTypes(byte(d, 0)))])) return done();
  const enableRows = ['Callback', 'User    ', 'Operator', 'Admin   ', 'OEM     '];
  if (!each(LanParam.AuthTypeEnables, (d) => enableRows.map((who, i) => line(i === 0 ? 'Auth Type Enable' : '', `${who} : ${authTypes(byte(d, i))}`)))) return done();
  const sources = ['Unspecified', 'Static Address', 'DHCP Address', 'BIOS Assigned Address'];
  if (!each(LanParam.IpAddressSource, (d) => [line('IP Address Source', sources[byte(d, 0) & 0x0f] ?? 'Other')])) return done();
  if (!each(LanParam.IpAddress, (d) => [line('IP Address', ipv4(d))])) return done();
  if (!each(LanParam.SubnetMask, (d) => [line('Subnet Mask', ipv4(d))])) return done();
  if (!each(LanParam.MacAddress, (d) => [line('MAC Address', mac(d))])) return done();
  if (!each(LanParam.CommunityString, (d) => [line('SNMP Community String', cString(d))])) return done();
  const ipHeader = (d: Buffer) => `TTL=0x${hex2(byte(d, 0))} Flags=0x${hex2(byte(d, 1) & 0xe0)} Precedence=0x${hex2(byte(d, 2) & 0xe0)} TOS=0x${hex2(byte(d, 2) & 0x1e)}`;
  if (!each(LanParam.Ipv4HeaderParams, (d) => [line('IP Header', ipHeader(d))])) return done();
  const en = (on: number) => (on ? 'En' : 'Dis');
  if (!each(LanParam.BmcArpControl, (d) => [line('BMC ARP Control', `ARP Responses ${en(byte(d, 0) & 2)}abled, Gratuitous ARP ${en(byte(d, 0) & 1)}abled`)])) return done();
  // ipmitool computes (n + 1) / 2 in integer arithmetic before printing it with one decimal.
  if (!each(LanParam.GratuitousArpInterval, (d) => [line('Gratituous ARP Intrvl', `${Math.floor((byte(d, 0) + 1) / 2).toFixed(1)} seconds`)])) return done();
  if (!each(LanParam.DefaultGatewayIp, (d) => [line('Default Gateway IP', ipv4(d))])) return done();
  if (!each(LanParam.DefaultGatewayMac, (d) => [line('Default Gateway MAC', mac(d))])) return done();
  if (!each(LanParam.BackupGatewayIp, (d) => [line('Backup Gateway IP', ipv4(d))])) return done();
  if (!each(LanParam.BackupGatewayMac, (d) => [line('Backup Gateway MAC', mac(d))])) return done();
  each(LanParam.VlanId, (d) => [line('802.1q VLAN ID', byte(d, 1) & 0x80 ? String(((byte(d, 1) & 0x0f) << 8) + byte(d, 0)) : 'Disabled')]);
  each(LanParam.VlanPriority, (d) => [line('802.1q VLAN Priority', String(byte(d, 0) & 0x07))]);

  if (!values.has(LanParam.CipherSuiteEntrySupport)) return done();
  const support = values.get(LanParam.CipherSuiteEntrySupport);
  if (support) {
    if (!values.has(LanParam.CipherSuiteEntries)) return done();
    const entries = values.get(LanParam.CipherSuiteEntries);
    // Byte 0 of the entries is reserved; ipmitool prints "None" for a missing or over-long list.
    const ids = entries && entries.length <= 17 ? [...entries.subarray(1, 1 + Math.min(16, byte(support, 0)))].join(',') : 'None';
    out.push(line('RMCP+ Cipher Suites', ids));
  }
  if (!values.has(LanParam.CipherSuitePrivilegeLevels)) return done();
  const privs = values.get(LanParam.CipherSuitePrivilegeLevels);
  if (privs && privs.length === 9) {
    const chars = [...privs.subarray(1)].flatMap((b) => [privChar(b & 0x0f), privChar(b >> 4)]).slice(0, 15);
    out.push(line('Cipher Suite Priv Max', chars.join('')));
    for (const legend of ['X=Cipher Suite Unused', 'c=CALLBACK', 'u=USER', 'o=OPERATOR', 'a=ADMIN', 'O=OEM']) out.push(line('', `    ${legend}`));
  } else out.push(line('Cipher Suite Priv Max', 'Not Available'));

  if (!values.has(LAN_PARAM_BAD_PASSWORD_THRESHOLD)) return done();
  const bad = values.get(LAN_PARAM_BAD_PASSWORD_THRESHOLD);
  if (bad && bad.length === 6) {
    out.push(
      line('Bad Password Threshold', String(bad[1])),
      line('Invalid password disable', bad[0] & 1 ? 'yes' : 'no'),
      line('Attempt Count Reset Int.', String(bad.readUInt16LE(2) * 10)),
      line('User Lockout Interval', String(bad.readUInt16LE(4) * 10)),
    );
  } else out.push(line('Bad Password Threshold', 'Not Available'));
  return done();
}

/** ipmitool prints the community string with printf("%s"): up to the first NUL. */
function cString(d: Buffer): string {
  const end = d.indexOf(0);
  return d.subarray(0, end < 0 ? d.length : end).toString('latin1');
}
