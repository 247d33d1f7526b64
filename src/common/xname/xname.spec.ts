import {
  CONTROLLER_TYPES,
  XNAME_TYPES,
  XnameType,
  defaultNid,
  isValidXname,
  normalizeXname,
  xnameFields,
  xnameParent,
  xnameType,
} from './xname';

describe('normalizeXname', () => {
  it.each([
    ['x0001c01s07b0n00', 'x1c1s7b0n0'],
    ['X1000C1S7B0N0', 'x1000c1s7b0n0'],
    ['  x1000c1s7b0  ', 'x1000c1s7b0'],
    ['s0', 's0'],
    ['s00', 's0'],
    ['x0', 'x0'],
    ['x000', 'x0'],
    ['x0c0s0b0n0', 'x0c0s0b0n0'],
    ['x10c0s100b0n0', 'x10c0s100b0n0'], // zeros inside a number stay
    ['p01.002', 'p1.2'], // "." starts a new run, as in hms-xname RemoveLeadingZeros
    ['007', '7'],
    ['', ''],
    ['not-an-xname', 'not-an-xname'], // normalizing never validates
  ])('%j -> %j', (raw, want) => {
    expect(normalizeXname(raw)).toBe(want);
  });
});

// hms-xname xnametypes/hmstypes_test.go examples, plus the edges of each regex.
const TYPED: [string, XnameType][] = [
  ['s0', 'System'],
  ['sms1', 'SMSBox'],
  ['p0', 'Partition'],
  ['p0.0', 'Partition'],
  ['d0', 'CDU'],
  ['d0w0', 'CDUMgmtSwitch'],
  ['x0', 'Cabinet'],
  ['x9999', 'Cabinet'],
  ['x0d0', 'CabinetCDU'],
  ['x0b0', 'CabinetBMC'],
  ['x0e0', 'CEC'],
  ['x2000m3', 'CabinetPDUController'],
  ['x0m1p0', 'CabinetPDU'],
  ['x0m0i1', 'CabinetPDUNic'],
  ['x0m1p3j1', 'CabinetPDUOutlet'],
  ['x0m1p3v1', 'CabinetPDUPowerConnector'],
  ['x0c0', 'Chassis'],
  ['x0c7', 'Chassis'],
  ['x0c0b0', 'ChassisBMC'],
  ['x0c0b0i1', 'ChassisBMCNic'],
  ['x0c0t9', 'CMMRectifier'],
  ['x0c0f0', 'CMMFpga'],
  ['x0c0s0', 'ComputeModule'],
  ['x0c0s0b0', 'NodeBMC'],
  ['x0c0s0b999', 'NodeBMC'], // hms-xname: "our hack for Gigabyte CMCs"
  ['x0c0s0b0i1', 'NodeBMCNic'],
  ['x0c0s0e0', 'NodeEnclosure'],
  ['x0c0s0e0t0', 'NodeEnclosurePowerSupply'],
  ['x0c0s0j1', 'NodePowerConnector'],
  ['x0c0s0v2', 'NodePowerConnector'],
  ['x0c0s0b0f0', 'NodeFpga'],
  ['x0c0s0b0n0', 'Node'],
  ['x1000c1s7b0n0', 'Node'],
  ['x0c0s0b0n0v0', 'VirtualNode'],
  ['x0c0s0b0n0p0', 'Processor'],
  ['x0c0s0b0n0d0', 'Memory'],
  ['x0c0s0b0n0a0', 'NodeAccel'],
  ['x0c0s0b0n0r0', 'NodeAccelRiser'],
  ['x0c0s0b0n0i1', 'NodeNic'],
  ['x0c0s0b0n0h1', 'NodeHsnNic'],
  ['x0c0s0b0n0g0', 'StorageGroup'],
  ['x0c0s0b0n0g0k0', 'Drive'],
  ['x0c0r0', 'RouterModule'],
  ['x0c0r0b0', 'RouterBMC'],
  ['x0c0r0b0i1', 'RouterBMCNic'],
  ['x0c0r0f0', 'RouterFpga'],
  ['x0c0r0t0', 'RouterTOR'],
  ['x0c0r0t0f0', 'RouterTORFpga'],
  ['x0c0r0v1', 'RouterPowerConnector'],
  ['x0c0r16e0', 'HSNBoard'],
  ['x0c0r0a0', 'HSNAsic'],
  ['x0c0r0a0l0', 'HSNLink'],
  ['x0c0r0j1', 'HSNConnector'],
  ['x0c0r0j1p1', 'HSNConnectorPort'],
  ['x0c0w1', 'MgmtSwitch'],
  ['x0c0w1j1', 'MgmtSwitchConnector'],
  ['x0c0h1', 'MgmtHLSwitchEnclosure'],
  ['x0c0h1s2', 'MgmtHLSwitch'],
  // normalized before matching
  ['X0001C01S07B0N00', 'Node'],
  [' x3000c0w14 ', 'MgmtSwitch'],
];

