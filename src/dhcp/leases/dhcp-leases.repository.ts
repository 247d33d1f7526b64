import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { DhcpLeaseEntity, DhcpLeaseState } from './dhcp-lease.entity';

/** SQLite (better-sqlite3) and PostgreSQL spell "unique constraint violated" differently. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Every query on pool leases (STYLE.md §12). Times are ISO strings, which sort like the instants. */
@Injectable()
export class DhcpLeasesRepository {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(DhcpLeaseEntity);
  }

  findByMac(mac: string): Promise<DhcpLeaseEntity | null> {
    return this.repo.findOneBy({ mac });
  }

  /** Every row of the pool table: a pool holds at most 65,536 addresses (config validation). */
  all(): Promise<DhcpLeaseEntity[]> {
    return this.repo.find();
  }

  /** Claims a never-used address; false when another MAC (or replica) got there first. */
  async insert(ip: string, mac: string, state: DhcpLeaseState, expiresAt: string, now: string): Promise<boolean> {
    try {
      await this.repo.insert({ ip, mac, state, expiresAt, updatedAt: now });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /**
   * Takes over an expired row (compare-and-set on the old MAC and expiry, so two replicas cannot both
   * take it); false when the row changed meanwhile or `mac` got another address concurrently.
   */
  async takeOver(old: DhcpLeaseEntity, mac: string, state: DhcpLeaseState, expiresAt: string, now: string): Promise<boolean> {
    try {
      const res = await this.repo.update(
        { ip: old.ip, mac: old.mac === null ? IsNull() : old.mac, expiresAt: old.expiresAt },
        { mac, state, expiresAt, updatedAt: now },
      );
      return (res.affected ?? 0) === 1;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Extends (or binds) the lease `ip` held by `mac`; false when that MAC no longer holds it. */
  async renew(ip: string, mac: string, state: DhcpLeaseState, expiresAt: string, now: string): Promise<boolean> {
    const res = await this.repo.update({ ip, mac }, { state, expiresAt, updatedAt: now });
    return (res.affected ?? 0) === 1;
  }

  async deleteByMac(mac: string): Promise<void> {
    await this.repo.delete({ mac });
  }

  async release(ip: string, mac: string): Promise<void> {
    await this.repo.delete({ ip, mac });
  }

  /** Marks `ip` unusable until `until` (RFC 2131 §4.3.3), whoever held it. */
  async decline(ip: string, until: string, now: string): Promise<void> {
    await this.repo.upsert({ ip, mac: null, state: 'declined', expiresAt: until, updatedAt: now }, ['ip']);
  }

  /** Housekeeping: drops leases that ended before `before` (addresses stay allocatable either way). */
  async purgeExpired(before: string): Promise<number> {
    const res = await this.repo.delete({ expiresAt: LessThanOrEqual(before), mac: Not(IsNull()) });
    return res.affected ?? 0;
  }
}
