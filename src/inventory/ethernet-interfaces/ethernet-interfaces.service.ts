import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/errors/hwctl-error';
import { isIP } from '../../common/net/ipv4';
import { macToId, normalizeMac } from '../../common/net/mac';
import { matches, parseSmdQuery } from '../../common/query-filter';
import { isValidXname, normalizeXname, xnameType } from '../../common/xname/xname';
import { EthernetInterfaceEntity, IpAddressEntry } from '../entities/ethernet-interface.entity';
import { ChangeSet, InventoryTx } from '../inventory-tx';
import { EthernetInterfaceDto, EthernetInterfacePatchDto, IpAddressDto } from './ethernet-interface.dto';
import { toEthernetInterfaceJson } from './ethernet-interface.mapper';
import { EthernetInterfacesRepository } from './ethernet-interfaces.repository';

const QUERY_PARAMS = ['ID', 'MACAddress', 'IPAddress', 'Network', 'ComponentID', 'Type', 'OlderThan', 'NewerThan'] as const;

export interface NicInput {
  mac: string;
  componentId: string;
  description?: string;
  ips: IpAddressEntry[];
}

/** SMD Inventory/EthernetInterfaces (reference §2.1–2.2): one row per MAC, ID = MAC without colons. */
@Injectable()
export class EthernetInterfacesService {
  constructor(
    private readonly repo: EthernetInterfacesRepository,
    private readonly tx: InventoryTx,
  ) {}

  async list(query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const q = parseSmdQuery(query, QUERY_PARAMS);
    const mac = q.get('macaddress');
    if (mac) {
      const norm = (v: string) => normalizeMac(v) ?? v.toLowerCase();
      mac.include = mac.include.map(norm);
      mac.exclude = mac.exclude.map(norm);
    }
    const id = q.get('id');
    if (id) id.include = id.include.map((v) => macToId(normalizeMac(v) ?? v));
    const comp = q.get('componentid');
    if (comp) comp.include = comp.include.map(normalizeXname);
    const rows = await this.repo.find(q);
    const ip = q.get('ipaddress');
    const net = q.get('network');
    const older = q.get('olderthan')?.include[0];
    const newer = q.get('newerthan')?.include[0];
    return rows
      .filter((e) => !ip || (ip.include.length === 0 || e.ipAddresses.some((a) => ip.include.includes(a.IPAddress))) && !e.ipAddresses.some((a) => ip.exclude.includes(a.IPAddress)))
      .filter((e) => !net || e.ipAddresses.some((a) => matches(net, a.Network ?? '')))
      .filter((e) => !older || e.lastUpdate < new Date(older).toISOString())
      .filter((e) => !newer || e.lastUpdate > new Date(newer).toISOString())
      .map(toEthernetInterfaceJson);
  }

  async get(rawId: string): Promise<Record<string, unknown>> {
    return toEthernetInterfaceJson(await this.mustFind(rawId));
  }

  async create(dto: EthernetInterfaceDto): Promise<string> {
    const row = this.build({
      mac: dto.MACAddress,
      componentId: dto.ComponentID ?? '',
      description: dto.Description,
      ips: this.checkIps(dto.IPAddresses ?? [], 'IPAddresses'),
    }, 'MACAddress');
    return this.tx.run(async (em, changes) => {
      if (await this.repo.findOne(row.id, em)) throw conflict(`operation would conflict with an existing ethernet interface with the same MAC address (${row.macAddress})`);
      await this.repo.insert(row, em);
      changes.add({ kind: 'ethernetInterface', action: 'upsert', ids: [row.id] });
      return row.id;
    });
  }

  async patch(rawId: string, dto: EthernetInterfacePatchDto): Promise<Record<string, unknown>> {
    const ips = dto.IPAddresses ? this.checkIps(dto.IPAddresses, 'IPAddresses') : undefined;
    const comp = dto.ComponentID !== undefined ? this.checkComponent(dto.ComponentID, 'ComponentID') : undefined;
    return this.tx.run(async (em, changes) => {
      const row = await this.mustFind(rawId, em);
      if (dto.Description !== undefined) row.description = dto.Description;
      if (comp) Object.assign(row, comp);
      if (ips) row.ipAddresses = ips;
      row.lastUpdate = new Date().toISOString();
      await this.repo.save([row], em);
      changes.add({ kind: 'ethernetInterface', action: 'upsert', ids: [row.id] });
      return toEthernetInterfaceJson(row);
    });
  }

  async addIp(rawId: string, dto: IpAddressDto): Promise<string> {
    const [ip] = this.checkIps([dto], 'IPAddress');
    return this.tx.run(async (em, changes) => {
      const row = await this.mustFind(rawId, em);
      if (row.ipAddresses.some((a) => a.IPAddress === ip.IPAddress)) throw conflict(`IP address ${ip.IPAddress} already exists on ${row.id}`);
      row.ipAddresses = [...row.ipAddresses, ip];
      row.lastUpdate = new Date().toISOString();
      await this.repo.save([row], em);
      changes.add({ kind: 'ethernetInterface', action: 'upsert', ids: [row.id] });
      return row.id;
    });
  }

