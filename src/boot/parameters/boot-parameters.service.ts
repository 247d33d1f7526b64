import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, HwctlError } from '../../common/errors/hwctl-error';
import { normalizeMac } from '../../common/net/mac';
import { validateDto } from '../../common/validate-dto';
import { normalizeXname } from '../../common/xname/xname';
import { ReplicaEvents } from '../../database/replica-events';
import { ChangeEvent } from '../../database/replica-message';
import { BOOT_PARAMETERS_CHANGED } from '../boot-events';
import { GroupsService } from '../../inventory/groups/groups.service';
import { BootscriptService } from '../bootscript/bootscript.service';
import { BootParamsDto } from '../dto/boot-params.dto';
import { BootParameterEntity } from '../entities/boot-parameter.entity';
import { BootKey, BootParametersRepository } from './boot-parameters.repository';
import { allKeys, describeKeys, firstKind, parseTargets } from './boot-targets';
import { BssBootParams, toBssView } from './bss-view';

type Fields = Pick<BootParamsDto, 'kernel' | 'initrd' | 'params'>;

/**
 * BSS `/bootparameters` semantics (reference §3.1; bss default_api.go + internal/postgres/bootparams.go):
 *  - POST adds targets that do not exist yet (one kind of key: hosts, else macs, else nids); all existing
 *    → 400; answers 201 with a BSS-Referral-Token.
 *  - PUT upserts every listed target; on an existing one only the non-empty fields change (BSS Set = Add
 *    new + Update existing); needs at least one of kernel/initrd/params.
 *  - PATCH changes existing targets only (404 naming the missing ones), non-empty fields only.
 *  - DELETE removes the listed targets (one kind of key, like POST), or with no target every entry whose
 *    kernel/initrd/params equal the given ones.
 * Every write is one transaction: a bad entry anywhere in the body stores nothing.
 */
