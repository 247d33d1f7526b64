import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, parseNodesFile, summarize } from './nodes-file.parser';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', name), 'utf8');
const nums = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The load body both fixtures must turn into (BMC names aside). */
const expectedNodes = nums.map((i) => ({
  xname: `x1000c1s7b${i}n0`,
  name: `nid00${i}`,
  nid: i,
  bmc: `x1000c1s7b${i}`,
  groups: ['compute'],
  interfaces: [{ mac: `de:ad:be:ef:00:0${i}`, ips: [{ ip: `172.16.0.${i}`, network: 'management' }] }],
}));
const expectedBmcs = nums.map((i) => ({ xname: `x1000c1s7b${i}`, mac: `de:ad:be:ef:10:0${i}`, ip: `172.16.0.10${i}`, fqdn: `172.16.0.10${i}` }));

/** Problems as `line: path: message` strings, for compact expectations. */
function problemsOf(text: string): string[] {
  const r = parseNodesFile(text);
  expect(r.body).toBeUndefined();
  return r.problems.map((p) => `${p.line ?? '-'}: ${p.path}: ${p.message}`);
}

describe('parseNodesFile: the two fixtures', () => {
  it('reads the flat gen_nodes_file.sh list (seeds/003)', () => {
    const r = parseNodesFile(fixture('nodes-9.yaml'));
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('flat');
    expect(r.body).toEqual({ bmcs: expectedBmcs, nodes: expectedNodes });
  });

  it('reads the ochami discover static file (reference §2.4a) into the same body', () => {
    const r = parseNodesFile(fixture('nodes-9-ochami.yaml'));
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('ochami');
    expect(r.body!.nodes).toEqual(expectedNodes);
    expect(r.body!.bmcs).toEqual(expectedBmcs.map((b, k) => ({ ...b, name: `bmc${k + 1}` })));
  });

  it('counts what the daemon will create: 18 components worth of BMCs and nodes, 18 NICs, 1 group', () => {
    expect(summarize(parseNodesFile(fixture('nodes-9.yaml')).body!)).toEqual({ bmcs: 9, nodes: 9, interfaces: 18, groups: 1 });
  });
});

describe('parseNodesFile: format variants', () => {
  it('reads the first bootcamp variant (seeds/000: bmc_ipaddr, ipaddr, mac; uppercase MAC)', () => {
    const r = parseNodesFile(`nodes:
  - bmc_ipaddr: 172.16.0.101
    ipaddr: 172.16.0.1
    mac: EC:E7:A7:05:A1:FC
    nid: 1
    xname: x1000c1s7b1n0
    group: compute
    name: nid001
`);
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('flat');
    expect(r.body).toEqual({
      bmcs: [{ xname: 'x1000c1s7b1', ip: '172.16.0.101', fqdn: '172.16.0.101' }],
      nodes: [{ xname: 'x1000c1s7b1n0', name: 'nid001', nid: 1, bmc: 'x1000c1s7b1', groups: ['compute'], interfaces: [{ mac: 'ec:e7:a7:05:a1:fc', ips: [{ ip: '172.16.0.1' }] }] }],
    });
  });

  it("reads ochami's deprecated flat keys (groups, bmc_fqdn, ip_addrs[].network)", () => {
    const r = parseNodesFile(`nodes:
- name: node01
  xname: x1000c1s7b0n0
  groups: [compute, gpu]
  group: compute
  bmc_mac: de:ca:fc:0f:ee:ee
  bmc_ip: 172.16.0.101
  bmc_fqdn: bmc01.example.org
  interfaces:
  - mac_addr: de:ad:be:ee:ee:f1
    ip_addrs:
    - network: internal
      ip_addr: 172.16.0.1
`);
    expect(r.problems).toEqual([]);
    expect(r.body!.bmcs).toEqual([{ xname: 'x1000c1s7b0', mac: 'de:ca:fc:0f:ee:ee', ip: '172.16.0.101', fqdn: 'bmc01.example.org' }]);
    expect(r.body!.nodes[0].groups).toEqual(['compute', 'gpu']);
    expect(r.body!.nodes[0].interfaces[0].ips).toEqual([{ ip: '172.16.0.1', network: 'internal' }]);
  });

  it('merges the BMC of two nodes that share it (flat format) and counts its MAC once', () => {
    const r = parseNodesFile(`nodes:
- {xname: x1000c1s7b1n0, bmc_mac: 'de:ad:be:ef:10:01', bmc_ip: 172.16.0.101}
- {xname: x1000c1s7b1n1, bmc_ip: 172.16.0.101}
`);
    expect(r.problems).toEqual([]);
    expect(r.body!.bmcs).toEqual([{ xname: 'x1000c1s7b1', mac: 'de:ad:be:ef:10:01', ip: '172.16.0.101', fqdn: '172.16.0.101' }]);
    expect(r.body!.nodes.map((n) => n.bmc)).toEqual(['x1000c1s7b1', 'x1000c1s7b1']);
  });

  it('resolves an ochami node bmc by BMC name or xname, and derives it from the xname when absent', () => {
    const r = parseNodesFile(`bmcs:
- {name: bmc-a, xname: x1000c1s7b1, ip: 172.16.0.101}
nodes:
- {xname: x1000c1s7b1n0, bmc: bmc-a}
- {xname: x1000c1s7b1n1, bmc: X1000C1S7B01}
- {xname: x1000c1s7b2n0}
`);
    expect(r.problems).toEqual([]);
    expect(r.body!.nodes.map((n) => n.bmc)).toEqual(['x1000c1s7b1', 'x1000c1s7b1', 'x1000c1s7b2']);
    expect(r.body!.nodes[0]).toEqual({ xname: 'x1000c1s7b1n0', bmc: 'x1000c1s7b1', groups: [], interfaces: [] });
  });

  it('accepts JSON (a YAML subset) and normalizes xnames and MACs', () => {
    const r = parseNodesFile('{"nodes":[{"xname":"X1000C1S7B01N0","nid":"7","interfaces":[{"mac_addr":"DE-AD-BE-EF-00-07"}]}]}');
    expect(r.problems).toEqual([]);
    expect(r.body!.nodes[0]).toMatchObject({ xname: 'x1000c1s7b1n0', nid: 7, interfaces: [{ mac: 'de:ad:be:ef:00:07', ips: [] }] });
  });
});

