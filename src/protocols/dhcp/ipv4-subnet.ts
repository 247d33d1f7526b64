/** 32-bit IPv4 arithmetic for subnet checks on the DHCP fast path (no allocation beyond the strings). */

/**
 * Dotted quad → unsigned 32-bit integer, one pass over the characters (this runs several times per
 * packet). Callers pass validated addresses (config, inventory, decoded headers); anything else gives
 * a meaningless number, never an exception.
 */
export function ipToInt(ip: string): number {
  let acc = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      acc = acc * 256 + (octet & 255);
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return (acc * 256 + (octet & 255)) >>> 0;
}

export function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The directed broadcast address of `ip` under `mask` (RFC 919 §7). */
export function broadcastOf(ip: string, mask: string): string {
  return intToIp((ipToInt(ip) | ~ipToInt(mask)) >>> 0);
}

/** True when `ip` lies in the network `network`/`mask`. */
export function inSubnet(ip: string, network: string, mask: string): boolean {
  const m = ipToInt(mask);
  return ((ipToInt(ip) & m) >>> 0) === ((ipToInt(network) & m) >>> 0);
}
