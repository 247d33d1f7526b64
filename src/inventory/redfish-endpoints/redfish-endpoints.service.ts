import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SecretBox } from '../../common/crypto/secret-box';
import { badRequest, conflict, HwctlError, notFound } from '../../common/errors/hwctl-error';
import { isIP } from '../../common/net/ipv4';
import { normalizeMac } from '../../common/net/mac';
import { matches, parseSmdQuery } from '../../common/query-filter';
import { CONTROLLER_TYPES, normalizeXname, xnameType } from '../../common/xname/xname';
import { ComponentsService } from '../components/components.service';
import { RedfishEndpointEntity } from '../entities/redfish-endpoint.entity';
import { EthernetInterfacesService } from '../ethernet-interfaces/ethernet-interfaces.service';
import { ChangeSet, InventoryTx } from '../inventory-tx';
import { parseManagers, parseSystems } from './magellan-payload';
import { deriveInventory } from './redfish-inventory.builder';
import { RedfishEndpointDto, RedfishEndpointPatchDto } from './redfish-endpoint.dto';
import { toComponentEndpointJson, toRedfishEndpointJson } from './redfish-endpoint.mapper';
import { RedfishEndpointsRepository } from './redfish-endpoints.repository';

const EP_PARAMS = ['id', 'fqdn', 'type', 'uuid', 'macaddr', 'ipaddress', 'laststatus'] as const;
const CE_PARAMS = ['id', 'redfish_ep', 'type', 'redfish_type'] as const;

/** SMD Inventory/RedfishEndpoints and ComponentEndpoints (reference §2.1–2.3). */
@Injectable()
export class RedfishEndpointsService {
  constructor(
    private readonly repo: RedfishEndpointsRepository,
    private readonly components: ComponentsService,
    private readonly nics: EthernetInterfacesService,
    private readonly box: SecretBox,
    private readonly tx: InventoryTx,
  ) {}

  async list(query: Record<string, unknown>) {
    const q = parseSmdQuery(query, EP_PARAMS);
    const status = q.get('laststatus');
    const rows = await this.repo.find(q);
    return rows
      .filter((r) => matches(status, String(r.discoveryInfo.LastDiscoveryStatus ?? '')))
      .map(toRedfishEndpointJson);
  }

  /**
   * The endpoint with this ID or exactly this FQDN (an address, for discovery), by index: `list` filters
   * case-insensitively (SMD semantics), which no index serves — a full scan per call, per BMC, in a collect.
   */
  async lookup(by: { id: string } | { fqdn: string }): Promise<{ ID: string; FQDN: string } | undefined> {
    const row = 'id' in by ? await this.repo.findOne(normalizeXname(by.id)) : await this.repo.findByFqdn(by.fqdn);
    return row ? { ID: row.id, FQDN: row.fqdn } : undefined;
  }

  async get(rawId: string) {
    return toRedfishEndpointJson(await this.mustFind(normalizeXname(rawId)));
  }

  /** POST: every endpoint is new (409 on a known ID or FQDN); all or nothing. */
  async create(items: RedfishEndpointDto[]): Promise<string[]> {
    const prepared = items.map((dto, i) => this.prepare(dto, items.length > 1 ? `RedfishEndpoints[${i}]` : ''));
    return this.tx.run(async (em, changes) => {
      const ids: string[] = [];
      for (const p of prepared) {
        if (await this.repo.findOne(p.row.id, em)) throw conflict(`operation would conflict with an existing RedfishEndpoint ${p.row.id}`);
        if (p.row.fqdn && (await this.repo.findByFqdn(p.row.fqdn, em))) throw conflict(`operation would conflict with an existing RedfishEndpoint with FQDN ${p.row.fqdn}`);
        if (ids.includes(p.row.id)) throw conflict(`RedfishEndpoint ${p.row.id} appears twice in the request`);
        await this.store(em, changes, p, false);
        ids.push(p.row.id);
      }
      return ids;
    });
  }

  /** PUT: create or replace; with SchemaVersion>0 the derived inventory is force-updated (NICs may move). */
  async put(rawId: string, dto: RedfishEndpointDto) {
    const id = normalizeXname(rawId);
    if (dto.ID && normalizeXname(dto.ID) !== id) throw badRequest('ID does not match the xname in the path', 'ID');
    const p = this.prepare({ ...dto, ID: id }, '');
    return this.tx.run(async (em, changes) => {
      const old = await this.repo.findOne(id, em);
      const other = p.row.fqdn ? await this.repo.findByFqdn(p.row.fqdn, em) : null;
      if (other && other.id !== id) throw conflict(`FQDN ${p.row.fqdn} belongs to RedfishEndpoint ${other.id}`);
      if (old && dto.Password === undefined) p.row.passwordSealed = old.passwordSealed; // omitted password = keep
      await this.store(em, changes, p, true);
      return toRedfishEndpointJson(p.row);
    });
  }