const INVALID = [
  '',
  'asdfasdfa',
  'x',
  'x10000', // cabinet is 1-4 digits
  'x0c8', // chassis 0-7
  'x0c0b1', // ChassisBMC is always b0
  'x0c0w0', // switch numbers start at 1
  'x0c0h1s0',
  'x0c0s0b0n0p4', // processor 0-3
  'x0c0s0b0n0i4',
  'x0c0s0j3', // power connector 1-2
  'x0m4', // PDU controller 0-3
  'x0m0p0j0', // outlets start at 1
  's1', // only s0 is the system
  'p1x2', // hms-xname's unescaped "." would accept this; we do not
  'all', // hms-xname wildcards are not locations
  'all_comp',
  'x0c0s0b0n0 x0c0s0b0n1',
  'x0c0s0b0n0,x0c0s0b0n1',
];

describe('xnameType / isValidXname', () => {
  it.each(TYPED)('%j is %s', (raw, type) => {
    expect(xnameType(raw)).toBe(type);
    expect(isValidXname(raw)).toBe(true);
  });

  it.each(INVALID)('%j is invalid', (raw) => {
    expect(xnameType(raw)).toBeUndefined();
    expect(isValidXname(raw)).toBe(false);
  });

  it('the table above names every type exactly once in XNAME_TYPES', () => {
    const seen = new Set(TYPED.map(([, t]) => t));
    expect([...XNAME_TYPES].sort()).toEqual([...seen].sort());
    expect(new Set(XNAME_TYPES).size).toBe(XNAME_TYPES.length);
  });
});

describe('CONTROLLER_TYPES', () => {
  it.each([
    ['x1000c1s7b0', true],
    ['x0c0b0', true],
    ['x0c0r0b0', true],
    ['x3000m0', true],
    ['x3000c0w14', true],
    ['x3000c0h12s1', true],
    ['d0w1', true],
    ['x1000c1s7b0n0', false],
    ['x0b0', false], // CabinetBMC is not a Redfish endpoint type in SMD
    ['x0c0s0', false],
  ])('%s controller=%s', (raw, want) => {
    const t = xnameType(raw);
    expect(t !== undefined && CONTROLLER_TYPES.has(t)).toBe(want);
  });
});

describe('xnameParent', () => {
  it.each([
    ['x0c0s22b11', 'x0c0s22'],
    ['x1000c1s7b0n0', 'x1000c1s7b0'],
    ['x1000c1s7b0', 'x1000c1s7'],
    ['x1000c1s7', 'x1000c1'],
    ['x1000c1', 'x1000'],
    ['x1000', 's0'], // hms-xname: Cabinet and CDU hang under the system
    ['d1', 's0'],
    ['d1w2', 'd1'],
    ['x0c0s0b0n0v3', 'x0c0s0b0n0'],
    ['x0c0s0b0n0g0k1', 'x0c0s0b0n0g0'],
    ['x0m1p3j12', 'x0m1p3'],
    ['x0c0h1s2', 'x0c0h1'],
    ['x0c0s0b0f0', 'x0c0s0b0'], // string rule, not the table's NodeEnclosure
    ['X0001C01S07B0N00', 'x1c1s7b0'],
  ])('%s -> %s', (raw, want) => {
    expect(xnameParent(raw)).toBe(want);
  });

  it.each(['s0', 'p1.2', 'sms1', '', 'garbage', 'x10000'])('%j has no parent', (raw) => {
    expect(xnameParent(raw)).toBeUndefined();
  });
});

describe('xnameFields', () => {
  it.each<[string, Record<string, number> | undefined]>([
    ['x1000c1s7b0n0', { cabinet: 1000, chassis: 1, slot: 7, bmc: 0, node: 0 }],
    ['x0001c01s07b0n00', { cabinet: 1, chassis: 1, slot: 7, bmc: 0, node: 0 }],
    ['x3000c0h12s1', { cabinet: 3000, chassis: 0, enclosure: 12, switch: 1 }],
    ['x0c0s0b0n1v2', { cabinet: 0, chassis: 0, slot: 0, bmc: 0, node: 1, virtualNode: 2 }],
    ['d2w3', { cdu: 2, switch: 3 }],
    ['p3', { partition: 3 }],
    ['p3.4', { partition: 3, subPartition: 4 }],
    ['s0', {}],
    ['nope', undefined],
  ])('%s', (raw, want) => {
    expect(xnameFields(raw)).toEqual(want);
  });
});

describe('defaultNid (SMD GetBogusNID)', () => {
  it.each<[string, number | undefined]>([
    ['x0c0s0b0n0', 16384], // NIDs never start at 1: cabinet 0 is already offset by 16384
    ['x1c0s0b0n0', 32768],
    ['x1000c1s7b0n0', 1001 * 16384 + 2048 + 7 * 32],
    ['x0c0s25b0n0', 16384 + 800],
    ['x0c0s0b1n1', 16384 + 4 + 1],
    ['x3c7s63b7n3', 4 * 16384 + 7 * 2048 + 63 * 32 + 7 * 4 + 3],
    ['X0001C0S0B0N0', 32768], // normalized first
    ['x0c0s0b0n0v1', 16385], // VirtualNode: the v index replaces the node number (SMD quirk)
    ['x0c0s0b0n1', 16385], // ... so it collides with its sibling node
    ['x1000c1s7b0', undefined],
    ['x0c0s0b0n0p0', undefined],
    ['garbage', undefined],
    ['x0c0s99999999999999999999b0n0', undefined], // not a safe integer
  ])('%s -> %s', (raw, want) => {
    expect(defaultNid(raw)).toBe(want);
  });
});
