import { upsertRows } from '../../database/upsert';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { EthernetInterfaceEntity } from '../entities/ethernet-interface.entity';
import { ParsedQuery } from '../../common/query-filter';
import { whereFilter } from '../../common/sql-filter';

/** Every query on ethernet_interfaces lives here. */
@Injectable()
export class EthernetInterfacesRepository {
  constructor(private readonly ds: DataSource) {}

  private m(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(EthernetInterfaceEntity);
  }

  /** SQL filters on scalar columns; IP and network live in a JSON list and are matched by the caller. */
  find(q: ParsedQuery, em?: EntityManager): Promise<EthernetInterfaceEntity[]> {
    const qb = this.m(em).createQueryBuilder('e');
    whereFilter(qb, 'e.id', q.get('id'));
    whereFilter(qb, 'e.mac_address', q.get('macaddress'));
    whereFilter(qb, 'e.component_id', q.get('componentid'));
    whereFilter(qb, 'e.type', q.get('type'));
    return qb.orderBy('e.id', 'ASC').getMany();
  }

  findOne(id: string, em?: EntityManager): Promise<EthernetInterfaceEntity | null> {
    return this.m(em).findOneBy({ id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<EthernetInterfaceEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.m(em).findBy({ id: In(ids) });
  }

  findByComponents(componentIds: string[], em?: EntityManager): Promise<EthernetInterfaceEntity[]> {
    return componentIds.length === 0 ? Promise.resolve([]) : this.m(em).findBy({ componentId: In(componentIds) });
  }

  save(rows: EthernetInterfaceEntity[], em?: EntityManager): Promise<EthernetInterfaceEntity[]> {
    return this.m(em).save(rows, { chunk: 500, reload: false });
  }

  /** Complete rows only (see upsertRows). */
  upsert(rows: EthernetInterfaceEntity[], em?: EntityManager): Promise<void> {
    return upsertRows(this.m(em), rows, ['id']);
  }

  insert(row: EthernetInterfaceEntity, em?: EntityManager): Promise<unknown> {
    return this.m(em).insert(row);
  }

  async delete(ids: string[] | 'all', em?: EntityManager): Promise<string[]> {
    const repo = this.m(em);
    const rows = ids === 'all' ? await repo.find({ select: { id: true } }) : await repo.find({ select: { id: true }, where: { id: In(ids) } });
    const found = rows.map((r) => r.id);
    if (found.length > 0) await repo.delete({ id: In(found) });
    return found;
  }
}
