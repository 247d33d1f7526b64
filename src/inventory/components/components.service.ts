import { definedOnly } from '../../database/upsert';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, HwctlError, notFound } from '../../common/errors/hwctl-error';
import { parseSmdQuery } from '../../common/query-filter';
import { defaultNid, isValidXname, normalizeXname, xnameType } from '../../common/xname/xname';
import { ComponentEntity } from '../entities/component.entity';
import { ChangeSet, InventoryTx } from '../inventory-tx';
import { ARCHES, canonical, CLASSES, FLAGS, NET_TYPES, ROLES, STATES, SUB_ROLES } from '../smd-enums';
import { ComponentDto } from './component.dto';
import { ComponentProjection, project, toComponentJson } from './component.mapper';
import { ComponentsRepository } from './components.repository';

export const COMPONENT_QUERY_PARAMS = [
  'id', 'type', 'state', 'flag', 'role', 'subrole', 'enabled', 'softwarestatus', 'subtype', 'arch', 'class',
  'nettype', 'nid', 'nid_start', 'nid_end', 'partition', 'group', 'stateonly', 'flagonly', 'roleonly', 'nidonly',
] as const;

const NODE_TYPES = new Set(['Node', 'VirtualNode']);
const now = () => new Date().toISOString();

/** SMD State/Components semantics (reference §2.1–2.2). */
@Injectable()
export class ComponentsService {
  constructor(
    private readonly repo: ComponentsRepository,
    private readonly tx: InventoryTx,
  ) {}

  async list(query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const q = parseSmdQuery(query, COMPONENT_QUERY_PARAMS);
    for (const key of ['nid', 'nid_start', 'nid_end']) {
      for (const v of [...(q.get(key)?.include ?? []), ...(q.get(key)?.exclude ?? [])]) {
        if (!/^\d+$/.test(v)) throw badRequest(`${key} must be a non-negative integer, got "${v}"`, key);
      }
    }
    const idFilter = q.get('id');
    if (idFilter) {
      idFilter.include = idFilter.include.map(normalizeXname);
      idFilter.exclude = idFilter.exclude.map(normalizeXname);
    }
    const projection: ComponentProjection = (['state', 'flag', 'role', 'nid'] as const).find((p) =>
      isTrue(q.get(`${p}only`)?.include[0]),
    );
    const rows = await this.repo.find(q);
    return rows.map((c) => project(c, projection));
  }

  async get(rawId: string): Promise<Record<string, unknown>> {
    const c = await this.repo.findOne(normalizeXname(rawId));
    if (!c) throw notFound('no such xname.');
    return toComponentJson(c);
  }

  async getByNid(nid: number): Promise<Record<string, unknown>> {
    const c = await this.repo.findByNid(nid);
    if (!c) throw notFound('no such NID.');
    return toComponentJson(c);
  }

  async query(ids: string[], query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const wanted = new Set(ids.map(normalizeXname));
    const rows = await this.list(query);
    return rows.filter((c) => wanted.has(c.ID as string));
  }

  /** POST: insert new components; existing rows get only State/Flag/Subtype/NetType/Arch/Class unless force. */
  async upsertMany(items: ComponentDto[], force: boolean): Promise<void> {
    const incoming = items.map((item, i) => this.validate(item, `Components[${i}]`));
    await this.tx.run((em, changes) => this.upsertIn(em, changes, incoming, force));
  }

  async put(rawId: string, item: ComponentDto, force: boolean): Promise<void> {
    const id = normalizeXname(rawId);
    if (item.ID && normalizeXname(item.ID) !== id) throw badRequest('Component.ID does not match the xname in the path', 'Component.ID');
    const c = this.validate({ ...item, ID: id }, 'Component');
    // PUT replaces the whole component (Force is accepted for SMD compatibility; a PUT always wins).
    void force;
    await this.tx.run((em, changes) => this.upsertIn(em, changes, [c], true));
  }

