/** Does an address fall inside one of the scan targets (IPv4, CIDR, a-b range)? For "vanished" decisions. */
import { ipv4ToInt, isIPv4, parseCidr } from '../../common/net/ipv4';

export function targetsContain(targets: string[], address: string): boolean {
  if (!isIPv4(address)) return false;
  const ip = ipv4ToInt(address);
  return targets.some((t) => {
    const s = t.trim();
    if (s.includes('/')) {
      const c = parseCidr(s);
      return ip >= ipv4ToInt(c.first) && ip <= ipv4ToInt(c.last);
    }
    const dash = s.indexOf('-');
    if (dash > 0) return ip >= ipv4ToInt(s.slice(0, dash).trim()) && ip <= ipv4ToInt(s.slice(dash + 1).trim());
    return isIPv4(s) && ipv4ToInt(s) === ip;
  });
}
