import { CONTROLLER_TYPES, normalizeXname, xnameParent, xnameType } from '../../common/xname/xname';
import { compact, readGroups, readInterfaces } from './common-fields.converter';
import { FLAT_ONLY_KEYS } from './flat-format.converter';
import { LoadBmc, LoadNode } from './nodes-file.types';
import { FieldReader, Path, YamlMap } from './nodes-file.reader';

const BMC_KEYS = new Set(['name', 'xname', 'mac', 'ip', 'fqdn']);
const NODE_KEYS = new Set(['name', 'nid', 'xname', 'bmc', 'groups', 'interfaces']);

/**
 * The ochami `discover static` file (reference §2.4a; ochami pkg/discover DiscoveryItems):
 * `bmcs: [{name, xname, mac, ip, fqdn}]`, `nodes: [{name, nid, xname, bmc, groups, interfaces}]`.
 * A node's `bmc` names a listed BMC by name or xname; left out, it is the node xname's parent,
 * as ochami's Node.ResolveBMC does.
 */
export function convertOchami(r: FieldReader, doc: YamlMap): { bmcs: LoadBmc[]; nodes: LoadNode[] } {
  const bmcs: LoadBmc[] = [];
  const byName = new Map<string, string>();
  r.list(doc, [], 'bmcs').forEach((raw, i) => {
    const at: Path = ['bmcs', i];
    const b = r.map(raw, at);
    if (!b) return;
    r.knownKeys(b, at, BMC_KEYS);
    const xname = r.xname(b, at, 'xname', 'bmc', true);
    const name = r.text(b, at, 'name');
    const mac = r.mac(b, at, 'mac', false);
    const ip = r.ip(b, at, 'ip', false);
    const fqdn = r.fqdn(b, at, 'fqdn');
    if (xname) r.unique('BMC xname', xname, [...at, 'xname']);
    if (name) r.unique('BMC name', name, [...at, 'name']);
    if (mac) r.unique('MAC', mac, [...at, 'mac']);
    if (!xname) return;
    if (name) byName.set(name, xname);
    bmcs.push(compact({ xname, name, mac, ip, fqdn: fqdn ?? ip }));
  });

  const nodes: LoadNode[] = [];
  r.list(doc, [], 'nodes').forEach((raw, i) => {
    const at: Path = ['nodes', i];
    const n = r.map(raw, at);
    if (!n) return;
    r.knownKeys(n, at, NODE_KEYS, (k) => (FLAT_ONLY_KEYS.has(k) ? 'a key of the flat nodes format; this file is in the ochami format' : undefined));
    const xname = r.xname(n, at, 'xname', 'node', true);
    const name = r.text(n, at, 'name');
    const nid = r.nid(n, at, 'nid');
    const groups = readGroups(r, n, at);
    const interfaces = readInterfaces(r, n, at);
    if (xname) r.unique('node xname', xname, [...at, 'xname']);
    if (name) r.unique('node name', name, [...at, 'name']);
    if (nid !== undefined) r.unique('NID', nid, [...at, 'nid']);
    const bmc = resolveBmc(r, n, at, xname, byName);
    if (!xname || !bmc) return;
    nodes.push(compact({ xname, name, nid, bmc, groups, interfaces }));
  });
  return { bmcs, nodes };
}

function resolveBmc(r: FieldReader, n: YamlMap, at: Path, xname: string | undefined, byName: Map<string, string>) {
  const ref = r.text(n, at, 'bmc');
  if (ref === undefined) return xname ? xnameParent(xname) : undefined;
  if (byName.has(ref)) return byName.get(ref);
  // Not a listed name: it must be a BMC xname. An unlisted one is allowed (the daemon creates the
  // BMC without address), as ochami lets SMD create it from the node.
  const id = normalizeXname(ref);
  const type = xnameType(id);
  if (type && CONTROLLER_TYPES.has(type)) return id;
  r.problem([...at, 'bmc'], type ? `"${ref}" is a ${type} xname, not a BMC` : `"${ref}" is neither the name of a BMC in bmcs nor a BMC xname`);
  return undefined;
}
