import { Injectable } from '@nestjs/common';
import { Brackets, DataSource } from 'typeorm';
import { DiscoveryScheduleEntity } from '../entities/discovery-schedule.entity';

/**
 * Queries on discovery_schedules. `claim`, `skip` and `renew` are single conditional UPDATEs: the database
 * decides which replica wins (affected = 1), so the same slot never runs twice, on SQLite or PostgreSQL.
 */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly ds: DataSource) {}

  private repo() {
    return this.ds.getRepository(DiscoveryScheduleEntity);
  }

  list(): Promise<DiscoveryScheduleEntity[]> {
    return this.repo().find({ order: { id: 'ASC' } });
  }

  findOne(id: string): Promise<DiscoveryScheduleEntity | null> {
    return this.repo().findOneBy({ id });
  }

  async save(row: DiscoveryScheduleEntity): Promise<void> {
    await this.repo().save(row);
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.repo().delete({ id })).affected ?? 0) > 0;
  }

  /** Take the slot `expectedNext` if nobody holds a live lease; moves next_run_at on. */
  async claim(id: string, expectedNext: string, owner: string, leaseUntil: string, nextRunAt: string, now: string): Promise<boolean> {
    const r = await this.repo()
      .createQueryBuilder()
      .update()
      .set({ leaseOwner: owner, leaseUntil, nextRunAt, lastRunAt: now, updatedAt: now })
      .where('id = :id AND next_run_at = :expectedNext AND enabled = :enabled', { id, expectedNext, enabled: true })
      .andWhere(new Brackets((w) => w.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    return (r.affected ?? 0) === 1;
  }

  /** The slot came while a run still holds the lease: count it as skipped and move on (once, by one replica). */
  async skip(id: string, expectedNext: string, nextRunAt: string, now: string): Promise<boolean> {
    const r = await this.repo()
      .createQueryBuilder()
      .update()
      .set({ nextRunAt, skippedRuns: () => 'skipped_runs + 1', updatedAt: now })
      .where('id = :id AND next_run_at = :expectedNext', { id, expectedNext })
      .execute();
    return (r.affected ?? 0) === 1;
  }

  async renew(id: string, owner: string, leaseUntil: string): Promise<boolean> {
    const r = await this.repo().update({ id, leaseOwner: owner }, { leaseUntil });
    return (r.affected ?? 0) === 1;
  }

  async release(id: string, owner: string, scanId: string, now: string): Promise<void> {
    await this.repo().update({ id, leaseOwner: owner }, { leaseOwner: null, leaseUntil: null, lastScanId: scanId, updatedAt: now });
  }
}
