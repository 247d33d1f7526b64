/**
 * MAC-48 addresses (IEEE 802) in the spellings operators and tools actually produce.
 *
 * SMD stores them lower-case and colon-separated, and keys EthernetInterfaces by the same string
 * without colons (smd pkg/sm/compethinterfaces.go NewCompEthInterfaceV2;
 * ../shared/reference/openchami-api.md §2.2).
 */

// Accepted shapes, each with one separator used throughout (a mix like "aa:bb-cc..." is a typo):
//  - 6 groups of 1-2 hex digits split by ":" or "-" (Linux/Windows; macOS `arp` drops leading zeros),
//  - 3 groups of 4 hex digits split by "." (Cisco IOS),
//  - 12 bare hex digits (DHCP logs, SMD's EthernetInterface IDs).
const SIX_GROUPS = /^[0-9a-f]{1,2}([:-])[0-9a-f]{1,2}(?:\1[0-9a-f]{1,2}){4}$/;
const CISCO = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/;
const BARE = /^[0-9a-f]{12}$/;

/** Lower-case colon form ("aa:bb:cc:dd:ee:ff"), or undefined when `raw` is not a MAC-48. */
export function normalizeMac(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  let hex: string;
  if (SIX_GROUPS.test(s)) hex = s.split(/[:-]/).map((g) => g.padStart(2, '0')).join('');
  else if (CISCO.test(s)) hex = s.replace(/\./g, '');
  else if (BARE.test(s)) hex = s;
  else return undefined;
  return hex.match(/../g)!.join(':');
}

export function isValidMac(raw: string): boolean {
  return normalizeMac(raw) !== undefined;
}

/**
 * SMD's EthernetInterface ID: the MAC lower-cased with the colons removed ("a4bf012b7310").
 * A valid MAC in any spelling gives the same ID. Anything else gets SMD's own treatment
 * (lower-case, drop ":" only) so that a lookup by an odd ID still finds what SMD would have stored.
 */
export function macToId(mac: string): string {
  const norm = normalizeMac(mac);
  return norm ? norm.replace(/:/g, '') : mac.toLowerCase().replace(/:/g, '');
}
