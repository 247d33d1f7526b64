import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normalizeMac } from '../common/net/mac';
import { normalizeXname } from '../common/xname/xname';
import { ComponentEntity } from './entities/component.entity';
import { EthernetInterfaceEntity } from './entities/ethernet-interface.entity';
import { GroupMemberEntity } from './entities/group.entity';

/** A node as boot, DHCP and cloud-init see it: plain data, no entities. */
export interface NodeRecord {
  xname: string;
  type: string;
  nid: number | null;
  role: string;
  state: string;
  enabled: boolean;
  /** Group labels in membership order (the order cloud-init merges them in). */
  groups: string[];
  interfaces: { mac: string; description: string; ips: { ip: string; network?: string }[] }[];
}

/**
 * The narrow, read-only port other modules use to look nodes up (STYLE.md §5). `undefined` means
 * "not in the inventory"; a database failure throws, so callers can tell the two apart.
 * Consumers that need speed keep their own snapshot and refresh it on `inventory.changed`.
 */
@Injectable()
export class InventoryReader {
  constructor(private readonly ds: DataSource) {}

  async getByMac(rawMac: string): Promise<NodeRecord | undefined> {
    const mac = normalizeMac(rawMac);
    if (!mac) return undefined;
    const nic = await this.ds.getRepository(EthernetInterfaceEntity).findOneBy({ macAddress: mac });
    return nic?.componentId ? this.getByXname(nic.componentId) : undefined;
  }

  async getByIp(ip: string): Promise<NodeRecord | undefined> {
    const nic = (await this.ds.getRepository(EthernetInterfaceEntity).find()).find((n) => n.ipAddresses.some((a) => a.IPAddress === ip));
    return nic?.componentId ? this.getByXname(nic.componentId) : undefined;
  }

  async getByNid(nid: number): Promise<NodeRecord | undefined> {
    const c = await this.ds.getRepository(ComponentEntity).findOneBy({ nid });
    return c ? this.getByXname(c.id) : undefined;
  }

  async getByXname(raw: string): Promise<NodeRecord | undefined> {
    const [node] = await this.load([normalizeXname(raw)]);
    return node;
  }

  /** Every component with its NICs and groups (for snapshots such as the DHCP server's). */
  async snapshot(): Promise<NodeRecord[]> {
    return this.load('all');
  }

  private async load(ids: string[] | 'all'): Promise<NodeRecord[]> {
    const comps = ids === 'all'
      ? await this.ds.getRepository(ComponentEntity).find({ order: { id: 'ASC' } })
      : await this.ds.getRepository(ComponentEntity).findBy(ids.map((id) => ({ id })));
    if (comps.length === 0) return [];
    // Group NICs and memberships by component once: O(n), so a 10k-node snapshot stays well under a second.
    const nicsOf = groupBy(await this.ds.getRepository(EthernetInterfaceEntity).find({ order: { id: 'ASC' } }), (n) => n.componentId);
    const groupsOf = groupBy(await this.ds.getRepository(GroupMemberEntity).find({ order: { position: 'ASC', groupLabel: 'ASC' } }), (m) => m.componentId);
    return comps.map((c) => ({
      xname: c.id,
      type: c.type,
      nid: c.nid,
      role: c.role,
      state: c.state,
      enabled: c.enabled,
      groups: (groupsOf.get(c.id) ?? []).map((m) => m.groupLabel),
      interfaces: (nicsOf.get(c.id) ?? []).map((n) => ({ mac: n.macAddress, description: n.description, ips: n.ipAddresses.map((a) => ({ ip: a.IPAddress, ...(a.Network ? { network: a.Network } : {}) })) })),
    }));
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
