import { badRequest } from '../../common/errors/hwctl-error';
import { normalizeMac } from '../../common/net/mac';
import { isValidXname, normalizeXname, xnameType } from '../../common/xname/xname';
import { BootKey } from './boot-parameters.repository';

const LABEL = /^[-a-z0-9:._]+$/;

export interface TargetLists {
  /** Node xnames and group labels (BSS's `hosts`). */
  hosts: BootKey[];
  macs: BootKey[];
  nids: BootKey[];
}

/**
 * Turns a body's hosts/macs/nids into storage keys, naming the first bad entry (`hosts[2]`).
 *
 * A host is a Node xname (normalized as SMD stores it) or else an inventory group label: BSS's SQL store
 * likewise treats non-node names as boot groups. Any other kind of xname (a BMC, a slot) is an error, as
 * on BSS POST. With `knownGroups`, a label must name an existing group, so a typo'd xname cannot quietly
 * become a group nobody is in; without it (DELETE, lookups) any well-formed label is accepted.
 */
export function parseTargets(body: { hosts?: string[]; macs?: string[]; nids?: number[] }, knownGroups?: ReadonlySet<string>): TargetLists {
  const hosts = (body.hosts ?? []).map((raw, i): BootKey => {
    const field = `hosts[${i}]`;
    const type = xnameType(raw);
    if (type === 'Node') return { kind: 'host', target: normalizeXname(raw) };
    if (type !== undefined) throw badRequest(`${field}: "${raw}" is a ${type} xname; boot parameters go to Node xnames or group labels`, field);
    const label = raw.trim().toLowerCase();
    if (!LABEL.test(label)) throw badRequest(`${field}: "${raw}" is neither a Node xname nor a group label`, field);
    if (/^x\d/.test(label) && !isValidXname(label)) throw badRequest(`${field}: "${raw}" is not a valid xname`, field);
    if (knownGroups && !knownGroups.has(label)) throw badRequest(`${field}: "${raw}" is neither a Node xname nor an inventory group`, field);
    return { kind: 'group', target: label };
  });
  const macs = (body.macs ?? []).map((raw, i): BootKey => {
    const mac = normalizeMac(raw);
    if (!mac) throw badRequest(`macs[${i}]: "${raw}" is not a MAC address`, `macs[${i}]`);
    return { kind: 'mac', target: mac };
  });
  const nids = (body.nids ?? []).map((n): BootKey => ({ kind: 'nid', target: String(n) }));
  return { hosts: dedupe(hosts), macs: dedupe(macs), nids: dedupe(nids) };
}

function dedupe(keys: BootKey[]): BootKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.kind}:${k.target}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** BSS picks ONE kind of key for POST and DELETE: hosts, else macs, else nids (reference §3.1). */
export function firstKind(t: TargetLists): BootKey[] {
  return t.hosts.length ? t.hosts : t.macs.length ? t.macs : t.nids;
}

export const allKeys = (t: TargetLists): BootKey[] => [...t.hosts, ...t.macs, ...t.nids];

export const describeKeys = (keys: BootKey[]): string =>
  keys
    .slice(0, 10)
    .map((k) => `${k.kind === 'group' ? 'group ' : ''}${k.target}`)
    .join(', ') + (keys.length > 10 ? ` and ${keys.length - 10} more` : '');