describe('parseNodesFile: every problem, with its location', () => {
  it.each([
    ['bad MAC', 'nodes:\n- xname: x1000c1s7b1n0\n  interfaces:\n  - mac_addr: zz\n', ['4: nodes[0].interfaces[0].mac_addr: invalid MAC "zz"']],
    ['bad IP', 'nodes:\n- xname: x1000c1s7b1n0\n  bmc_ip: 172.16.0.300\n', ['3: nodes[0].bmc_ip: invalid IP address "172.16.0.300"']],
    ['bad xname', 'nodes:\n- xname: y1000\n', ['2: nodes[0].xname: invalid xname "y1000"']],
    ['BMC xname given as node', 'nodes:\n- xname: x1000c1s7b1\n', ['2: nodes[0].xname: "x1000c1s7b1" is a NodeBMC xname, not a Node (e.g. x1000c1s7b1n0)']],
    ['missing xname', 'nodes:\n- name: nid001\n  nid: 1\n', ['2: nodes[0].xname: required']],
    ['NID zero', 'nodes:\n- {xname: x1000c1s7b1n0, nid: 0}\n', ['2: nodes[0].nid: NID must be a positive integer, got number 0']],
    ['NID text', 'nodes:\n- {xname: x1000c1s7b1n0, nid: one}\n', ['2: nodes[0].nid: NID must be a positive integer, got "one"']],
    ['NID fraction', 'nodes:\n- {xname: x1000c1s7b1n0, nid: 1.5}\n', ['2: nodes[0].nid: NID must be a positive integer, got number 1.5']],
    ['all-digit MAC read as a number', 'nodes:\n- {xname: x1000c1s7b1n0, interfaces: [{mac_addr: 001122334455}]}\n', ['2: nodes[0].interfaces[0].mac_addr: invalid MAC 1122334455 (a number: quote MAC addresses)']],
    ['bad group label', 'nodes:\n- {xname: x1000c1s7b1n0, group: "my group"}\n', ['2: nodes[0].group: invalid group label "my group" (letters, digits and - : . _ only)']],
    ['missing ip_addr', 'nodes:\n- xname: x1000c1s7b1n0\n  interfaces:\n  - mac_addr: de:ad:be:ef:00:01\n    ip_addrs:\n    - name: mgmt\n', ['6: nodes[0].interfaces[0].ip_addrs[0].ip_addr: required']],
    ['ipaddr without mac', 'nodes:\n- {xname: x1000c1s7b1n0, ipaddr: 172.16.0.1}\n', ['2: nodes[0].ipaddr: needs "mac": the NIC this address belongs to']],
    ['nodes not a list', 'nodes: x1000c1s7b1n0\n', ['1: nodes: expected a list, got "x1000c1s7b1n0"']],
    ['empty file', '', ['-: (file): no nodes and no bmcs: nothing to load']],
    ['not a mapping', '- a\n- b\n', ['-: (file): expected a mapping (key: value), got a list']],
    ['YAML syntax error', 'nodes:\n- xname: x1000c1s7b1n0\n  nid: [1\n', [expect.stringMatching(/^\d+: \(yaml\): /)]],
    ['duplicate key', 'nodes:\n- xname: x1000c1s7b1n0\n  xname: x1000c1s7b2n0\n', [expect.stringMatching(/^3: \(yaml\): Map keys must be unique/)]],
  ])('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('flags unknown keys, naming the other format when the key belongs to it', () => {
    expect(problemsOf('bmcs: []\nnodes:\n- {xname: x1000c1s7b1n0, bmc_mac: "de:ad:be:ef:10:01", macaddr: x}\n')).toEqual([
      expect.stringMatching(/^3: nodes\[0\]\.bmc_mac: unknown key "bmc_mac" \(a key of the flat nodes format; this file is in the ochami format\)/),
      expect.stringMatching(/^3: nodes\[0\]\.macaddr: unknown key "macaddr"; expected one of: name, nid, xname, bmc, groups, interfaces$/),
    ]);
  });

  it('reports duplicates (MACs across BMCs and NICs, xnames, NIDs, names) naming both places', () => {
    const text = `bmcs:
- {name: b1, xname: x1000c1s7b1, mac: "de:ad:be:ef:00:01"}
- {name: b1, xname: x1000c1s7b01}
nodes:
- {name: nid001, xname: x1000c1s7b1n0, nid: 1, interfaces: [{mac_addr: "DE:AD:BE:EF:00:01"}]}
- {name: nid001, xname: X1000C1S7B1N0, nid: 1}
`;
    expect(problemsOf(text)).toEqual([
      '3: bmcs[1].xname: duplicate BMC xname "x1000c1s7b1" (also at bmcs[0].xname)',
      '3: bmcs[1].name: duplicate BMC name "b1" (also at bmcs[0].name)',
      '5: nodes[0].interfaces[0].mac_addr: duplicate MAC "de:ad:be:ef:00:01" (also at bmcs[0].mac)',
      '6: nodes[1].xname: duplicate node xname "x1000c1s7b1n0" (also at nodes[0].xname)',
      '6: nodes[1].name: duplicate node name "nid001" (also at nodes[0].name)',
      '6: nodes[1].nid: duplicate NID 1 (also at nodes[0].nid)',
    ]);
  });

  it('reports conflicting BMC fields of nodes sharing a BMC (flat format)', () => {
    expect(problemsOf('nodes:\n- {xname: x1000c1s7b1n0, bmc_ip: 172.16.0.101}\n- {xname: x1000c1s7b1n1, bmc_ip: 172.16.0.102}\n')).toEqual([
      '3: nodes[1].bmc_ip: "172.16.0.102" conflicts with "172.16.0.101" given at nodes[0] for the same BMC x1000c1s7b1',
    ]);
  });

  it('reports an ochami bmc reference that is neither a listed name nor a BMC xname', () => {
    expect(problemsOf('bmcs: [{name: b1, xname: x1000c1s7b1}]\nnodes:\n- {xname: x1000c1s7b1n0, bmc: b2}\n- {xname: x1000c1s7b1n1, bmc: x1000c1s7b1n0}\n')).toEqual([
      '3: nodes[0].bmc: "b2" is neither the name of a BMC in bmcs nor a BMC xname',
      '4: nodes[1].bmc: "x1000c1s7b1n0" is a Node xname, not a BMC',
    ]);
  });

  it('reports all problems of a file at once, in file order', () => {
    const bad = fixture('nodes-9.yaml')
      .replace('de:ad:be:ef:00:04', 'zz')
      .replace('xname: x1000c1s7b6n0', 'xname: x1000c1s7b6')
      .replace('ip_addr: 172.16.0.8', 'ip_addr: 172.16.0.800')
      .replace('nid: 9', 'nid: -9');
    expect(parseNodesFile(bad).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'nodes[3].interfaces[0].mac_addr: invalid MAC "zz"',
      'nodes[5].xname: "x1000c1s7b6" is a NodeBMC xname, not a Node (e.g. x1000c1s7b1n0)',
      'nodes[7].interfaces[0].ip_addrs[0].ip_addr: invalid IP address "172.16.0.800"',
      'nodes[8].nid: NID must be a positive integer, got number -9',
    ]);
  });
});

describe('detectFormat', () => {
  it.each([
    [{ bmcs: [], nodes: [] }, 'ochami'],
    [{ nodes: [{ xname: 'x', bmc: 'b' }] }, 'ochami'],
    [{ nodes: [{ xname: 'x', bmc_ip: '1.2.3.4' }] }, 'flat'],
    [{ nodes: [{ xname: 'x', mac: 'm' }] }, 'flat'],
    [{ nodes: [{ xname: 'x', groups: ['compute'] }] }, 'ochami'],
  ])('%j → %s', (doc, format) => {
    expect(detectFormat(doc)).toBe(format);
  });
});
