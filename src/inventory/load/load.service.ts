import { Injectable } from '@nestjs/common';
import { badRequest } from '../../common/errors/hwctl-error';
import { isIP } from '../../common/net/ipv4';
import { normalizeMac } from '../../common/net/mac';
import { CONTROLLER_TYPES, normalizeXname, xnameParent, xnameType } from '../../common/xname/xname';
import { ComponentsService } from '../components/components.service';
import { RedfishEndpointEntity } from '../entities/redfish-endpoint.entity';
import { EthernetInterfacesService, NicInput } from '../ethernet-interfaces/ethernet-interfaces.service';
import { GroupsService } from '../groups/groups.service';
import { InventoryTx } from '../inventory-tx';
import { RedfishEndpointsRepository } from '../redfish-endpoints/redfish-endpoints.repository';
import { LoadDto } from './load.dto';

export interface LoadResult {
  bmcs: number;
  nodes: number;
  interfaces: number;
  groups: number;
}

/**
 * Loads BMCs, nodes, NICs and groups in ONE transaction: a bad record anywhere means nothing is
 * stored. Without `overwrite`, existing records keep their NIDs and NIC owners (a MAC owned by
 * another component is a 409); with it, the file wins.
 */
@Injectable()
export class LoadService {
  constructor(
    private readonly components: ComponentsService,
    private readonly nics: EthernetInterfacesService,
    private readonly groups: GroupsService,
    private readonly endpoints: RedfishEndpointsRepository,
    private readonly tx: InventoryTx,
  ) {}

  async load(dto: LoadDto): Promise<LoadResult> {
    const overwrite = dto.overwrite ?? false;
    const bmcs = new Map<string, { name: string; mac: string; ip: string; fqdn: string }>();
    (dto.bmcs ?? []).forEach((b, i) => {
      const id = this.controller(b.xname, `bmcs[${i}].xname`);
      const ip = b.ip ? this.ip(b.ip, `bmcs[${i}].ip`) : '';
      bmcs.set(id, { name: b.name ?? '', mac: b.mac ? this.mac(b.mac, `bmcs[${i}].mac`) : '', ip, fqdn: b.fqdn || ip });
    });
    const nodes = (dto.nodes ?? []).map((n, i) => {
      const at = `nodes[${i}]`;
      const c = this.components.validate({ ID: n.xname, State: 'On', NID: n.nid, Enabled: true }, at);
      if (c.type !== 'Node') throw badRequest(`${at}.xname: "${n.xname}" is a ${c.type}, not a Node`, `${at}.xname`);
      const bmc = n.bmc ? this.controller(n.bmc, `${at}.bmc`) : xnameParent(c.id)!;
      if (!bmcs.has(bmc)) bmcs.set(bmc, { name: '', mac: '', ip: '', fqdn: '' });
      const nics: NicInput[] = (n.interfaces ?? []).map((nic, j) => ({
        mac: this.mac(nic.mac, `${at}.interfaces[${j}].mac`),
        componentId: c.id,
        description: `Interface ${j} for ${n.name || c.id}`,
        ips: (nic.ips ?? []).map((ip, k) => ({
          IPAddress: this.ip(ip.ip, `${at}.interfaces[${j}].ips[${k}].ip`),
          ...(ip.network ? { Network: ip.network } : {}),
        })),
      }));
      return { component: c, nics, groups: n.groups ?? [] };
    });

    return this.tx.run(async (em, changes) => {
      const bmcComponents = [...bmcs.keys()].map((id) => this.components.validate({ ID: id, State: 'Ready', Enabled: true }, 'bmcs'));
      await this.components.upsertIn(em, changes, [...bmcComponents, ...nodes.map((n) => n.component)], overwrite);
      const existing = new Map((await this.endpoints.findByIds([...bmcs.keys()], em)).map((e) => [e.id, e]));
      const rows = [...bmcs].map(([id, b]) => {
        const old = existing.get(id);
        return Object.assign(old ?? new RedfishEndpointEntity(), {
          id,
          type: xnameType(id)!,
          name: (overwrite || !old?.name ? b.name : old.name) || old?.name || '',
          hostname: b.fqdn ? b.fqdn.split('.')[0] : (old?.hostname ?? ''),
          domain: old?.domain ?? '',
          fqdn: b.fqdn || old?.fqdn || '',
          ipAddress: b.ip || old?.ipAddress || '',
          macAddr: b.mac || old?.macAddr || '',
          discoveryInfo: old?.discoveryInfo ?? { LastDiscoveryStatus: 'NotYetQueried' },
          updatedAt: new Date().toISOString(),
        });
      });
      await this.endpoints.saveEndpoints(rows, em);
      changes.add({ kind: 'redfishEndpoint', action: 'upsert', ids: [...bmcs.keys()] });
      const bmcNics: NicInput[] = [...bmcs].filter(([, b]) => b.mac).map(([id, b]) => ({
        mac: b.mac, componentId: id, description: `BMC interface of ${id}`, ips: b.ip ? [{ IPAddress: b.ip }] : [],
      }));
      const allNics = [...bmcNics, ...nodes.flatMap((n) => n.nics)];
      await this.nics.upsertIn(em, changes, allNics, overwrite, 'interfaces');
      const members = new Map<string, string[]>();
      for (const n of nodes) for (const g of n.groups) members.set(g, [...(members.get(g) ?? []), n.component.id]);
      const groupCount = await this.groups.ensureIn(em, changes, members, overwrite);
      return { bmcs: bmcs.size, nodes: nodes.length, interfaces: allNics.length, groups: groupCount };
    });
  }

  private controller(raw: string, field: string): string {
    const id = normalizeXname(raw);
    const t = xnameType(id);
    if (!t || !CONTROLLER_TYPES.has(t)) throw badRequest(`${field}: "${raw}" is not a valid BMC xname`, field);
    return id;
  }

  private mac(raw: string, field: string): string {
    const m = normalizeMac(raw);
    if (!m) throw badRequest(`${field}: invalid MAC address "${raw}"`, field);
    return m;
  }

  private ip(raw: string, field: string): string {
    if (!isIP(raw)) throw badRequest(`${field}: invalid IP address "${raw}"`, field);
    return raw;
  }
}
