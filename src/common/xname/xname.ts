/**
 * Cray "xname" location IDs, as SMD (hms-smd / OpenCHAMI smd) validates and normalizes them.
 *
 * Source of truth: Cray-HPE/hms-xname v1.4.0 `xnametypes/hmstypes.go` (the version OpenCHAMI smd
 * pins in go.mod): `hmsCompRecognitionTable`, `NormalizeHMSCompID`, `RemoveLeadingZeros`,
 * `GetHMSCompParent`; and smd `cmd/smd/components.go` `GetBogusNID`. See also
 * ../shared/reference/openchami-api.md §2.2 and §2.4.
 */

export type XnameType =
  | 'System' | 'SMSBox' | 'Partition'
  | 'CDU' | 'CDUMgmtSwitch'
  | 'Cabinet' | 'CabinetCDU' | 'CabinetBMC' | 'CEC'
  | 'CabinetPDUController' | 'CabinetPDU' | 'CabinetPDUNic' | 'CabinetPDUOutlet' | 'CabinetPDUPowerConnector'
  | 'Chassis' | 'ChassisBMC' | 'ChassisBMCNic' | 'CMMRectifier' | 'CMMFpga'
  | 'ComputeModule' | 'NodeBMC' | 'NodeBMCNic' | 'NodeEnclosure' | 'NodeEnclosurePowerSupply'
  | 'NodePowerConnector' | 'NodeFpga'
  | 'Node' | 'VirtualNode' | 'Processor' | 'Memory' | 'NodeAccel' | 'NodeAccelRiser' | 'NodeNic' | 'NodeHsnNic'
  | 'StorageGroup' | 'Drive'
  | 'RouterModule' | 'RouterBMC' | 'RouterBMCNic' | 'RouterFpga' | 'RouterTOR' | 'RouterTORFpga'
  | 'RouterPowerConnector' | 'HSNBoard' | 'HSNAsic' | 'HSNLink' | 'HSNConnector' | 'HSNConnectorPort'
  | 'MgmtSwitch' | 'MgmtSwitchConnector' | 'MgmtHLSwitchEnclosure' | 'MgmtHLSwitch';

interface XnameRule {
  type: XnameType;
  re: RegExp;
  /** Names of the regex capture groups, in order (space separated to keep the table readable). */
  fields: string;
}

// Prefixes shared by most rules. Cabinet is 1-4 digits and chassis 0-7 exactly as hms-xname has them.
const X = 'x(\\d{1,4})';
const XC = `${X}c([0-7])`;
const XCS = `${XC}s(\\d+)`;
const XCSBN = `${XCS}b(\\d+)n(\\d+)`;
const XCR = `${XC}r(\\d+)`;
const XM = `${X}m([0-3])`;
const rule = (type: XnameType, body: string, fields = ''): XnameRule => ({ type, re: new RegExp(`^${body}$`), fields });

