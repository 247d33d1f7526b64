import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ChangeKind = 'bmc-new' | 'bmc-vanished' | 'bmc-returned' | 'mac-changed' | 'uuid-changed';

/** Something rediscovery noticed, in order; the audit trail an operator reads after a scan. */
@Entity('discovery_changes')
@Index('idx_discovery_changes_endpoint', ['endpoint'])
export class DiscoveryChangeEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 32 })
  at: string;

  @Column({ type: 'varchar', length: 24 })
  kind: ChangeKind;

  @Column({ type: 'varchar', length: 80 })
  endpoint: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  xname: string;

  @Column({ name: 'scan_id', type: 'varchar', length: 36, nullable: true })
  scanId: string | null;

  /** e.g. {component, old, new} for a MAC change. */
  @Column({ type: 'simple-json' })
  detail: Record<string, unknown>;
}
