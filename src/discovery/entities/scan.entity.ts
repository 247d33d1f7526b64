import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ScanStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** What a scan was asked to do (no credentials: they live only in memory for the run, and sealed in the inventory). */
export interface ScanSpec {
  targets: string[];
  ports: number[];
  scheme: 'https' | 'http';
  timeoutMs: number;
  concurrency: number;
  ipmi: boolean;
  ipmiPort: number;
  ssdp: boolean;
  ssdpPort?: number;
  /** Multicast M-SEARCH out of this interface (opt-in; no interface, no multicast). */
  ssdpInterface?: string;
  collect: boolean;
  /** Given by the caller (not the values): which credential sources were used, for the record. */
  credentialSource?: 'request' | 'config' | 'inventory' | 'none';
}

/** One scan (or collect-only run): a database record so progress and results survive and any replica can report them. */
@Entity('discovery_scans')
@Index('idx_discovery_scans_created', ['createdAt'])
export class ScanEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** scan: sweep (+collect); collect: walk given addresses only. */
  @Column({ type: 'varchar', length: 16 })
  kind: 'scan' | 'collect';

  @Column({ type: 'varchar', length: 16 })
  status: ScanStatus;

  @Column({ type: 'simple-json' })
  spec: ScanSpec;

  @Column({ name: 'schedule_id', type: 'varchar', length: 64, nullable: true })
  scheduleId: string | null;

  /** Addresses × ports to probe, probed so far, BMCs found, collected into the inventory, failed to collect. */
  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  probed: number;

  @Column({ type: 'integer', default: 0 })
  found: number;

  @Column({ type: 'integer', default: 0 })
  collected: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  /** The replica running it; with heartbeatAt, lets another replica mark an orphaned run failed. */
  @Column({ type: 'varchar', length: 128 })
  owner: string;

  @Column({ name: 'heartbeat_at', type: 'varchar', length: 32 })
  heartbeatAt: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
