import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonMap } from '../merge/deep-merge';

/**
 * One cloud-init entry of a stage (`public` or `secure`), named by a group label or a node xname. The v0
 * API (`/cloud-init/{id}`) and the v1 API (`/cloud-init/admin/groups`) read and write the same rows.
 */
@Entity('cloud_init_entries')
export class CloudInitEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  stage: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 1024, default: '' })
  description: string;

  @Column({ name: 'user_data', type: 'simple-json', nullable: true })
  userData: JsonMap | null;

  @Column({ name: 'meta_data', type: 'simple-json', nullable: true })
  metaData: JsonMap | null;

  /** The group's cloud-config document (text as given, decoded), served at `/{group}.yaml`. */
  @Column({ name: 'vendor_data', type: 'text', nullable: true })
  vendorData: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
