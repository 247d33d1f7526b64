/**
 * The pool for unknown MACs: an inclusive IPv4 range from HWCTL_DHCP_POOL, minus the addresses the
 * inventory already gives to known nodes (a pool that overlaps static addresses must never hand one out).
 */
import { intToIp, ipToInt } from '../../protocols/dhcp';

export interface PoolRange {
  first: string;
  last: string;
}

export function poolContains(pool: PoolRange, ip: string): boolean {
  const n = ipToInt(ip);
  return n >= ipToInt(pool.first) && n <= ipToInt(pool.last);
}

/**
 * The lowest address of the pool that is not `busy` (held by a live lease or declined) and not
 * `reserved` (an inventory address), or undefined when the pool is exhausted. Lowest-first keeps
 * replicas picking the same candidate, so conflicts resolve through the database in one retry.
 */
export function firstFreeAddress(pool: PoolRange, busy: ReadonlySet<string>, reserved: ReadonlySet<string>): string | undefined {
  const last = ipToInt(pool.last);
  for (let n = ipToInt(pool.first); n <= last; n++) {
    const ip = intToIp(n);
    if (!busy.has(ip) && !reserved.has(ip)) return ip;
  }
  return undefined;
}