@Injectable()
export class BootParametersService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: BootParametersRepository,
    private readonly groups: GroupsService,
    private readonly bootscripts: BootscriptService,
    private readonly replicas: ReplicaEvents,
  ) {
    replicas.declare(BOOT_PARAMETERS_CHANGED, (at): ChangeEvent => ({ at, all: true }));
  }

  /** GET: everything, or the entries for `?mac=&name=&nid=` (comma lists or repeated) and/or a JSON body. */
  async get(query: Record<string, unknown>, body: unknown): Promise<BssBootParams[]> {
    const wanted = this.lookupKeys(query, body);
    if (!wanted) return toBssView(await this.repo.findAll());
    const rows = await this.repo.findKeys(wanted.keys);
    if (rows.length === 0) {
      // BSS's wording, built from what was asked for ("…requested Hosts, MACs or NIDs").
      const l = wanted.asked;
      const what = l.length > 1 ? `${l.slice(0, -1).join(', ')} or ${l[l.length - 1]}` : l[0];
      throw new HwctlError('NOT_FOUND', 404, `Cannot find boot parameters for requested ${what}`);
    }
    const order = new Map(wanted.keys.map((k, i) => [`${k.kind}:${k.target}`, i]));
    rows.sort((a, b) => order.get(`${a.kind}:${a.target}`)! - order.get(`${b.kind}:${b.target}`)!);
    return toBssView(rows);
  }

  async create(dto: BootParamsDto): Promise<string> {
    const keys = firstKind(parseTargets(dto, await this.groupLabels()));
    if (keys.length === 0) throw badRequest('hosts: give at least one of hosts, macs or nids', 'hosts');
    await this.write(async (em) => {
      const existing = new Set((await this.repo.findKeys(keys, em)).map((r) => `${r.kind}:${r.target}`));
      const fresh = keys.filter((k) => !existing.has(`${k.kind}:${k.target}`));
      if (fresh.length === 0) throw badRequest(`boot parameters already exist for ${describeKeys(keys)} (use PUT or PATCH to change them)`, 'hosts');
      await this.repo.upsert(fresh.map((k) => this.row(k, dto)), em);
    });
    return randomUUID();
  }

  async put(dto: BootParamsDto): Promise<string> {
    const keys = allKeys(parseTargets(dto, await this.groupLabels()));
    if (keys.length === 0) throw badRequest('hosts: give at least one of hosts, macs or nids', 'hosts');
    this.requireFields(dto);
    await this.write(async (em) => {
      const existing = new Map((await this.repo.findKeys(keys, em)).map((r) => [`${r.kind}:${r.target}`, r]));
      await this.repo.upsert(keys.map((k) => this.merge(existing.get(`${k.kind}:${k.target}`), k, dto)), em);
    });
    return randomUUID();
  }

  async patch(dto: BootParamsDto): Promise<void> {
    const keys = allKeys(parseTargets(dto));
    if (keys.length === 0) throw badRequest('hosts: give at least one of hosts, macs or nids', 'hosts');
    this.requireFields(dto);
    await this.write(async (em) => {
      const existing = new Map((await this.repo.findKeys(keys, em)).map((r) => [`${r.kind}:${r.target}`, r]));
      const missing = keys.filter((k) => !existing.has(`${k.kind}:${k.target}`));
      if (missing.length) throw new HwctlError('NOT_FOUND', 404, `Not Found: no boot parameters for ${describeKeys(missing)}`);
      await this.repo.upsert(keys.map((k) => this.merge(existing.get(`${k.kind}:${k.target}`), k, dto)), em);
    });
  }

  async remove(dto: BootParamsDto): Promise<number> {
    const keys = firstKind(parseTargets(dto));
    if (keys.length === 0 && !dto.kernel && !dto.initrd && !dto.params) {
      throw badRequest('hosts: give hosts, macs or nids, or kernel/initrd/params to delete by boot configuration', 'hosts');
    }
    return this.write((em) => (keys.length ? this.repo.deleteKeys(keys, em) : this.repo.deleteByConfig(dto, em)));
  }

  /** Validates a body the global pipe could not see (a GET with a JSON body). */
  private lookupKeys(query: Record<string, unknown>, body: unknown): { keys: BootKey[]; asked: string[] } | undefined {
    const list = (field: string): string[] => {
      const v = query[field];
      const values = v === undefined ? [] : Array.isArray(v) ? v : [v];
      if (values.some((s) => typeof s !== 'string')) throw badRequest(`${field}: expected text`, field);
      return (values as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    };
    const extra = body && typeof body === 'object' && Object.keys(body).length > 0 ? validateDto(BootParamsDto, body) : undefined;
    const names = [...list('name'), ...(extra?.hosts ?? [])];
    const macs = [...list('mac'), ...(extra?.macs ?? [])];
    const nids = list('nid').map((n) => {
      if (!/^\d{1,10}$/.test(n)) throw badRequest(`nid: Bad Request - Invalid nid '${n}'`, 'nid');
      return n.replace(/^0+(?=\d)/, '');
    });
    nids.push(...(extra?.nids ?? []).map(String));
    if (names.length + macs.length + nids.length === 0) return undefined;
    const keys: BootKey[] = [];
    for (const n of names) {
      const label = n.trim().toLowerCase();
      keys.push({ kind: 'host', target: normalizeXname(n) }, { kind: 'group', target: label });
    }
    for (const m of macs) {
      const mac = normalizeMac(m);
      if (!mac) throw badRequest(`mac: "${m}" is not a MAC address`, 'mac');
      keys.push({ kind: 'mac', target: mac });
    }
    for (const n of nids) keys.push({ kind: 'nid', target: n });
    const asked = [names.length && 'Hosts', macs.length && 'MACs', nids.length && 'NIDs'].filter((s): s is string => !!s);
    return { keys, asked };
  }

  private requireFields(dto: Fields): void {
    if (!dto.kernel && !dto.initrd && !dto.params) throw badRequest('kernel: give at least one of kernel, initrd or params', 'kernel');
  }

  private row(k: BootKey, f: Fields): BootParameterEntity {
    return Object.assign(new BootParameterEntity(), {
      kind: k.kind,
      target: k.target,
      kernel: f.kernel ?? '',
      initrd: f.initrd ?? '',
      params: f.params ?? '',
      updatedAt: new Date().toISOString(),
    });
  }

  /** BSS Update: the given non-empty fields replace the stored ones, the others stay. */
  private merge(old: BootParameterEntity | undefined, k: BootKey, f: Fields): BootParameterEntity {
    if (!old) return this.row(k, f);
    return this.row(k, { kernel: f.kernel || old.kernel, initrd: f.initrd || old.initrd, params: f.params || old.params });
  }

  private async groupLabels(): Promise<Set<string>> {
    return new Set(await this.groups.labels());
  }

  /**
   * One transaction; the bootscript cache forgets everything once it has committed — here at once, in
   * other replicas through `boot-parameters.changed`, queued in the transaction so it leaves only on commit.
   */
  private async write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.ds.transaction(async (em) => {
      const r = await work(em);
      await this.replicas.publish(em, BOOT_PARAMETERS_CHANGED, { at: new Date().toISOString() } satisfies ChangeEvent);
      return r;
    });
    this.bootscripts.invalidate();
    return result;
  }
}
