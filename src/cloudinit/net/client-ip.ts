import * as net from 'node:net';
import { ipv4ToInt, parseCidr } from '../../common/net/ipv4';

/**
 * Who is asking: nodes are identified by their source address (reference §4, seeds/003), so this decides
 * which node's data — and, on the secure stage, whose secrets — a request gets.
 *
 * X-Forwarded-For is honoured only when the TCP peer is one of the configured trusted proxies, and then
 * read from the right: the right-most address that is not itself a trusted proxy is the client (each proxy
 * appends the address it received the request from; everything left of that could have been written by
 * the client). OpenCHAMI's server takes the *first* entry from anyone, which lets any host claim to be any
 * node by sending a header; we do not.
 */
export class TrustedProxies {
  private readonly ranges: { lo: number; hi: number }[] = [];
  private readonly exact = new Set<string>();

  /** `entries`: IPv4 addresses, IPv4 CIDRs ("10.0.0.0/24") or IPv6 addresses. Throws on anything else. */
  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const e = raw.trim();
      if (e.includes('/')) {
        const c = parseCidr(e);
        const size = 2 ** (32 - c.prefix);
        const lo = ipv4ToInt(c.network);
        this.ranges.push({ lo, hi: lo + size - 1 });
      } else if (net.isIP(e)) {
        this.exact.add(canonicalIp(e));
      } else {
        throw new Error(`"${raw}" is not an IP address or IPv4 CIDR`);
      }
    }
  }

  get empty(): boolean {
    return this.ranges.length === 0 && this.exact.size === 0;
  }

  has(ip: string): boolean {
    const a = canonicalIp(ip);
    if (this.exact.has(a)) return true;
    if (!net.isIPv4(a)) return false;
    const n = ipv4ToInt(a);
    return this.ranges.some((r) => n >= r.lo && n <= r.hi);
  }

  /** The client address of a request that arrived from `peer` carrying these X-Forwarded-For values. */
  clientIp(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const direct = canonicalIp(peer ?? '');
    if (!forwardedFor || !this.has(direct)) return direct;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((h) => canonicalIp(h.trim()))
      .filter((h) => h.length > 0);
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!net.isIP(hops[i])) return direct; // a garbled header is not evidence of anything
      if (!this.has(hops[i])) return hops[i];
    }
    return hops[0] ?? direct;
  }
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) → "10.0.0.1"; IPv6 lower-cased. */
export function canonicalIp(raw: string): string {
  const s = raw.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  if (mapped) return mapped[1];
  return net.isIPv6(s) ? s.toLowerCase() : s;
}