  /** Used by RedfishEndpoints and inventory load, inside their own transaction. */
  async upsertIn(em: EntityManager, changes: ChangeSet, incoming: ComponentEntity[], force: boolean): Promise<void> {
    const existing = new Map((await this.repo.findByIds(incoming.map((c) => c.id), em)).map((c) => [c.id, c]));
    const rows = incoming.map((c) => {
      const old = existing.get(c.id);
      // Unset NIDs: keep the stored one; a new node gets SMD's default formula (unique per xname).
      if (!old) return { ...c, nid: c.nid ?? (NODE_TYPES.has(c.type) ? (defaultNid(c.id) ?? null) : null) };
      if (force) return { ...old, ...definedOnly(c), nid: c.nid ?? old.nid };
      return Object.assign(old, {
        state: c.state || old.state,
        flag: c.flag || old.flag,
        subType: c.subType || old.subType,
        netType: c.netType || old.netType,
        arch: c.arch || old.arch,
        class: c.class || old.class,
        updatedAt: c.updatedAt,
      });
    });
    await this.repo.upsert(rows as ComponentEntity[], em);
    changes.add({ kind: 'component', action: 'upsert', ids: rows.map((r) => r.id) });
  }

  async patch(rawIds: string[], apply: (c: ComponentEntity) => void): Promise<void> {
    const ids = rawIds.map(normalizeXname);
    await this.tx.run(async (em, changes) => {
      const rows = await this.repo.findByIds(ids, em);
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw notFound(`no such xname: ${missing.join(', ')}`);
      for (const r of rows) {
        apply(r);
        r.updatedAt = now();
      }
      await this.repo.save(rows, em);
      changes.add({ kind: 'component', action: 'upsert', ids });
    });
  }

  async setNids(entries: { ID: string; NID: number }[]): Promise<void> {
    const byId = new Map(entries.map((e) => [normalizeXname(e.ID), e.NID]));
    await this.patch([...byId.keys()], (c) => (c.nid = byId.get(c.id)!));
  }

  async delete(rawId: string | 'all'): Promise<number> {
    return this.tx.run(async (em, changes) => {
      const ids = await this.repo.delete(rawId === 'all' ? 'all' : [normalizeXname(rawId)], em);
      if (ids.length === 0) throw notFound(rawId === 'all' ? 'no entries to delete' : 'no such xname.');
      changes.add({ kind: 'component', action: 'delete', ids });
      return ids.length;
    });
  }

  /** Checks and normalizes one incoming component; errors name the field (e.g. Components[2].State). */
  validate(item: ComponentDto, at: string): ComponentEntity {
    const id = normalizeXname(item.ID ?? '');
    const type = xnameType(id);
    if (!item.ID || !isValidXname(id) || !type) throw badRequest(`${at}.ID: invalid xname "${item.ID ?? ''}"`, `${at}.ID`);
    const pick = <T extends string>(list: readonly T[], value: string | undefined, field: string, fallback: string): string => {
      if (value === undefined || value === '') return fallback;
      const v = canonical(list, value);
      if (!v) throw new HwctlError('BAD_REQUEST', 400, `${at}.${field}: invalid value "${value}" (one of ${list.join(', ')})`, [{ field: `${at}.${field}`, message: 'invalid value' }]);
      return v;
    };
    if (item.State === undefined || item.State === '') throw badRequest(`${at}.State: is required`, `${at}.State`);
    const isNode = NODE_TYPES.has(type);
    return Object.assign(new ComponentEntity(), {
      id,
      type,
      state: pick(STATES, item.State, 'State', 'Unknown'),
      flag: pick(FLAGS, item.Flag, 'Flag', 'OK'),
      enabled: item.Enabled ?? true,
      softwareStatus: item.SoftwareStatus ?? '',
      role: pick(ROLES, item.Role, 'Role', isNode ? 'Compute' : ''),
      subRole: pick(SUB_ROLES, item.SubRole, 'SubRole', ''),
      nid: item.NID ?? null,
      subType: item.Subtype ?? '',
      netType: pick(NET_TYPES, item.NetType, 'NetType', ''),
      arch: pick(ARCHES, item.Arch, 'Arch', isNode ? 'X86' : ''),
      class: pick(CLASSES, item.Class, 'Class', isNode ? 'River' : ''),
      reservationDisabled: item.ReservationDisabled ?? false,
      locked: item.Locked ?? false,
      updatedAt: now(),
    });
  }

  checkEnum(list: readonly string[], value: string, field: string): string {
    const v = canonical(list, value);
    if (!v) throw badRequest(`${field}: invalid value "${value}" (one of ${list.join(', ')})`, field);
    return v;
  }
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && ['true', '1', 'yes', ''].includes(v.toLowerCase());
}
