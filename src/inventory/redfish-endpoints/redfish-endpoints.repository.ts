import { upsertRows } from '../../database/upsert';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ComponentEndpointEntity } from '../entities/component-endpoint.entity';
import { RedfishEndpointEntity } from '../entities/redfish-endpoint.entity';
import { ParsedQuery } from '../../common/query-filter';
import { whereFilter } from '../../common/sql-filter';

/** Queries on redfish_endpoints and component_endpoints (the latter only exist under the former). */
@Injectable()
export class RedfishEndpointsRepository {
  constructor(private readonly ds: DataSource) {}

  private eps(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(RedfishEndpointEntity);
  }

  private ces(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ComponentEndpointEntity);
  }

  find(q: ParsedQuery, em?: EntityManager): Promise<RedfishEndpointEntity[]> {
    const qb = this.eps(em).createQueryBuilder('r');
    whereFilter(qb, 'r.id', q.get('id'));
    whereFilter(qb, 'r.fqdn', q.get('fqdn'));
    whereFilter(qb, 'r.type', q.get('type'));
    whereFilter(qb, 'r.uuid', q.get('uuid'));
    whereFilter(qb, 'r.mac_addr', q.get('macaddr'));
    whereFilter(qb, 'r.ip_address', q.get('ipaddress'));
    return qb.orderBy('r.id', 'ASC').getMany();
  }

  findOne(id: string, em?: EntityManager): Promise<RedfishEndpointEntity | null> {
    return this.eps(em).findOneBy({ id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<RedfishEndpointEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.eps(em).findBy({ id: In(ids) });
  }

  findByFqdn(fqdn: string, em?: EntityManager): Promise<RedfishEndpointEntity | null> {
    return this.eps(em).findOneBy({ fqdn });
  }

  saveEndpoint(row: RedfishEndpointEntity, em?: EntityManager): Promise<RedfishEndpointEntity> {
    return this.eps(em).save(row);
  }

  saveEndpoints(rows: RedfishEndpointEntity[], em?: EntityManager): Promise<RedfishEndpointEntity[]> {
    return this.eps(em).save(rows, { chunk: 500, reload: false });
  }

  async deleteEndpoints(ids: string[] | 'all', em?: EntityManager): Promise<{ endpoints: string[]; componentEndpoints: string[] }> {
    const all = ids === 'all';
    const endpoints = (all ? await this.eps(em).find({ select: { id: true } }) : await this.findByIds(ids, em)).map((r) => r.id);
    if (endpoints.length === 0) return { endpoints, componentEndpoints: [] };
    const componentEndpoints = (await this.ces(em).find({ select: { id: true }, where: { redfishEndpointId: In(endpoints) } })).map((c) => c.id);
    // Explicit delete of children keeps the cascade visible (and emits their ids) on both databases.
    if (componentEndpoints.length) await this.ces(em).delete({ id: In(componentEndpoints) });
    await this.eps(em).delete({ id: In(endpoints) });
    return { endpoints, componentEndpoints };
  }

  findComponentEndpoints(q: ParsedQuery, em?: EntityManager): Promise<ComponentEndpointEntity[]> {
    const qb = this.ces(em).createQueryBuilder('c');
    whereFilter(qb, 'c.id', q.get('id'));
    whereFilter(qb, 'c.redfish_endpoint_id', q.get('redfish_ep'));
    whereFilter(qb, 'c.type', q.get('type'));
    whereFilter(qb, 'c.redfish_type', q.get('redfish_type'));
    return qb.orderBy('c.id', 'ASC').getMany();
  }

  findComponentEndpoint(id: string, em?: EntityManager): Promise<ComponentEndpointEntity | null> {
    return this.ces(em).findOneBy({ id });
  }

  /** ComponentEndpoints are always written whole (derived from a walk): one upsert per chunk. */
  saveComponentEndpoints(rows: ComponentEndpointEntity[], em?: EntityManager): Promise<void> {
    return upsertRows(this.ces(em), rows, ['id']);
  }

  /** A complete endpoint row (see upsertRows). */
  upsertEndpoint(row: RedfishEndpointEntity, em?: EntityManager): Promise<void> {
    return upsertRows(this.eps(em), [row], ['id']);
  }

  async deleteComponentEndpoint(id: string, em?: EntityManager): Promise<boolean> {
    const r = await this.ces(em).delete({ id });
    return (r.affected ?? 0) > 0;
  }
}
