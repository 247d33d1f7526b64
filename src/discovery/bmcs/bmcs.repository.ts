import { upsertRows } from '../../database/upsert';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DiscoveredBmcEntity } from '../entities/discovered-bmc.entity';
import { DiscoveryChangeEntity } from '../entities/discovery-change.entity';
import { XnameMapEntity } from '../entities/xname-map.entity';

/** Queries on discovered_bmcs, discovery_changes and discovery_xname_map. */
@Injectable()
export class BmcsRepository {
  constructor(private readonly ds: DataSource) {}

  private bmcs() {
    return this.ds.getRepository(DiscoveredBmcEntity);
  }

  private changes() {
    return this.ds.getRepository(DiscoveryChangeEntity);
  }

  private map() {
    return this.ds.getRepository(XnameMapEntity);
  }

  find(endpoint: string): Promise<DiscoveredBmcEntity | null> {
    return this.bmcs().findOneBy({ endpoint });
  }

  findByXname(xname: string): Promise<DiscoveredBmcEntity[]> {
    return this.bmcs().findBy({ xname });
  }

  list(): Promise<DiscoveredBmcEntity[]> {
    return this.bmcs().find({ order: { address: 'ASC', port: 'ASC' } });
  }

  /** Present BMCs on these ports (candidates for "vanished" after a sweep). */
  present(ports: number[]): Promise<DiscoveredBmcEntity[]> {
    return ports.length ? this.bmcs().findBy({ present: true, port: In(ports) }) : Promise.resolve([]);
  }

  /** A complete row (every collect and failure builds one from the previous row or from scratch). */
  async save(row: DiscoveredBmcEntity): Promise<void> {
    await upsertRows(this.bmcs(), [row], ['endpoint']);
  }

  async addChanges(rows: Omit<DiscoveryChangeEntity, 'id'>[]): Promise<void> {
    // insert(), not save(): change rows are always new (save() would look each one up first). The cast:
    // TypeORM's insert types JSON columns as deep-partial entities; `detail` is plain JSON.
    if (rows.length) await this.changes().insert(rows.map((r) => Object.assign(new DiscoveryChangeEntity(), r)) as Parameters<ReturnType<BmcsRepository['changes']>['insert']>[0]);
  }

  listChanges(opts: { endpoint?: string; xname?: string; scanId?: string; sinceId?: number; limit: number }): Promise<DiscoveryChangeEntity[]> {
    const qb = this.changes().createQueryBuilder('c').orderBy('c.id', 'ASC').take(opts.limit);
    if (opts.endpoint) qb.andWhere('c.endpoint = :endpoint', { endpoint: opts.endpoint });
    if (opts.xname) qb.andWhere('c.xname = :xname', { xname: opts.xname });
    if (opts.scanId) qb.andWhere('c.scan_id = :scanId', { scanId: opts.scanId });
    if (opts.sinceId !== undefined) qb.andWhere('c.id > :sinceId', { sinceId: opts.sinceId });
    return qb.getMany();
  }

  xnameMap(): Promise<XnameMapEntity[]> {
    return this.map().find({ order: { address: 'ASC' } });
  }

  /** Replaces the whole stored map in one transaction. */
  async replaceXnameMap(entries: [address: string, xname: string][], now: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.getRepository(XnameMapEntity).clear();
      if (entries.length) await em.getRepository(XnameMapEntity).insert(entries.map(([address, xname]) => ({ address, xname, updatedAt: now })));
    });
  }
}
