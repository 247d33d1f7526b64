/**
 * An xname for a BMC nobody mapped: derived from its IPv4 address so the same BMC always gets the same
 * name, and two addresses never share one. magellan's generator (pkg/idmap/generated_xname.go,
 * reference §1.4) packs the address into x/c/s/b but drops the third octet, so 10.0.1.5 and 10.0.2.5
 * collide. Ours keeps every bit: x<o1> c0 s<o2·256+o3> b<o4> — e.g. 172.16.0.101 → x172c0s4096b101,
 * 127.0.1.7 → x127c0s1b7. Cabinet ≤ 255 fits hms-xname's 1–4 digits; slot and BMC numbers are unbounded
 * there. The result is always a NodeBMC (the common case; map ChassisBMC/RouterBMC controllers explicitly).
 */
import { isIPv4 } from '../../common/net/ipv4';

export function generatedXname(address: string): string {
  if (!isIPv4(address)) throw new Error(`cannot generate an xname for "${address}": only IPv4 addresses map onto x/c/s/b`);
  const [a, b, c, d] = address.split('.').map(Number);
  return `x${a}c0s${b * 256 + c}b${d}`;
}
