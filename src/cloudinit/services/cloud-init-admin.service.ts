import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/errors/hwctl-error';
import { validateDto } from '../../common/validate-dto';
import { normalizeXname, xnameType } from '../../common/xname/xname';
import { ChangeEvent } from '../../database/replica-message';
import { ReplicaEvents } from '../../database/replica-events';
import { CLOUDINIT_DATA_CHANGED } from '../cloud-init.constants';
import { ClusterDefaults, CloudInitEntry, InstanceInfo, Stage } from '../cloud-init.types';
import { CloudInitEntryDto, CloudInitPartsDto } from '../dto/entry.dto';
import { GroupDataDto, GroupFileDto } from '../dto/group-data.dto';
import { ClusterDefaultsDto, InstanceInfoDto } from '../dto/settings.dto';
import { entryName } from '../entry-name';
import { JsonMap } from '../merge/deep-merge';
import { checkCloudConfigDocument, CloudConfigError, documentToMap, renderCloudConfig } from '../render/cloud-config';
import { CloudInitRepository } from '../repositories/cloud-init.repository';
import { CloudInitCache } from './cloud-init-cache.service';

/** v0 view of an entry: `{name, "cloud-init": {userdata, metadata, vendordata}}` (unset parts are null, as upstream). */
export interface EntryView {
  name: string;
  'cloud-init': { userdata: JsonMap | null; metadata: JsonMap | null; vendordata: JsonMap | null };
}

/** v1 view of a group (cistore.GroupData). */
export interface GroupView {
  name: string;
  description?: string;
  'meta-data'?: JsonMap;
  file: { content: string; filename: string; encoding: 'plain' };
}

/**
 * The admin side of the cloud-init server, both layouts on one table (reference §4): v0 entries under
 * `/cloud-init/{id}` (and `/cloud-init-secure/{id}` for the secure stage) and v1 groups, cluster defaults
 * and instance info under `/cloud-init/admin`. A v1 group's `meta-data` is the entry's `metadata`, its
 * `file` the entry's vendor document; v0 `userdata` is untouched by the v1 API. Every write is one
 * transaction and drops the node caches after it commits — here at once, in other replicas through
 * `cloudinit.changed` sent on commit.
 */
@Injectable()
export class CloudInitAdminService {
  constructor(
    private readonly repo: CloudInitRepository,
    private readonly cache: CloudInitCache,
    private readonly replicas: ReplicaEvents,
  ) {
    replicas.declare(CLOUDINIT_DATA_CHANGED, (at): ChangeEvent => ({ at, all: true }));
  }

  async list(stage: Stage): Promise<Record<string, EntryView>> {
    return Object.fromEntries((await this.repo.listEntries(stage)).map((e) => [e.name, entryView(e)]));
  }

  async get(stage: Stage, rawName: string): Promise<EntryView> {
    return entryView(await this.mustFind(stage, this.name(rawName, 'id')));
  }

