import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { GroupEntity, GroupMemberEntity } from '../entities/group.entity';

/** Queries on groups and group_members. */
@Injectable()
export class GroupsRepository {
  constructor(private readonly ds: DataSource) {}

  private groups(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(GroupEntity);
  }

  private members(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(GroupMemberEntity);
  }

  findAll(em?: EntityManager): Promise<GroupEntity[]> {
    return this.groups(em).find({ order: { label: 'ASC' } });
  }

  findOne(label: string, em?: EntityManager): Promise<GroupEntity | null> {
    return this.groups(em).findOneBy({ label });
  }

  findByLabels(labels: string[], em?: EntityManager): Promise<GroupEntity[]> {
    return labels.length === 0 ? Promise.resolve([]) : this.groups(em).findBy({ label: In(labels) });
  }

  saveGroup(g: GroupEntity, em?: EntityManager): Promise<GroupEntity> {
    return this.groups(em).save(g);
  }

  async deleteGroup(label: string, em?: EntityManager): Promise<boolean> {
    await this.members(em).delete({ groupLabel: label });
    return ((await this.groups(em).delete({ label })).affected ?? 0) > 0;
  }

  /** Members of the given groups in membership order (position, then id). */
  membersOf(labels: string[], em?: EntityManager): Promise<GroupMemberEntity[]> {
    if (labels.length === 0) return Promise.resolve([]);
    return this.members(em).find({ where: { groupLabel: In(labels) }, order: { position: 'ASC', componentId: 'ASC' } });
  }

  /** Memberships of the given components, in the order each was added. */
  groupsOf(componentIds: string[] | 'all', em?: EntityManager): Promise<GroupMemberEntity[]> {
    const where = componentIds === 'all' ? {} : { componentId: In(componentIds) };
    return this.members(em).find({ where, order: { position: 'ASC', groupLabel: 'ASC' } });
  }

  async nextPosition(em?: EntityManager): Promise<number> {
    const r = await this.members(em).createQueryBuilder('m').select('MAX(m.position)', 'max').getRawOne<{ max: number | null }>();
    return Number(r?.max ?? 0) + 1;
  }

  /**
   * Chunked, and without reading rows back: SQLite caps bound variables and expression depth, and
   * TypeORM's read-back of 10k inserted rows builds a WHERE too deep for it.
   */
  async insertMembers(rows: GroupMemberEntity[], em?: EntityManager): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.members(em).createQueryBuilder().insert().values(rows.slice(i, i + 500)).updateEntity(false).execute();
    }
  }

  async deleteMembers(label: string, ids: string[] | 'all', em?: EntityManager): Promise<number> {
    const where = ids === 'all' ? { groupLabel: label } : { groupLabel: label, componentId: In(ids) };
    return (await this.members(em).delete(where)).affected ?? 0;
  }
}
