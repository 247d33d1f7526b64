/**
 * The opt-in multicast half of SSDP for a sweep (`ssdpInterface`, reference/redfish.md §(g) 1): one
 * M-SEARCH for urn:dmtf-org:service:redfish-rest:1 to 239.255.255.250 out of the named interface only,
 * running beside the TCP sweep. Each answer is reported as an `ssdp` hit exactly like a unicast one, so the
 * runner checks every advertised service root with the same unauthenticated GET /redfish/v1/ (and the
 * USN's UUID) before it counts as a BMC. SSDP stays a hint, never a census.
 */
import { multicastInterfaceAddress, SSDP_PORT, ssdpMulticastSearch } from '../../protocols/ssdp';
import type { SweepHooks } from './scan-engine';

export interface SsdpMulticastSpec {
  /** Interface to search on; no interface, no multicast. */
  ssdpInterface?: string;
  /** Group port (default 1900), shared with the unicast search. */
  ssdpPort?: number;
}

/**
 * Starts the search; the promise settles after MX + grace (about 3 s). A bad interface throws at once (the
 * sweep fails before its first packet); a later failure rejects the promise the sweep awaits at its end.
 */
export function ssdpMulticastProbe(spec: SsdpMulticastSpec, hooks: SweepHooks): Promise<void> {
  if (!spec.ssdpInterface) return Promise.resolve();
  multicastInterfaceAddress(spec.ssdpInterface); // validates before anything is sent
  const port = spec.ssdpPort ?? SSDP_PORT;
  const done = ssdpMulticastSearch({ interface: spec.ssdpInterface, port, signal: hooks.signal }).then((hits) => {
    for (const h of hits) hooks.onHit?.({ kind: 'ssdp', address: h.from, port, uuid: h.uuid, location: h.location });
  });
  // The sweep awaits this only after its TCP part: mark it handled now so an early failure is not an
  // unhandled rejection meanwhile (awaiting `done` still throws).
  done.catch(() => undefined);
  return done;
}