  async updateIp(rawId: string, ip: string, network: string | undefined): Promise<Record<string, unknown>> {
    return this.editIps(rawId, ip, (list, i) => (list[i] = { IPAddress: ip, ...(network ? { Network: network } : {}) }));
  }

  async deleteIp(rawId: string, ip: string): Promise<void> {
    await this.editIps(rawId, ip, (list, i) => list.splice(i, 1));
  }

  async delete(rawId: string | 'all'): Promise<number> {
    return this.tx.run(async (em, changes) => {
      const ids = await this.repo.delete(rawId === 'all' ? 'all' : [this.idOf(rawId)], em);
      if (ids.length === 0) throw notFound(rawId === 'all' ? 'no entries to delete' : 'no such ethernet interface.');
      changes.add({ kind: 'ethernetInterface', action: 'delete', ids });
      return ids.length;
    });
  }

  /**
   * Writes NICs found by discovery or a load, inside the caller's transaction. A MAC that belongs to
   * another component is a conflict unless `force` (then it moves, as SMD's PUT/force does).
   */
  async upsertIn(em: EntityManager, changes: ChangeSet, nics: NicInput[], force: boolean, at: string): Promise<void> {
    const rows = nics.map((n, i) => this.build(n, `${at}[${i}].mac`));
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.id)) throw conflict(`MAC address ${r.macAddress} appears twice in the request`);
      seen.add(r.id);
    }
    const existing = new Map((await this.repo.findByIds(rows.map((r) => r.id), em)).map((e) => [e.id, e]));
    for (const r of rows) {
      const old = existing.get(r.id);
      if (old && old.componentId && old.componentId !== r.componentId && !force) {
        throw conflict(`MAC address ${r.macAddress} already belongs to ${old.componentId}`);
      }
      if (old && !r.description) r.description = old.description;
      if (old && r.ipAddresses.length === 0) r.ipAddresses = old.ipAddresses;
    }
    await this.repo.upsert(rows, em); // build() sets every column
    changes.add({ kind: 'ethernetInterface', action: 'upsert', ids: rows.map((r) => r.id) });
  }

  private build(n: NicInput, macField: string): EthernetInterfaceEntity {
    const mac = normalizeMac(n.mac);
    if (!mac) throw badRequest(`${macField}: invalid MAC address "${n.mac}"`, macField);
    return Object.assign(new EthernetInterfaceEntity(), {
      id: macToId(mac),
      macAddress: mac,
      description: n.description ?? '',
      ...this.checkComponent(n.componentId, 'ComponentID'),
      ipAddresses: n.ips,
      lastUpdate: new Date().toISOString(),
    });
  }

  private checkComponent(raw: string, field: string): { componentId: string; type: string } {
    if (!raw) return { componentId: '', type: '' };
    const id = normalizeXname(raw);
    if (!isValidXname(id)) throw badRequest(`${field}: invalid xname "${raw}"`, field);
    return { componentId: id, type: xnameType(id) ?? '' };
  }

  private checkIps(ips: IpAddressDto[], field: string): IpAddressEntry[] {
    return ips.map((ip, i) => {
      if (!ip.IPAddress || !isIP(ip.IPAddress)) {
        throw badRequest(`${field}[${i}].IPAddress: invalid IP address "${ip.IPAddress ?? ''}"`, `${field}[${i}].IPAddress`);
      }
      return { IPAddress: ip.IPAddress, ...(ip.Network ? { Network: ip.Network } : {}) };
    });
  }

  private async editIps(rawId: string, ip: string, edit: (list: IpAddressEntry[], i: number) => void) {
    return this.tx.run(async (em, changes) => {
      const row = await this.mustFind(rawId, em);
      const list = [...row.ipAddresses];
      const i = list.findIndex((a) => a.IPAddress === ip);
      if (i < 0) throw notFound(`no such IP address ${ip} on ${row.id}`);
      edit(list, i);
      row.ipAddresses = list;
      row.lastUpdate = new Date().toISOString();
      await this.repo.save([row], em);
      changes.add({ kind: 'ethernetInterface', action: 'upsert', ids: [row.id] });
      return toEthernetInterfaceJson(row);
    });
  }

  private idOf(raw: string): string {
    return macToId(normalizeMac(raw) ?? raw.toLowerCase());
  }

  private async mustFind(rawId: string, em?: EntityManager): Promise<EthernetInterfaceEntity> {
    const row = await this.repo.findOne(this.idOf(rawId), em);
    if (!row) throw notFound('no such ethernet interface.');
    return row;
  }
}
