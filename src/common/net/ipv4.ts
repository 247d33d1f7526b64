/**
 * IPv4 arithmetic for discovery scans (which addresses to probe) and IP validation for inventory.
 * Addresses are dotted quads (RFC 791 §3.2); prefixes follow CIDR (RFC 4632 §3.1).
 */
import * as net from 'node:net';

/** A malformed address, CIDR or target spec, or one too large to scan. */
export class Ipv4Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Ipv4Error';
  }
}

/**
 * Scans stop at a /16 (65,536 addresses). A /8 means 16 million probes, which is almost always a
 * typo for /18 or /28 and would flood the management network.
 */
export const MIN_SCAN_PREFIX = 16;
const MAX_SCAN_ADDRESSES = 2 ** (32 - MIN_SCAN_PREFIX);

/**
 * Strict dotted quad. node:net refuses leading zeros ("010.0.0.1"), which inet_aton would read
 * as octal, so a value never means two different hosts.
 */
export function isIPv4(raw: string): boolean {
  return net.isIPv4(raw);
}

/** IPv4 or IPv6 (IPv6 may carry a zone, "fe80::1%eth0"). No surrounding whitespace allowed. */
export function isIP(raw: string): boolean {
  return net.isIP(raw) !== 0;
}

/** "10.0.0.1" -> 167772161 (unsigned). Throws Ipv4Error for anything but a dotted quad. */
export function ipv4ToInt(ip: string): number {
  if (!net.isIPv4(ip)) throw new Ipv4Error(`invalid IPv4 address "${ip}"`);
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** 167772161 -> "10.0.0.1". Throws Ipv4Error outside 0 .. 2^32-1. */
export function intToIpv4(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Ipv4Error(`not an IPv4 address value: ${n}`);
  // Plain division, not bit shifts: JS bitwise operators are signed 32-bit.
  return [2 ** 24, 2 ** 16, 2 ** 8, 1].map((d) => Math.floor(n / d) % 256).join('.');
}

export interface Cidr {
  /** The network address (host bits cleared), e.g. "10.0.0.0" for "10.0.0.7/24". */
  network: string;
  prefix: number;
  /** First and last usable host, see hostRange. */
  first: string;
  last: string;
  /** Number of usable hosts, first..last inclusive. */
  size: number;
}

/**
 * Usable hosts of a block: the all-zeros and all-ones host numbers are the network and broadcast
 * addresses (RFC 919, RFC 922) and are left out, except on a /31 where RFC 3021 makes both usable,
 * and a /32 which is the single host.
 */
function hostRange(network: number, prefix: number): [number, number] {
  const size = 2 ** (32 - prefix);
  if (prefix >= 31) return [network, network + size - 1];
  return [network + 1, network + size - 2];
}

/** "10.0.0.0/24" -> { network: "10.0.0.0", prefix: 24, first: "10.0.0.1", last: "10.0.0.254", size: 254 }. */
export function parseCidr(spec: string): Cidr {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(spec.trim());
  const prefix = m ? Number(m[2]) : NaN;
  if (!m || !net.isIPv4(m[1]) || prefix > 32) {
    throw new Ipv4Error(`invalid CIDR "${spec}" (expected e.g. 10.0.0.0/24)`);
  }
  const size = 2 ** (32 - prefix);
  // Host bits set ("10.0.0.7/24") are tolerated and cleared, as `ip route` does.
  const network = Math.floor(ipv4ToInt(m[1]) / size) * size;
  const [first, last] = hostRange(network, prefix);
  return { network: intToIpv4(network), prefix, first: intToIpv4(first), last: intToIpv4(last), size: last - first + 1 };
}

function parseTargetBounds(spec: string): [number, number] {
  const s = spec.trim();
  if (s.includes('/')) {
    const c = parseCidr(s);
    if (c.prefix < MIN_SCAN_PREFIX) {
      throw new Ipv4Error(
        `refusing to scan "${s}": /${c.prefix} is ${2 ** (32 - c.prefix)} addresses; use /${MIN_SCAN_PREFIX} or longer`,
      );
    }
    return [ipv4ToInt(c.first), ipv4ToInt(c.last)];
  }
  const dash = s.indexOf('-');
  if (dash < 0) {
    if (!net.isIPv4(s)) throw new Ipv4Error(`invalid target "${spec}" (expected an IPv4 address, CIDR or a-b range)`);
    const ip = ipv4ToInt(s);
    return [ip, ip];
  }
  const [a, b] = [s.slice(0, dash).trim(), s.slice(dash + 1).trim()];
  if (!net.isIPv4(a) || !net.isIPv4(b)) {
    throw new Ipv4Error(`invalid range "${spec}" (expected e.g. 10.0.0.5-10.0.0.9)`);
  }
  const [lo, hi] = [ipv4ToInt(a), ipv4ToInt(b)];
  if (hi < lo) throw new Ipv4Error(`invalid range "${spec}": ${b} comes before ${a}`);
  if (hi - lo + 1 > MAX_SCAN_ADDRESSES) {
    throw new Ipv4Error(`refusing to scan "${spec}": ${hi - lo + 1} addresses (at most ${MAX_SCAN_ADDRESSES})`);
  }
  return [lo, hi];
}

function* iterate(lo: number, hi: number): Generator<string, void, undefined> {
  for (let n = lo; n <= hi; n++) yield intToIpv4(n);
}

/**
 * Addresses to probe for one target spec: a single IPv4, a CIDR ("10.0.0.0/24": usable hosts only)
 * or an inclusive range ("10.0.0.5-10.0.0.9"). Validates eagerly, so a bad spec throws Ipv4Error
 * here rather than at the first `next()`; at most 65,536 addresses.
 *
 * Differs from magellan on purpose (reference §1.2): magellan starts at the address as written and
 * counts 2^(32-prefix)-1 addresses from it, so "172.16.0.5/24" scans .6 .. 172.16.1.4 and "/24"
 * probes the broadcast address. We scan the block itself.
 */
export function expandTargets(spec: string): Generator<string, void, undefined> {
  const [lo, hi] = parseTargetBounds(spec);
  return iterate(lo, hi);
}

/** How many addresses expandTargets(spec) yields, without iterating (for progress and limits). */
export function countTargets(spec: string): number {
  const [lo, hi] = parseTargetBounds(spec);
  return hi - lo + 1;
}