// One row per hmsCompRecognitionTable entry, minus the wildcards "all", "all_comp", "all_svc": hms-xname
// lets those through IsHMSCompIDValid, but they name no location, so we treat them as invalid here.
// The patterns are mutually exclusive (hms-xname GetHMSType walks a Go map, whose order is random, so
// it depends on that too); the order here only matters for speed, so the common types come first.
const RULES: readonly XnameRule[] = [
  rule('Node', XCSBN, 'cabinet chassis slot bmc node'),
  rule('NodeBMC', `${XCS}b(\\d+)`, 'cabinet chassis slot bmc'),
  rule('ComputeModule', XCS, 'cabinet chassis slot'),
  rule('Chassis', XC, 'cabinet chassis'),
  rule('Cabinet', X, 'cabinet'),
  rule('ChassisBMC', `${XC}b(0)`, 'cabinet chassis bmc'),
  rule('VirtualNode', `${XCSBN}v(\\d+)`, 'cabinet chassis slot bmc node virtualNode'),
  rule('Processor', `${XCSBN}p([0-3])`, 'cabinet chassis slot bmc node processor'),
  rule('Memory', `${XCSBN}d(\\d+)`, 'cabinet chassis slot bmc node memory'),
  rule('NodeAccel', `${XCSBN}a(\\d+)`, 'cabinet chassis slot bmc node accel'),
  rule('NodeAccelRiser', `${XCSBN}r([0-7])`, 'cabinet chassis slot bmc node riser'),
  rule('NodeNic', `${XCSBN}i([0-3])`, 'cabinet chassis slot bmc node nic'),
  rule('NodeHsnNic', `${XCSBN}h([0-3])`, 'cabinet chassis slot bmc node hsnNic'),
  rule('StorageGroup', `${XCSBN}g(\\d+)`, 'cabinet chassis slot bmc node storageGroup'),
  rule('Drive', `${XCSBN}g(\\d+)k(\\d+)`, 'cabinet chassis slot bmc node storageGroup drive'),
  rule('NodeBMCNic', `${XCS}b(\\d+)i([0-3])`, 'cabinet chassis slot bmc nic'),
  rule('NodeFpga', `${XCS}b(\\d+)f(0)`, 'cabinet chassis slot bmc fpga'),
  rule('NodeEnclosure', `${XCS}e(\\d+)`, 'cabinet chassis slot enclosure'),
  rule('NodeEnclosurePowerSupply', `${XCS}e(\\d+)t(\\d+)`, 'cabinet chassis slot enclosure powerSupply'),
  // 'j' is the deprecated spelling of 'v' (hms-xname comment); both are accepted, and kept as written.
  rule('NodePowerConnector', `${XCS}[jv]([1-2])`, 'cabinet chassis slot powerConnector'),
  rule('RouterModule', XCR, 'cabinet chassis router'),
  rule('RouterBMC', `${XCR}b(\\d+)`, 'cabinet chassis router bmc'),
  rule('RouterBMCNic', `${XCR}b(\\d+)i([0-3])`, 'cabinet chassis router bmc nic'),
  rule('RouterFpga', `${XCR}f([01])`, 'cabinet chassis router fpga'),
  rule('RouterTOR', `${XCR}t(\\d+)`, 'cabinet chassis router tor'),
  rule('RouterTORFpga', `${XCR}t(\\d+)f([01])`, 'cabinet chassis router tor fpga'),
  rule('RouterPowerConnector', `${XCR}v([1-2])`, 'cabinet chassis router powerConnector'),
  rule('HSNBoard', `${XCR}e(\\d+)`, 'cabinet chassis router board'),
  rule('HSNAsic', `${XCR}a([0-3])`, 'cabinet chassis router asic'),
  rule('HSNLink', `${XCR}a([0-3])l(\\d+)`, 'cabinet chassis router asic link'),
  rule('HSNConnector', `${XCR}j([1-9]\\d*)`, 'cabinet chassis router connector'),
  rule('HSNConnectorPort', `${XCR}j([1-9]\\d*)p([012])`, 'cabinet chassis router connector port'),
  rule('MgmtSwitch', `${XC}w([1-9]\\d*)`, 'cabinet chassis switch'),
  rule('MgmtSwitchConnector', `${XC}w([1-9]\\d*)j([1-9]\\d*)`, 'cabinet chassis switch connector'),
  rule('MgmtHLSwitchEnclosure', `${XC}h([1-9]\\d*)`, 'cabinet chassis enclosure'),
  rule('MgmtHLSwitch', `${XC}h([1-9]\\d*)s([1-9])`, 'cabinet chassis enclosure switch'),
  rule('ChassisBMCNic', `${XC}b(0)i([0-3])`, 'cabinet chassis bmc nic'),
  rule('CMMRectifier', `${XC}t(\\d)`, 'cabinet chassis rectifier'),
  rule('CMMFpga', `${XC}f(0)`, 'cabinet chassis fpga'),
  rule('CabinetBMC', `${X}b(0)`, 'cabinet bmc'),
  rule('CabinetCDU', `${X}d([01])`, 'cabinet cdu'),
  rule('CEC', `${X}e([01])`, 'cabinet cec'),
  rule('CabinetPDUController', XM, 'cabinet pduController'),
  rule('CabinetPDU', `${XM}p([0-7])`, 'cabinet pduController pdu'),
  rule('CabinetPDUNic', `${XM}i([0-3])`, 'cabinet pduController nic'),
  rule('CabinetPDUOutlet', `${XM}p([0-7])j([1-9]\\d*)`, 'cabinet pduController pdu outlet'),
  rule('CabinetPDUPowerConnector', `${XM}p([0-7])v([1-9]\\d*)`, 'cabinet pduController pdu powerConnector'),
  rule('CDU', 'd(\\d+)', 'cdu'),
  rule('CDUMgmtSwitch', 'd(\\d+)w(\\d+)', 'cdu switch'),
  rule('System', 's0'),
  rule('SMSBox', 'sms(\\d+)', 'sms'),
  // hms-xname writes "^p([0-9]+)(.([0-9]+))?$" with an unescaped dot, so "p1x2" passes there. We escape
  // it: only "pN" and "pN.M" are partitions.
  rule('Partition', 'p(\\d+)(?:\\.(\\d+))?', 'partition subPartition'),
];

/** Every type hwctl recognises, for `GET /service/values/type`-style listings. */
export const XNAME_TYPES: readonly XnameType[] = RULES.map((r) => r.type);