  /** v0 `POST /`: one entry or a list of them (the form the ochami CLI sends); all or nothing, 409 if one exists. */
  async create(stage: Stage, body: unknown): Promise<string[]> {
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) throw badRequest('expected an entry or a non-empty list of entries', 'body');
    const parsed = items.map((item, i) => {
      const at = Array.isArray(body) ? `[${i}]` : '';
      const dto = validateDto(CloudInitEntryDto, item, at);
      if (dto.name === undefined) throw badRequest(`${at ? `${at}.` : ''}name: required`, `${at ? `${at}.` : ''}name`);
      return { name: this.name(dto.name, `${at ? `${at}.` : ''}name`), parts: dto['cloud-init'] };
    });
    const dup = parsed.find((p, i) => parsed.findIndex((q) => q.name === p.name) !== i);
    if (dup) throw badRequest(`${dup.name} is given twice`, 'name');
    await this.write(async (em) => {
      for (const p of parsed) {
        if (await this.repo.findEntry(stage, p.name, em)) throw conflict(`a cloud-init entry named ${p.name} exists; use PUT to replace it`);
        await this.repo.saveEntry(applyParts(emptyEntry(stage, p.name), p.parts), em);
      }
    });
    return parsed.map((p) => p.name);
  }

  /** v0 `PUT /{id}`: creates the entry or replaces each part the body carries (parts left out are kept). */
  async put(stage: Stage, rawName: string, body: unknown): Promise<{ name: string; created: boolean }> {
    const name = this.name(rawName, 'id');
    const dto = validateDto(CloudInitEntryDto, body);
    if (dto.name !== undefined && entryName(dto.name) !== name) throw badRequest(`name: "${dto.name}" does not match the path (${name})`, 'name');
    return this.write(async (em) => {
      const old = await this.repo.findEntry(stage, name, em);
      await this.repo.saveEntry(applyParts(old ?? emptyEntry(stage, name), dto['cloud-init']), em);
      return { name, created: !old };
    });
  }

  async remove(stage: Stage, rawName: string): Promise<void> {
    const name = this.name(rawName, 'id');
    await this.write(async (em) => {
      if (!(await this.repo.deleteEntry(stage, name, em))) throw notFound(`no cloud-init entry named ${name}`);
    });
  }

  async groups(): Promise<Record<string, GroupView>> {
    const entries = (await this.repo.listEntries('public')).filter((e) => xnameType(e.name) !== 'Node');
    return Object.fromEntries(entries.map((e) => [e.name, groupView(e)]));
  }

  async group(rawName: string): Promise<GroupView> {
    return groupView(await this.mustFind('public', this.name(rawName, 'id')));
  }

  async createGroup(dto: GroupDataDto): Promise<GroupView> {
    if (dto.name === undefined) throw badRequest('name: required', 'name');
    const name = this.name(dto.name, 'name');
    const entry = applyGroup(emptyEntry('public', name), dto);
    await this.write(async (em) => {
      if (await this.repo.findEntry('public', name, em)) throw conflict(`a cloud-init group named ${name} exists; use PUT to replace it`);
      await this.repo.saveEntry(entry, em);
    });
    return groupView(entry);
  }

  /** v1 `PUT /admin/groups/{name}`: replaces description, meta-data and file ("overwriting any previous values"). */
  async putGroup(rawName: string, dto: GroupDataDto): Promise<GroupView> {
    const name = this.name(rawName, 'name');
    if (dto.name !== undefined && entryName(dto.name) !== name) throw badRequest(`name: "${dto.name}" does not match the path (${name})`, 'name');
    return this.write(async (em) => {
      const entry = applyGroup((await this.repo.findEntry('public', name, em)) ?? emptyEntry('public', name), dto);
      await this.repo.saveEntry(entry, em);
      return groupView(entry);
    });
  }

  async clusterDefaults(): Promise<ClusterDefaults> {
    return this.repo.clusterDefaults();
  }

  /** v1 `POST /admin/cluster-defaults`: keys with a non-empty value replace the stored ones (upstream SetClusterDefaults). */
  async setClusterDefaults(dto: ClusterDefaultsDto): Promise<ClusterDefaults> {
    return this.write(async (em) => {
      const next: ClusterDefaults = { ...(await this.repo.clusterDefaults(em)) };
      for (const [k, v] of Object.entries(dto) as [keyof ClusterDefaults, unknown][]) {
        if (v === undefined || v === null || v === '' || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
        (next as Record<string, unknown>)[k] = k === 'base-url' ? String(v).replace(/\/+$/, '') : v;
      }
      await this.repo.saveClusterDefaults(next, em);
      return next;
    });
  }

  async instanceInfo(rawId: string): Promise<InstanceInfo> {
    const id = this.nodeXname(rawId);
    const info = await this.repo.instanceInfo(id);
    if (!info) throw notFound(`no instance info for ${id}`);
    return info;
  }

  /** v1 `PUT /admin/instance-info/{id}`: replaces the node's overrides; an instance-id once set is kept unless a new one is given. */
  async setInstanceInfo(rawId: string, dto: InstanceInfoDto): Promise<InstanceInfo> {
    const id = this.nodeXname(rawId);
    if (dto.id && normalizeXname(dto.id) !== id) throw badRequest(`id: "${dto.id}" does not match the path (${id})`, 'id');
    return this.write(async (em) => {
      const old = await this.repo.instanceInfo(id, em);
      const { id: _id, ...fields } = dto;
      const next: InstanceInfo = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as InstanceInfo;
      if (!next['instance-id'] && old?.['instance-id']) next['instance-id'] = old['instance-id'];
      if (next['cloud-init-base-url']) next['cloud-init-base-url'] = next['cloud-init-base-url'].replace(/\/+$/, '');
      await this.repo.saveInstanceInfo(id, next, em);
      return next;
    });
  }

  private async write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.repo.transaction(async (em) => {
        const r = await work(em);
        await this.replicas.publish(em, CLOUDINIT_DATA_CHANGED, { at: new Date().toISOString() } satisfies ChangeEvent);
        return r;
      });
    } catch (err) {
      // Two writers racing for a new name: the loser's INSERT hits the primary key.
      if (isUniqueViolation(err)) throw conflict('the entry was created concurrently; retry');
      throw err;
    }
    this.cache.invalidateData();
    return result;
  }

  private name(raw: string, field: string): string {
    const name = entryName(raw);
    if (name === undefined) throw badRequest(`${field}: "${raw}" is neither an xname nor a group label (^[-a-z0-9:._]+$, not a route name)`, field);
    return name;
  }

  private nodeXname(raw: string): string {
    const id = normalizeXname(raw);
    if (xnameType(id) !== 'Node') throw badRequest(`id: "${raw}" is not a node xname`, 'id');
    return id;
  }

  private async mustFind(stage: Stage, name: string): Promise<CloudInitEntry> {
    const e = await this.repo.findEntry(stage, name);
    if (!e) throw notFound(`no cloud-init entry named ${name}`);
    return e;
  }
}

