import { upsertRows } from '../../database/upsert';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { ScanResultEntity } from '../entities/scan-result.entity';
import { ScanEntity } from '../entities/scan.entity';

/** Queries on discovery_scans and discovery_scan_results. */
@Injectable()
export class ScansRepository {
  constructor(private readonly ds: DataSource) {}

  private scans() {
    return this.ds.getRepository(ScanEntity);
  }

  private results() {
    return this.ds.getRepository(ScanResultEntity);
  }

  insert(scan: ScanEntity): Promise<ScanEntity> {
    return this.scans().save(scan);
  }

  findOne(id: string): Promise<ScanEntity | null> {
    return this.scans().findOneBy({ id });
  }

  list(limit: number): Promise<ScanEntity[]> {
    return this.scans().find({ order: { createdAt: 'DESC' }, take: limit });
  }

  async update(id: string, fields: Partial<ScanEntity>): Promise<void> {
    await this.scans().update({ id }, fields);
  }

  /** Running scans whose owner stopped heart-beating (crashed replica): they will never finish. */
  async failOrphans(staleBefore: string, now: string): Promise<number> {
    const r = await this.scans().update({ status: 'running', heartbeatAt: LessThan(staleBefore) }, { status: 'failed', error: 'the replica running this scan stopped (no heartbeat)', finishedAt: now });
    return r.affected ?? 0;
  }

  /** One row per address/port/protocol; a second hit for the same key (collect result) updates it. */
  /** A complete row, keyed by (scan, address, port, protocol): a second hit for the same key replaces it. */
  async saveResult(r: ScanResultEntity): Promise<void> {
    await upsertRows(this.results(), [r], ['scanId', 'address', 'port', 'protocol']);
  }

  async updateResult(key: Pick<ScanResultEntity, 'scanId' | 'address' | 'port' | 'protocol'>, fields: Partial<ScanResultEntity>): Promise<void> {
    await this.results().update(key, fields);
  }

  resultsOf(scanId: string): Promise<ScanResultEntity[]> {
    return this.results().find({ where: { scanId }, order: { address: 'ASC', port: 'ASC', protocol: 'ASC' } });
  }
}