/**
 * Types that may own a RedfishEndpoint. hms-xname's IsHMSTypeController lists only the four BMC-like
 * types; smd `pkg/redfish/rfendpoints.go` (NewRedfishEPDescription, CheckPrePhase1) adds the three
 * management-switch types, and that wider set is what the API accepts.
 */
export const CONTROLLER_TYPES: ReadonlySet<XnameType> = new Set<XnameType>([
  'NodeBMC', 'ChassisBMC', 'RouterBMC', 'CabinetPDUController', 'MgmtSwitch', 'MgmtHLSwitch', 'CDUMgmtSwitch',
]);

/**
 * hms-xname NormalizeHMSCompID: trim, drop leading zeros from every run of digits, lower-case.
 * It does not validate ("x0001c01s07b0n00" -> "x1c1s7b0n0"; "foo" stays "foo"). A lone "0" is kept,
 * so "s0", "x0" and "n0" survive. Any non-digit (letters, ".") starts a new run, as in RemoveLeadingZeros.
 */
export function normalizeXname(raw: string): string {
  return raw.trim().replace(/(^|\D)0+(?=\d)/g, '$1').toLowerCase();
}

function match(raw: string): { rule: XnameRule; m: RegExpExecArray } | undefined {
  const id = normalizeXname(raw);
  for (const r of RULES) {
    const m = r.re.exec(id);
    if (m) return { rule: r, m };
  }
  return undefined;
}

/** hms-xname GetHMSType applied to the normalized ID; undefined where hms-xname says HMSTypeInvalid. */
export function xnameType(raw: string): XnameType | undefined {
  return match(raw)?.rule.type;
}

export function isValidXname(raw: string): boolean {
  return match(raw) !== undefined;
}

const NO_PARENT: ReadonlySet<XnameType> = new Set<XnameType>(['System', 'SMSBox', 'Partition']);

/**
 * hms-xname GetHMSCompParent: cut the trailing digits, then the trailing letters
 * ("x0c0s22b11" -> "x0c0s22"). Like hms-xname, Cabinet and CDU hang under the system "s0".
 * Differences, on purpose: invalid IDs and the types with no place in the hierarchy (System, SMSBox,
 * Partition) give undefined instead of a meaningless string (hms-xname turns "p1.2" into "p1.").
 * The string rule follows letters, not the type table: NodeFpga "x0c0s0b0f0" -> "x0c0s0b0" (a NodeBMC)
 * although hms-xname's table names NodeEnclosure as its parent type; SMD uses the string rule too.
 */
export function xnameParent(raw: string): string | undefined {
  const type = xnameType(raw);
  if (type === undefined || NO_PARENT.has(type)) return undefined;
  if (type === 'Cabinet' || type === 'CDU') return 's0';
  return normalizeXname(raw).replace(/\d+$/, '').replace(/[a-z]+$/, '');
}

/**
 * The numbers in an xname by name, e.g. Node "x1000c1s7b0n0" ->
 * { cabinet: 1000, chassis: 1, slot: 7, bmc: 0, node: 0 }. Undefined for an invalid xname.
 * Names depend on the type (the 's' of MgmtHLSwitch is `switch`, not `slot`); see RULES.
 */
export function xnameFields(raw: string): Record<string, number> | undefined {
  const hit = match(raw);
  if (!hit) return undefined;
  const out: Record<string, number> = {};
  const names = hit.rule.fields ? hit.rule.fields.split(' ') : [];
  names.forEach((name, i) => {
    const v = hit.m[i + 1];
    if (v !== undefined) out[name] = Number(v);
  });
  return out;
}

/**
 * SMD's default ("bogus") NID for a node that has no NID in the request nor a NodeMap entry
 * (smd cmd/smd/components.go GetBogusNID): (cab+1)*16384 + chassis*2048 + slot*32 + bmc*4 + node.
 * For a VirtualNode SMD uses the `v` index in place of the node number, so x0c0s0b0n0v1 and
 * x0c0s0b0n1 share NID 16385; we keep that so NIDs match what SMD would have assigned.
 * The terms overlap (slot*32 meets bmc*4 once bmc >= 8), so collisions are possible; SMD does not care.
 * Undefined for other types and when the result is not a safe integer (absurdly long slot numbers).
 */
export function defaultNid(raw: string): number | undefined {
  const hit = match(raw);
  if (!hit || (hit.rule.type !== 'Node' && hit.rule.type !== 'VirtualNode')) return undefined;
  const [cab, chassis, slot, bmc, node, vnode] = hit.m.slice(1).map(Number);
  const last = hit.rule.type === 'VirtualNode' ? vnode : node;
  const nid = (cab + 1) * 16384 + chassis * 2048 + slot * 32 + bmc * 4 + last;
  return Number.isSafeInteger(nid) ? nid : undefined;
}
