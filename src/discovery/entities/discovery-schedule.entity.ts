import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A rediscovery schedule. A run is claimed by a conditional UPDATE on (next_run_at, lease) so that of
 * several replicas exactly one starts it; the lease is renewed while the run lasts and expires if the
 * replica dies, so a later slot can run elsewhere.
 */
@Entity('discovery_schedules')
export class DiscoveryScheduleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'simple-json' })
  targets: string[];

  @Column({ type: 'simple-json' })
  ports: number[];

  /** Either an interval in seconds or a cron expression (5 or 6 fields). */
  @Column({ name: 'interval_seconds', type: 'integer', nullable: true })
  intervalSeconds: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  cron: string | null;

  @Column({ type: 'boolean', default: true })
  collect: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** config: defined by HWCTL_DISCOVERY_SCHEDULE_* (re-applied at start); api: created through /discovery/v1. */
  @Column({ type: 'varchar', length: 16, default: 'api' })
  source: 'config' | 'api';

  @Column({ name: 'next_run_at', type: 'varchar', length: 32 })
  nextRunAt: string;

  @Column({ name: 'last_run_at', type: 'varchar', length: 32, nullable: true })
  lastRunAt: string | null;

  @Column({ name: 'last_scan_id', type: 'varchar', length: 36, nullable: true })
  lastScanId: string | null;

  @Column({ name: 'skipped_runs', type: 'integer', default: 0 })
  skippedRuns: number;

  @Column({ name: 'lease_owner', type: 'varchar', length: 128, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_until', type: 'varchar', length: 32, nullable: true })
  leaseUntil: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
