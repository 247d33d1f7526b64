// Node fields that read the same in both nodes-file formats (ochami and flat).
import { LoadInterface } from './nodes-file.types';
import { FieldReader, Path, YamlMap } from './nodes-file.reader';

const IFACE_KEYS = new Set(['mac_addr', 'ip_addrs']);
// ochami names the network `name` (discover.IfaceIP); its deprecated flat format and older files say `network`.
const IP_KEYS = new Set(['name', 'network', 'ip_addr']);

/** `interfaces: [{mac_addr, ip_addrs: [{name|network, ip_addr}]}]`, the same in both file formats. */
export function readInterfaces(r: FieldReader, node: YamlMap, path: Path): LoadInterface[] {
  const out: LoadInterface[] = [];
  r.list(node, path, 'interfaces').forEach((raw, j) => {
    const at = [...path, 'interfaces', j];
    const iface = r.map(raw, at);
    if (!iface) return;
    r.knownKeys(iface, at, IFACE_KEYS);
    const mac = r.mac(iface, at, 'mac_addr', true);
    if (mac) r.unique('MAC', mac, [...at, 'mac_addr']);
    const ips: LoadInterface['ips'] = [];
    r.list(iface, at, 'ip_addrs').forEach((rawIp, k) => {
      const ipAt = [...at, 'ip_addrs', k];
      const entry = r.map(rawIp, ipAt);
      if (!entry) return;
      r.knownKeys(entry, ipAt, IP_KEYS);
      const ip = r.ip(entry, ipAt, 'ip_addr', true);
      const name = r.text(entry, ipAt, 'name');
      const network = r.text(entry, ipAt, 'network');
      if (name !== undefined && network !== undefined && name !== network) {
        r.problem([...ipAt, 'network'], `"name" (${name}) and "network" (${network}) both name the network: keep one`);
      }
      if (ip) ips.push({ ip, ...((name ?? network) ? { network: name ?? network } : {}) });
    });
    if (mac) out.push({ mac, ips });
  });
  return out;
}

/** `groups: [compute, gpu]`; a single label (`groups: compute`) is accepted too. */
export function readGroups(r: FieldReader, n: YamlMap, at: Path): string[] {
  const raw = n.groups;
  const labels = typeof raw === 'string' ? [raw] : r.list(n, at, 'groups');
  const out: string[] = [];
  labels.forEach((g, k) => {
    const label = r.groupLabel(g, typeof raw === 'string' ? [...at, 'groups'] : [...at, 'groups', k]);
    if (label && !out.includes(label)) out.push(label);
  });
  return out;
}

/** Drops undefined fields so the JSON body (and `--dry-run --json`) shows only what the file said. */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