  async patch(rawId: string, dto: RedfishEndpointPatchDto) {
    const id = normalizeXname(rawId);
    return this.tx.run(async (em, changes) => {
      const row = await this.mustFind(id, em);
      const { Password, MACAddr, IPAddress, ...rest } = dto;
      const fields: Partial<RedfishEndpointEntity> = {
        name: rest.Name, hostname: rest.Hostname, domain: rest.Domain, fqdn: rest.FQDN, enabled: rest.Enabled,
        user: rest.User, useSsdp: rest.UseSSDP, macRequired: rest.MACRequired, rediscoverOnUpdate: rest.RediscoverOnUpdate,
      };
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) (row as any)[k] = v;
      if (MACAddr !== undefined) row.macAddr = this.mac(MACAddr, 'MACAddr');
      if (IPAddress !== undefined) row.ipAddress = this.ip(IPAddress, 'IPAddress');
      if (Password !== undefined) row.passwordSealed = Password ? this.box.seal(Password, id) : null;
      row.updatedAt = new Date().toISOString();
      await this.repo.saveEndpoint(row, em);
      changes.add({ kind: 'redfishEndpoint', action: 'upsert', ids: [id] });
      return toRedfishEndpointJson(row);
    });
  }

  async delete(rawId: string | 'all'): Promise<number> {
    return this.tx.run(async (em, changes) => {
      const r = await this.repo.deleteEndpoints(rawId === 'all' ? 'all' : [normalizeXname(rawId)], em);
      if (r.endpoints.length === 0) throw notFound(rawId === 'all' ? 'no entries to delete' : 'no such xname.');
      changes.add({ kind: 'redfishEndpoint', action: 'delete', ids: r.endpoints });
      changes.add({ kind: 'componentEndpoint', action: 'delete', ids: r.componentEndpoints });
      return r.endpoints.length;
    });
  }

  /**
   * Records a discovery attempt that stored no inventory (SMD DiscoveryInfo: LastDiscoveryAttempt and
   * LastDiscoveryStatus such as HTTPsGetFailed or AuthFailed), leaving every other field and the derived
   * components as they are. An unknown endpoint is registered only when `register` is given — a BMC that
   * answered Redfish but could not be walked (wrong credentials, unreadable answers) — with just its
   * address, so that `GET /Inventory/RedfishEndpoints?laststatus=AuthFailed` lists it and a PATCH of its
   * credentials fixes the next rediscovery. Returns whether a row was written.
   */
  async recordDiscoveryFailure(rawId: string, status: string, at: string, register?: { address: string }): Promise<boolean> {
    const id = normalizeXname(rawId);
    const type = xnameType(id);
    if (!type || !CONTROLLER_TYPES.has(type)) throw badRequest(`"${rawId}" is not a valid controller xname`, 'ID');
    return this.tx.run(async (em, changes) => {
      let row = await this.repo.findOne(id, em);
      if (!row) {
        if (!register || !isIP(register.address)) return false;
        if (await this.repo.findByFqdn(register.address, em)) return false; // the address is another endpoint's: not ours to touch
        row = this.prepare({ ID: id, FQDN: register.address, IPAddress: register.address } as RedfishEndpointDto, '').row;
      }
      row.discoveryInfo = { ...row.discoveryInfo, LastDiscoveryAttempt: at, LastDiscoveryStatus: status };
      row.updatedAt = new Date().toISOString();
      await this.repo.saveEndpoint(row, em);
      changes.add({ kind: 'redfishEndpoint', action: 'upsert', ids: [id] });
      return true;
    });
  }

  /** The decrypted BMC credentials, for drivers only; never serialized into an API answer. */
  async credentials(rawId: string): Promise<{ user: string; password: string } | undefined> {
    const row = await this.repo.findOne(normalizeXname(rawId));
    if (!row) return undefined;
    return { user: row.user, password: row.passwordSealed ? this.box.open(row.passwordSealed, row.id) : '' };
  }

  async listComponentEndpoints(query: Record<string, unknown>) {
    const q = parseSmdQuery(query, CE_PARAMS);
    const rows = await this.repo.findComponentEndpoints(q);
    const fqdn = new Map((await this.repo.findByIds([...new Set(rows.map((r) => r.redfishEndpointId))])).map((e) => [e.id, e.fqdn]));
    return rows.map((c) => toComponentEndpointJson(c, fqdn.get(c.redfishEndpointId) ?? ''));
  }

  async getComponentEndpoint(rawId: string) {
    const c = await this.repo.findComponentEndpoint(normalizeXname(rawId));
    if (!c) throw notFound('no such xname.');
    const ep = await this.repo.findOne(c.redfishEndpointId);
    return toComponentEndpointJson(c, ep?.fqdn ?? '');
  }

  async deleteComponentEndpoint(rawId: string): Promise<void> {
    const id = normalizeXname(rawId);
    await this.tx.run(async (em, changes) => {
      if (!(await this.repo.deleteComponentEndpoint(id, em))) throw notFound('no such xname.');
      changes.add({ kind: 'componentEndpoint', action: 'delete', ids: [id] });
    });
  }

  private async store(em: EntityManager, changes: ChangeSet, p: Prepared, force: boolean): Promise<void> {
    await this.repo.upsertEndpoint(p.row, em); // prepare() sets every column
    changes.add({ kind: 'redfishEndpoint', action: 'upsert', ids: [p.row.id] });
    if (!p.derived) return;
    const { components, componentEndpoints, nics } = p.derived;
    await this.components.upsertIn(em, changes, components, false);
    await this.repo.saveComponentEndpoints(componentEndpoints, em);
    changes.add({ kind: 'componentEndpoint', action: 'upsert', ids: componentEndpoints.map((c) => c.id) });
    await this.nics.upsertIn(em, changes, nics, force, 'EthernetInterfaces');
  }

  /** Validates and normalizes one endpoint (and its magellan inventory) before any write. */
  private prepare(dto: RedfishEndpointDto, at: string): Prepared {
    const f = (name: string) => (at ? `${at}.${name}` : name);
    const hostPart = (dto.Hostname || dto.FQDN || '').split('.')[0];
    const rawId = dto.ID || (isIP(dto.FQDN ?? '') ? '' : hostPart);
    const id = normalizeXname(rawId);
    const type = xnameType(id);
    if (!rawId || !type || !CONTROLLER_TYPES.has(type)) {
      throw badRequest(`${f('ID')}: "${rawId}" is not a valid controller xname (e.g. x1000c1s7b0)`, f('ID'));
    }
    const fqdn = dto.FQDN || (dto.Hostname ? [dto.Hostname, dto.Domain].filter(Boolean).join('.') : '');
    const fqdnIsIp = isIP(fqdn);
    const hostname = dto.Hostname || (fqdnIsIp ? fqdn : fqdn.split('.')[0]);
    if (dto.Hostname && hostname.includes('.') && !isIP(hostname)) {
      throw badRequest(`${f('Hostname')}: must not contain dots unless it is an IP address`, f('Hostname'));
    }
    const row = Object.assign(new RedfishEndpointEntity(), {
      id,
      type,
      name: dto.Name ?? '',
      hostname,
      domain: dto.Domain ?? (fqdnIsIp ? '' : fqdn.split('.').slice(1).join('.')),
      fqdn,
      enabled: dto.Enabled ?? true,
      uuid: dto.UUID ?? '',
      user: dto.User ?? '',
      passwordSealed: dto.Password ? this.box.seal(dto.Password, id) : null,
      useSsdp: dto.UseSSDP ?? false,
      macRequired: dto.MACRequired ?? false,
      macAddr: dto.MACAddr ? this.mac(dto.MACAddr, f('MACAddr')) : '',
      ipAddress: dto.IPAddress ? this.ip(dto.IPAddress, f('IPAddress')) : fqdnIsIp ? fqdn : '',
      rediscoverOnUpdate: dto.RediscoverOnUpdate ?? false,
      templateId: dto.TemplateID ?? '',
      discoveryInfo: { LastDiscoveryStatus: 'NotYetQueried' } as Record<string, unknown>,
      updatedAt: new Date().toISOString(),
    });
    if (!dto.SchemaVersion) return { row };
    if (type !== 'NodeBMC' && (dto.Systems?.length ?? 0) > 0) {
      throw badRequest(`${f('Systems')}: nodes can only be derived under a NodeBMC, not a ${type}`, f('Systems'));
    }
    const managers = parseManagers(dto.Managers);
    const systems = parseSystems(dto.Systems);
    row.discoveryInfo = { LastDiscoveryAttempt: row.updatedAt, LastDiscoveryStatus: 'DiscoverOK', RedfishVersion: '' };
    return { row, derived: deriveInventory(row, managers, systems) };
  }

  private mac(raw: string, field: string): string {
    const mac = normalizeMac(raw);
    if (!mac) throw badRequest(`${field}: invalid MAC address "${raw}"`, field);
    return mac;
  }

  private ip(raw: string, field: string): string {
    if (!isIP(raw)) throw badRequest(`${field}: invalid IP address "${raw}"`, field);
    return raw;
  }

  private async mustFind(id: string, em?: EntityManager): Promise<RedfishEndpointEntity> {
    const row = await this.repo.findOne(id, em);
    if (!row) throw new HwctlError('NOT_FOUND', 404, 'no such xname.');
    return row;
  }
}

interface Prepared {
  row: RedfishEndpointEntity;
  derived?: ReturnType<typeof deriveInventory>;
}
