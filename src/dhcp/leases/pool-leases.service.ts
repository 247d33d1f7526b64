import { Inject, Injectable } from '@nestjs/common';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { DhcpLeasesRepository } from './dhcp-leases.repository';
import { firstFreeAddress, poolContains, PoolRange } from './pool-range';

/** How long a declined address stays out of the pool (RFC 2131 §4.3.3 leaves it to the server). */
const DECLINE_HOLD_MS = 60 * 60 * 1000;
/** Allocation races lost to other replicas before giving up on this request (the client retries). */
const MAX_ATTEMPTS = 5;

/**
 * Short leases from HWCTL_DHCP_POOL for MACs the inventory does not know (coresmd's bootloop plugin,
 * reference §5). All state is in the database, so several DHCP replicas share the pool: the table's
 * keys decide every race (one MAC per address, one address per MAC) and the loser re-reads.
 */
@Injectable()
export class PoolLeases {
  constructor(
    private readonly repo: DhcpLeasesRepository,
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
  ) {}

  get range(): PoolRange | undefined {
    return this.config.dhcp.pool;
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.config.dhcp.poolLeaseSeconds * 1000).toISOString();
  }

  /**
   * The address `mac` holds, or a free one now claimed for it (state "offered"); undefined when the
   * pool is exhausted. `reserved` = inventory addresses, which the pool must skip.
   */
  async offer(mac: string, reserved: ReadonlySet<string>, now = new Date()): Promise<string | undefined> {
    const pool = this.range;
    if (!pool) return undefined;
    const nowIso = now.toISOString();
    const tried = new Set<string>();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const mine = await this.repo.findByMac(mac);
      if (mine && poolContains(pool, mine.ip) && !reserved.has(mine.ip)) {
        if (await this.repo.renew(mine.ip, mac, mine.state === 'bound' ? 'bound' : 'offered', this.expiry(now), nowIso)) return mine.ip;
        continue;
      }
      if (mine) await this.repo.release(mine.ip, mac); // left over from an older pool or now an inventory address
      const rows = await this.repo.all();
      const busy = new Set(tried);
      for (const r of rows) if (r.expiresAt > nowIso) busy.add(r.ip);
      const ip = firstFreeAddress(pool, busy, reserved);
      if (!ip) return undefined;
      const old = rows.find((r) => r.ip === ip);
      const claimed = old
        ? await this.repo.takeOver(old, mac, 'offered', this.expiry(now), nowIso)
        : await this.repo.insert(ip, mac, 'offered', this.expiry(now), nowIso);
      if (claimed) return ip;
      tried.add(ip);
    }
    return undefined;
  }

  /** REQUEST for `ip`: binds and extends when `mac` holds it. 'none' = no lease at all for `mac`. */
  async bind(mac: string, ip: string, now = new Date()): Promise<'bound' | 'other-address' | 'none'> {
    const mine = await this.repo.findByMac(mac);
    if (!mine) return 'none';
    if (mine.ip !== ip) return 'other-address';
    return (await this.repo.renew(ip, mac, 'bound', this.expiry(now), now.toISOString())) ? 'bound' : 'none';
  }

  /** Drops whatever `mac` holds (it is known to the inventory now, or asked for another address). */
  async forget(mac: string): Promise<void> {
    await this.repo.deleteByMac(mac);
  }

  async release(mac: string, ip: string): Promise<void> {
    await this.repo.release(ip, mac);
  }

  async decline(ip: string, now = new Date()): Promise<void> {
    const pool = this.range;
    if (!pool || !poolContains(pool, ip)) return;
    await this.repo.decline(ip, new Date(now.getTime() + DECLINE_HOLD_MS).toISOString(), now.toISOString());
  }

  async holds(mac: string): Promise<string | undefined> {
    return (await this.repo.findByMac(mac))?.ip;
  }
}
