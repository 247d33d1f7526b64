import { xnameParent } from '../../common/xname/xname';
import { compact, readGroups, readInterfaces } from './common-fields.converter';
import { LoadBmc, LoadInterface, LoadNode } from './nodes-file.types';
import { FieldReader, Path, pathText, YamlMap } from './nodes-file.reader';

/** Keys only the flat format has: one of them on any node (and no bmcs: list) selects this format. */
export const FLAT_ONLY_KEYS = new Set(['group', 'bmc_mac', 'bmc_ip', 'bmc_fqdn', 'bmc_ipaddr', 'ipaddr', 'mac']);

const NODE_KEYS = new Set([
  'name', 'xname', 'nid', 'group', 'groups', 'bmc_mac', 'bmc_ip', 'bmc_fqdn', 'interfaces',
  // the first bootcamp's variant (seeds/000): one NIC as mac + ipaddr, the BMC address as bmc_ipaddr
  'bmc_ipaddr', 'ipaddr', 'mac',
]);

/**
 * The flat `nodes:` list: what the bootcamp's gen_nodes_file.sh writes (seeds/003: name, xname, nid,
 * group, bmc_mac, bmc_ip, interfaces) and ochami's deprecated NodeDeprecated (adds groups, bmc_fqdn),
 * plus the older seeds/000 variant (bmc_ipaddr, ipaddr, mac). There is no BMC list: each node's BMC is
 * its xname's parent (x1000c1s7b1n0 → x1000c1s7b1), described by the node's bmc_* fields. Nodes that
 * share a BMC must agree on those fields.
 */
export function convertFlat(r: FieldReader, doc: YamlMap): { bmcs: LoadBmc[]; nodes: LoadNode[] } {
  const bmcs = new Map<string, { bmc: LoadBmc; from: Path }>();
  const nodes: LoadNode[] = [];
  r.list(doc, [], 'nodes').forEach((raw, i) => {
    const at: Path = ['nodes', i];
    const n = r.map(raw, at);
    if (!n) return;
    r.knownKeys(n, at, NODE_KEYS, (k) => (k === 'bmc' ? 'an ochami-format key; without a bmcs: list this file is read as the flat format' : undefined));
    const xname = r.xname(n, at, 'xname', 'node', true);
    const name = r.text(n, at, 'name');
    const nid = r.nid(n, at, 'nid');
    if (xname) r.unique('node xname', xname, [...at, 'xname']);
    if (name) r.unique('node name', name, [...at, 'name']);
    if (nid !== undefined) r.unique('NID', nid, [...at, 'nid']);
    const groups = readGroups(r, n, at);
    const single = r.text(n, at, 'group');
    if (single !== undefined) {
      const label = r.groupLabel(single, [...at, 'group']);
      if (label && !groups.includes(label)) groups.unshift(label);
    }
    const interfaces = [...readLegacyInterface(r, n, at), ...readInterfaces(r, n, at)];
    const bmcXname = xname ? xnameParent(xname) : undefined;
    const bmc = readBmc(r, n, at);
    if (!xname || !bmcXname) return;
    mergeBmc(r, bmcs, { xname: bmcXname, ...bmc }, at);
    nodes.push(compact({ xname, name, nid, bmc: bmcXname, groups, interfaces }));
  });
  // The BMC's Redfish address defaults to its IP once every node sharing it has been read.
  const list = [...bmcs.values()].map(({ bmc }) => (bmc.fqdn || !bmc.ip ? bmc : { ...bmc, fqdn: bmc.ip }));
  return { bmcs: list, nodes };
}

function readBmc(r: FieldReader, n: YamlMap, at: Path): Omit<LoadBmc, 'xname'> {
  const mac = r.mac(n, at, 'bmc_mac', false);
  const ip = r.ip(n, at, 'bmc_ip', false);
  const oldIp = r.ip(n, at, 'bmc_ipaddr', false);
  if (ip && oldIp && ip !== oldIp) r.problem([...at, 'bmc_ipaddr'], `differs from bmc_ip "${ip}": keep one`);
  const fqdn = r.fqdn(n, at, 'bmc_fqdn');
  return compact({ mac, ip: ip ?? oldIp, fqdn });
}

/** seeds/000 wrote one NIC per node as `mac` + `ipaddr` (no network name). */
function readLegacyInterface(r: FieldReader, n: YamlMap, at: Path): LoadInterface[] {
  const mac = r.mac(n, at, 'mac', false);
  const ip = r.ip(n, at, 'ipaddr', false);
  if (n.ipaddr != null && n.mac == null) r.problem([...at, 'ipaddr'], 'needs "mac": the NIC this address belongs to');
  if (!mac) return [];
  r.unique('MAC', mac, [...at, 'mac']);
  return [{ mac, ips: ip ? [{ ip }] : [] }];
}

const BMC_FIELDS = [
  ['mac', 'bmc_mac'],
  ['ip', 'bmc_ip'],
  ['fqdn', 'bmc_fqdn'],
] as const;

function mergeBmc(r: FieldReader, bmcs: Map<string, { bmc: LoadBmc; from: Path }>, next: LoadBmc, at: Path): void {
  const known = bmcs.get(next.xname);
  if (!known) {
    bmcs.set(next.xname, { bmc: next, from: at });
    if (next.mac) r.unique('MAC', next.mac, [...at, 'bmc_mac']);
    return;
  }
  for (const [field, key] of BMC_FIELDS) {
    const value = next[field];
    if (value === undefined) continue;
    const had = known.bmc[field];
    if (had === undefined) {
      known.bmc[field] = value;
      if (field === 'mac') r.unique('MAC', value, [...at, key]);
    } else if (had !== value) {
      r.problem([...at, key], `"${value}" conflicts with "${had}" given at ${pathText(known.from)} for the same BMC ${next.xname}`);
    }
  }
}
