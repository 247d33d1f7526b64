import { NodeRecord } from '../../inventory/inventory-reader';
import { BootParameterEntity } from '../entities/boot-parameter.entity';
import { BootKey } from '../parameters/boot-parameters.repository';

/**
 * Everything a bootscript answer needs, in memory: the bootable nodes of one inventory snapshot, indexed by
 * MAC, xname and NID, and every boot-parameter row by key. Built in one pass (three inventory queries and
 * one boot-parameter query) so a boot storm of 10k nodes costs one snapshot, not 10k lookups.
 *
 * Only what BSS would boot is indexed: components of type Node (BSS reads ?type=Node, so a BMC's MAC is
 * not a boot target) that are not Empty.
 */
export class BootIndex {
  private readonly byMac = new Map<string, NodeRecord>();
  private readonly byXname = new Map<string, NodeRecord>();
  private readonly byNid = new Map<number, NodeRecord>();
  private readonly rows = new Map<string, BootParameterEntity>();

  constructor(nodes: NodeRecord[], rows: BootParameterEntity[]) {
    for (const n of nodes) {
      if (!isBootable(n)) continue;
      this.byXname.set(n.xname, n);
      if (n.nid !== null && !this.byNid.has(n.nid)) this.byNid.set(n.nid, n);
      for (const i of n.interfaces) if (!this.byMac.has(i.mac)) this.byMac.set(i.mac, n);
    }
    for (const r of rows) this.rows.set(`${r.kind}:${r.target}`, r);
  }

  node(by: { mac?: string; xname?: string; nid?: number }): NodeRecord | undefined {
    if (by.mac !== undefined) return this.byMac.get(by.mac);
    if (by.xname !== undefined) return this.byXname.get(by.xname);
    return by.nid !== undefined ? this.byNid.get(by.nid) : undefined;
  }

  rowsFor(keys: BootKey[]): BootParameterEntity[] {
    return keys.map((k) => this.rows.get(`${k.kind}:${k.target}`)).filter((r): r is BootParameterEntity => r !== undefined);
  }
}

export function isBootable(n: Pick<NodeRecord, 'type' | 'state'>): boolean {
  return n.type === 'Node' && n.state !== 'Empty';
}

/** The keys whose parameters apply to a node: its xname, MACs, NID and groups. */
export function nodeKeys(n: NodeRecord): BootKey[] {
  return [
    { kind: 'host', target: n.xname },
    ...n.interfaces.map((i): BootKey => ({ kind: 'mac', target: i.mac })),
    ...(n.nid !== null ? [{ kind: 'nid', target: String(n.nid) } as BootKey] : []),
    ...n.groups.map((g): BootKey => ({ kind: 'group', target: g })),
  ];
}
