/**
 * Option 12 names, as OpenCHAMI's coresmd gives them (reference §5; coresmd internal/hostname):
 * a pattern where `{id}` is the xname and `{Nd}` / `{0Nd}` the NID zero-padded to N digits, applied
 * to components of type Node (`node_pattern`, default `nid{04d}`) and NodeBMC (`bmc_pattern`), with
 * `.<domain>` appended when a domain is configured.
 *
 * Two deliberate differences: coresmd expands `{Nd}` with NID 0 for BMCs (SMD gives BMCs no NID, so
 * every BMC became `bmc0000`), hence hwctl's BMC default is `{id}`; and a component without a NID gets
 * its xname instead of `nid0000`.
 */
const NID_FIELD = /\{0*(\d+)d\}/g;

export function expandHostnamePattern(pattern: string, nid: number | null, xname: string): string {
  return pattern.replace(/\{id\}/g, xname).replace(NID_FIELD, (_m, width: string) => String(nid ?? 0).padStart(Number(width), '0'));
}

export interface HostnamePolicy {
  nodeHostname: string;
  bmcHostname: string;
  domain?: string;
}

export function dhcpHostname(c: { type: string; nid: number | null; xname: string }, policy: HostnamePolicy): string | undefined {
  const pattern = c.type === 'Node' ? policy.nodeHostname : c.type === 'NodeBMC' ? policy.bmcHostname : '';
  if (!pattern) return undefined;
  NID_FIELD.lastIndex = 0;
  const name = c.nid === null && NID_FIELD.test(pattern) ? c.xname : expandHostnamePattern(pattern, c.nid, c.xname);
  return policy.domain ? `${name}.${policy.domain}` : name;
}
