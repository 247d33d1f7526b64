import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ClusterDefaults, CloudInitEntry, InstanceInfo, Stage } from '../cloud-init.types';
import { CloudInitEntryEntity } from '../entities/cloud-init-entry.entity';
import { CloudInitClusterDefaultsEntity, CloudInitInstanceInfoEntity } from '../entities/cloud-init-settings.entity';

const DEFAULTS_ID = 'default';

/** Queries on the cloud-init tables; returns plain records, never entities. */
@Injectable()
export class CloudInitRepository {
  constructor(private readonly ds: DataSource) {}

  /** Runs `work` in one transaction (a multi-entry write stores all or nothing). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private entries(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(CloudInitEntryEntity);
  }

  async listEntries(stage?: Stage, em?: EntityManager): Promise<CloudInitEntry[]> {
    const rows = await this.entries(em).find({ where: stage ? { stage } : {}, order: { stage: 'ASC', name: 'ASC' } });
    return rows.map(toEntry);
  }

  async findEntry(stage: Stage, name: string, em?: EntityManager): Promise<CloudInitEntry | undefined> {
    const row = await this.entries(em).findOneBy({ stage, name });
    return row ? toEntry(row) : undefined;
  }

  async saveEntry(e: CloudInitEntry, em?: EntityManager): Promise<void> {
    await this.entries(em).save(Object.assign(new CloudInitEntryEntity(), e));
  }

  async deleteEntry(stage: Stage, name: string, em?: EntityManager): Promise<boolean> {
    return ((await this.entries(em).delete({ stage, name })).affected ?? 0) > 0;
  }

  async clusterDefaults(em?: EntityManager): Promise<ClusterDefaults> {
    const row = await (em ?? this.ds.manager).getRepository(CloudInitClusterDefaultsEntity).findOneBy({ id: DEFAULTS_ID });
    return row?.data ?? {};
  }

  async saveClusterDefaults(data: ClusterDefaults, em?: EntityManager): Promise<void> {
    const row = Object.assign(new CloudInitClusterDefaultsEntity(), { id: DEFAULTS_ID, data, updatedAt: new Date().toISOString() });
    await (em ?? this.ds.manager).getRepository(CloudInitClusterDefaultsEntity).save(row);
  }

  async allInstanceInfo(em?: EntityManager): Promise<Map<string, InstanceInfo>> {
    const rows = await (em ?? this.ds.manager).getRepository(CloudInitInstanceInfoEntity).find();
    return new Map(rows.map((r) => [r.nodeId, r.data]));
  }

  async instanceInfo(nodeId: string, em?: EntityManager): Promise<InstanceInfo | undefined> {
    return (await (em ?? this.ds.manager).getRepository(CloudInitInstanceInfoEntity).findOneBy({ nodeId }))?.data;
  }

  async saveInstanceInfo(nodeId: string, data: InstanceInfo, em?: EntityManager): Promise<void> {
    const row = Object.assign(new CloudInitInstanceInfoEntity(), { nodeId, data, updatedAt: new Date().toISOString() });
    await (em ?? this.ds.manager).getRepository(CloudInitInstanceInfoEntity).save(row);
  }
}

function toEntry(r: CloudInitEntryEntity): CloudInitEntry {
  return {
    stage: r.stage as Stage,
    name: r.name,
    description: r.description,
    userData: r.userData,
    metaData: r.metaData,
    vendorData: r.vendorData,
    updatedAt: r.updatedAt,
  };
}
