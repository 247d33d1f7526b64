import { upsertRows } from '../../database/upsert';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ComponentEntity } from '../entities/component.entity';
import { GroupMemberEntity } from '../entities/group.entity';
import { ParsedQuery, single } from '../../common/query-filter';
import { whereFilter } from '../../common/sql-filter';

const COLUMN_BY_PARAM: Record<string, string> = {
  id: 'c.id',
  type: 'c.type',
  state: 'c.state',
  flag: 'c.flag',
  role: 'c.role',
  subrole: 'c.sub_role',
  softwarestatus: 'c.software_status',
  subtype: 'c.sub_type',
  arch: 'c.arch',
  class: 'c.class',
  nettype: 'c.net_type',
};

/** Every query on components lives here (STYLE.md §12). */
@Injectable()
export class ComponentsRepository {
  constructor(private readonly ds: DataSource) {}

  private m(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ComponentEntity);
  }

  async find(q: ParsedQuery, em?: EntityManager): Promise<ComponentEntity[]> {
    const qb = this.m(em).createQueryBuilder('c');
    for (const [param, column] of Object.entries(COLUMN_BY_PARAM)) whereFilter(qb, column, q.get(param));
    const enabled = q.get('enabled');
    if (enabled) {
      const want = enabled.include.map((v) => v.toLowerCase() === 'true');
      const not = enabled.exclude.map((v) => v.toLowerCase() === 'true');
      if (want.length) qb.andWhere('c.enabled IN (:...en)', { en: want });
      if (not.length) qb.andWhere('c.enabled NOT IN (:...nen)', { nen: not });
    }
    const nids = q.get('nid');
    if (nids?.include.length) qb.andWhere('c.nid IN (:...nids)', { nids: nids.include.map(Number) });
    if (nids?.exclude.length) qb.andWhere('(c.nid IS NULL OR c.nid NOT IN (:...xnids))', { xnids: nids.exclude.map(Number) });
    const start = single(q, 'nid_start');
    const end = single(q, 'nid_end');
    if (start !== undefined) qb.andWhere('c.nid >= :ns', { ns: Number(start) });
    if (end !== undefined) qb.andWhere('c.nid <= :ne', { ne: Number(end) });
    const groups = q.get('group');
    if (groups?.include.length) {
      qb.andWhere(
        `c.id IN (SELECT gm.component_id FROM group_members gm WHERE LOWER(gm.group_label) IN (:...grp))`,
        { grp: groups.include.map((g) => g.toLowerCase()) },
      );
    }
    if (groups?.exclude.length) {
      qb.andWhere(
        `c.id NOT IN (SELECT gm.component_id FROM group_members gm WHERE LOWER(gm.group_label) IN (:...xgrp))`,
        { xgrp: groups.exclude.map((g) => g.toLowerCase()) },
      );
    }
    return qb.orderBy('c.id', 'ASC').getMany();
  }

  findByIds(ids: string[], em?: EntityManager): Promise<ComponentEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m(em).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
  }

  findOne(id: string, em?: EntityManager): Promise<ComponentEntity | null> {
    return this.m(em).findOneBy({ id });
  }

  findByNid(nid: number, em?: EntityManager): Promise<ComponentEntity | null> {
    return this.m(em).findOneBy({ nid });
  }

  save(rows: ComponentEntity[], em?: EntityManager): Promise<ComponentEntity[]> {
    return this.m(em).save(rows, { chunk: 500, reload: false });
  }

  /** Complete rows only (see upsertRows). */
  upsert(rows: ComponentEntity[], em?: EntityManager): Promise<void> {
    return upsertRows(this.m(em), rows, ['id']);
  }

  async delete(ids: string[] | 'all', em?: EntityManager): Promise<string[]> {
    const repo = this.m(em);
    const rows = ids === 'all' ? await repo.find({ select: { id: true } }) : await repo.find({ select: { id: true }, where: { id: In(ids) } });
    const found = rows.map((r) => r.id);
    // Membership rows go too; the FK cascades on PostgreSQL and on SQLite (foreign_keys=ON).
    if (found.length > 0) {
      await (em ?? this.ds.manager).getRepository(GroupMemberEntity).delete({ componentId: In(found) });
      await repo.delete({ id: In(found) });
    }
    return found;
  }
}
