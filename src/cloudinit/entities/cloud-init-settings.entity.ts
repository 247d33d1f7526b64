import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClusterDefaults, InstanceInfo } from '../cloud-init.types';

/** Cluster-wide meta-data defaults (v1 `/admin/cluster-defaults`): a single row, id "default". */
@Entity('cloud_init_cluster_defaults')
export class CloudInitClusterDefaultsEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'simple-json' })
  data: ClusterDefaults;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}

/** Per-node meta-data overrides (v1 `/admin/instance-info/{xname}`). */
@Entity('cloud_init_instance_info')
export class CloudInitInstanceInfoEntity {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId: string;

  @Column({ type: 'simple-json' })
  data: InstanceInfo;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
