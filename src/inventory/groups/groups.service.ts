import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, HwctlError, notFound } from '../../common/errors/hwctl-error';
import { isValidXname, normalizeXname } from '../../common/xname/xname';
import { ComponentsRepository } from '../components/components.repository';
import { GroupEntity, GroupMemberEntity } from '../entities/group.entity';
import { ChangeSet, InventoryTx } from '../inventory-tx';
import { GroupDto, GroupPatchDto } from './group.dto';
import { GroupsRepository } from './groups.repository';

const LABEL = /^[-a-z0-9:._]+$/;

/** SMD groups and memberships (reference §2.1–2.2). Labels/tags are lowercased and checked. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly repo: GroupsRepository,
    private readonly components: ComponentsRepository,
    private readonly tx: InventoryTx,
  ) {}

  async list(query: Record<string, unknown>) {
    const wanted = (key: string) => {
      const v = Object.entries(query).filter(([k]) => k.toLowerCase() === key).flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
      return v.map((s) => String(s).toLowerCase());
    };
    const unknown = Object.keys(query).filter((k) => !['group', 'tag'].includes(k.toLowerCase()));
    if (unknown.length) throw badRequest(`unknown query parameter(s): ${unknown.join(', ')} (allowed: group, tag)`, unknown[0]);
    const labels = wanted('group');
    const tags = wanted('tag');
    const groups = (await this.repo.findAll()).filter(
      (g) => (labels.length === 0 || labels.includes(g.label)) && (tags.length === 0 || g.tags.some((t) => tags.includes(t))),
    );
    return this.withMembers(groups);
  }

  async labels(): Promise<string[]> {
    return (await this.repo.findAll()).map((g) => g.label);
  }

  async get(rawLabel: string) {
    const g = await this.repo.findOne(rawLabel.toLowerCase());
    if (!g) throw notFound(`no such group: ${rawLabel}`);
    return (await this.withMembers([g]))[0];
  }

  async create(dto: GroupDto): Promise<string> {
    const group = this.build(dto);
    const ids = (dto.members?.ids ?? []).map((id, i) => this.xname(id, `members.ids[${i}]`));
    return this.tx.run(async (em, changes) => {
      if (await this.repo.findOne(group.label, em)) throw conflict(`operation would conflict with an existing group that has the same label (${group.label})`);
      await this.repo.saveGroup(group, em);
      await this.addIn(em, changes, group, ids);
      changes.add({ kind: 'group', action: 'upsert', ids: [group.label] });
      return group.label;
    });
  }

  async patch(rawLabel: string, dto: GroupPatchDto): Promise<void> {
    await this.tx.run(async (em, changes) => {
      const g = await this.repo.findOne(rawLabel.toLowerCase(), em);
      if (!g) throw notFound(`no such group: ${rawLabel}`);
      if (dto.description !== undefined) g.description = dto.description;
      if (dto.tags !== undefined) g.tags = this.tags(dto.tags);
      g.updatedAt = new Date().toISOString();
      await this.repo.saveGroup(g, em);
      changes.add({ kind: 'group', action: 'upsert', ids: [g.label] });
    });
  }

  async delete(rawLabel: string): Promise<void> {
    await this.tx.run(async (em, changes) => {
      if (!(await this.repo.deleteGroup(rawLabel.toLowerCase(), em))) throw notFound(`no such group: ${rawLabel}`);
      changes.add({ kind: 'group', action: 'delete', ids: [rawLabel.toLowerCase()] });
    });
  }

  async members(rawLabel: string) {
    return { ids: (await this.get(rawLabel)).members.ids };
  }

  async addMember(rawLabel: string, rawId: string): Promise<string> {
    const id = this.xname(rawId, 'id');
    return this.tx.run(async (em, changes) => {
      const g = await this.mustFind(rawLabel, em);
      const current = (await this.repo.membersOf([g.label], em)).map((m) => m.componentId);
      if (current.includes(id)) throw conflict(`${id} is already a member of ${g.label}`);
      await this.addIn(em, changes, g, [id]);
      return id;
    });
  }

  async replaceMembers(rawLabel: string, rawIds: string[]): Promise<void> {
    const ids = rawIds.map((id, i) => this.xname(id, `ids[${i}]`));
    await this.tx.run(async (em, changes) => {
      const g = await this.mustFind(rawLabel, em);
      await this.repo.deleteMembers(g.label, 'all', em);
      await this.addIn(em, changes, g, ids);
      changes.add({ kind: 'group', action: 'upsert', ids: [g.label] });
    });
  }

  async removeMember(rawLabel: string, rawId: string): Promise<void> {
    await this.tx.run(async (em, changes) => {
      const g = await this.mustFind(rawLabel, em);
      if ((await this.repo.deleteMembers(g.label, [normalizeXname(rawId)], em)) === 0) throw notFound(`${rawId} is not a member of ${g.label}`);
      changes.add({ kind: 'group', action: 'upsert', ids: [g.label] });
    });
  }

  async memberships(rawIds: string[] | 'all') {
    const ids = rawIds === 'all' ? 'all' : rawIds.map(normalizeXname);
    const rows = await this.repo.groupsOf(ids);
    const byComponent = new Map<string, string[]>();
    if (ids !== 'all') for (const id of ids) byComponent.set(id, []);
    for (const r of rows) byComponent.set(r.componentId, [...(byComponent.get(r.componentId) ?? []), r.groupLabel]);
    return [...byComponent.entries()].map(([id, groupLabels]) => ({ id, groupLabels, partitionName: '' }));
  }

  async membership(rawId: string) {
    const id = normalizeXname(rawId);
    if (!(await this.components.findOne(id))) throw notFound(`No such xname: ${rawId}`);
    return (await this.memberships([id]))[0];
  }

  /**
   * Ensures the groups exist and adds members not yet in them (used by inventory load). Existing
   * groups keep their description unless `overwrite`.
   */
  async ensureIn(em: EntityManager, changes: ChangeSet, members: Map<string, string[]>, overwrite: boolean): Promise<number> {
    for (const [rawLabel, ids] of members) {
      const label = this.label(rawLabel, 'groups');
      let g = await this.repo.findOne(label, em);
      if (!g) g = await this.repo.saveGroup(this.build({ label }), em);
      else if (overwrite) await this.repo.deleteMembers(label, ids, em);
      const current = new Set((await this.repo.membersOf([label], em)).map((m) => m.componentId));
      await this.addIn(em, changes, g, ids.filter((id) => !current.has(id)));
      changes.add({ kind: 'group', action: 'upsert', ids: [label] });
    }
    return members.size;
  }

  private async addIn(em: EntityManager, changes: ChangeSet, g: GroupEntity, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const known = new Set((await this.components.findByIds(ids, em)).map((c) => c.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw badRequest(`no such component(s): ${missing.slice(0, 20).join(', ')}`, 'members');
    if (g.exclusiveGroup) {
      const clash = (await this.repo.groupsOf(ids, em)).filter((m) => m.exclusiveGroup === g.exclusiveGroup && m.groupLabel !== g.label);
      if (clash.length) throw conflict(`${clash[0].componentId} is already in ${clash[0].groupLabel}, exclusive group ${g.exclusiveGroup}`);
    }
    let pos = await this.repo.nextPosition(em);
    await this.repo.insertMembers(
      ids.map((componentId) => Object.assign(new GroupMemberEntity(), { groupLabel: g.label, componentId, exclusiveGroup: g.exclusiveGroup, position: pos++ })),
      em,
    );
    changes.add({ kind: 'group', action: 'upsert', ids: [g.label] });
  }

  private async withMembers(groups: GroupEntity[]) {
    const members = await this.repo.membersOf(groups.map((g) => g.label));
    return groups.map((g) => ({
      label: g.label,
      description: g.description,
      exclusiveGroup: g.exclusiveGroup,
      tags: g.tags,
      members: { ids: members.filter((m) => m.groupLabel === g.label).map((m) => m.componentId) },
    }));
  }

  private build(dto: GroupDto): GroupEntity {
    return Object.assign(new GroupEntity(), {
      label: this.label(dto.label, 'label'),
      description: dto.description ?? '',
      exclusiveGroup: dto.exclusiveGroup ? this.label(dto.exclusiveGroup, 'exclusiveGroup') : '',
      tags: this.tags(dto.tags ?? []),
      updatedAt: new Date().toISOString(),
    });
  }

  private label(raw: string, field: string): string {
    const v = raw.trim().toLowerCase();
    if (!LABEL.test(v)) throw badRequest(`${field}: "${raw}" must match ^[-a-z0-9:._]+$`, field);
    return v;
  }

  private tags(raw: string[]): string[] {
    return raw.map((t, i) => this.label(t, `tags[${i}]`));
  }

  private xname(raw: string, field: string): string {
    const id = normalizeXname(raw);
    if (!isValidXname(id)) throw badRequest(`${field}: invalid xname "${raw}"`, field);
    return id;
  }

  private async mustFind(rawLabel: string, em: EntityManager): Promise<GroupEntity> {
    const g = await this.repo.findOne(rawLabel.toLowerCase(), em);
    if (!g) throw new HwctlError('NOT_FOUND', 404, `no such group: ${rawLabel}`);
    return g;
  }
}