function emptyEntry(stage: Stage, name: string): CloudInitEntry {
  return { stage, name, description: '', userData: null, metaData: null, vendorData: null, updatedAt: '' };
}

/** JSON round trip: the DTO instances become plain data (no class instances, no undefined). */
const plain = (v: object): JsonMap => JSON.parse(JSON.stringify(v)) as JsonMap;

function applyParts(e: CloudInitEntry, parts: CloudInitPartsDto): CloudInitEntry {
  return {
    ...e,
    userData: parts.userdata != null ? plain(parts.userdata) : e.userData,
    metaData: parts.metadata != null ? plain(parts.metadata) : e.metaData,
    vendorData: parts.vendordata != null ? renderCloudConfig(plain(parts.vendordata)) : e.vendorData,
    updatedAt: new Date().toISOString(),
  };
}

function applyGroup(e: CloudInitEntry, dto: GroupDataDto): CloudInitEntry {
  const meta = dto['meta-data'] ?? dto.data;
  // PostgreSQL text cannot hold NUL; refuse it as bad input rather than fail in the database.
  if (dto.description?.includes('\u0000')) throw badRequest('description: must not contain NUL characters', 'description');
  return {
    ...e,
    description: dto.description ?? '',
    metaData: meta ? plain(meta) : null,
    vendorData: dto.file ? decodeFile(dto.file) : null,
    updatedAt: new Date().toISOString(),
  };
}

function decodeFile(file: GroupFileDto): string | null {
  let text = file.content;
  if (file.encoding === 'base64') {
    const compact = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw badRequest('file.content: not valid base64', 'file.content');
    text = Buffer.from(compact, 'base64').toString('utf8');
  }
  if (text.trim() === '') return null;
  if (text.includes('\u0000')) throw badRequest('file.content: must not contain NUL characters', 'file.content');
  try {
    return checkCloudConfigDocument(text);
  } catch (err) {
    if (err instanceof CloudConfigError) throw badRequest(`file.content: ${err.message}`, 'file.content');
    throw err;
  }
}

function entryView(e: CloudInitEntry): EntryView {
  return { name: e.name, 'cloud-init': { userdata: e.userData, metadata: e.metaData, vendordata: documentToMap(e.vendorData) } };
}

function groupView(e: CloudInitEntry): GroupView {
  return {
    name: e.name,
    ...(e.description ? { description: e.description } : {}),
    ...(e.metaData && Object.keys(e.metaData).length > 0 ? { 'meta-data': e.metaData } : {}),
    file: { content: e.vendorData ?? '', filename: '', encoding: 'plain' },
  };
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (err as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

