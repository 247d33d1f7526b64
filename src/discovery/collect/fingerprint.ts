/**
 * What rediscovery compares between two walks of the same BMC: its service UUID, its own MAC and each
 * node's MACs. Changes are facts for the operator ("x127c0s1b7n0: 02:..:07 → 02:..:99"), recorded in
 * discovery_changes; a MAC that left a node is also removed from that node in the inventory.
 */
import { BmcInventory } from '../../protocols/redfish';
import { BmcFingerprint } from '../entities/discovered-bmc.entity';
import { nodeXnames } from './magellan-payload.mapper';

export function fingerprintOf(inv: BmcInventory, xname: string, collectedAt: string): BmcFingerprint {
  const nodes: Record<string, string[]> = {};
  const ids = nodeXnames(inv, xname);
  const seen = new Set<string>();
  let k = 0;
  for (const s of inv.systems) {
    if (s.uuid && seen.has(s.uuid)) continue;
    if (s.uuid) seen.add(s.uuid);
    nodes[ids[k++]] = s.nics.map((n) => n.mac);
  }
  return { collectedAt, bmcMac: inv.bmcMac, nodes };
}

export interface MacChange {
  component: string;
  /** MACs no longer reported / newly reported by this component. */
  removed: string[];
  added: string[];
}

export function macChanges(old: BmcFingerprint, now: BmcFingerprint, bmcXname: string): MacChange[] {
  const out: MacChange[] = [];
  const diff = (component: string, a: string[], b: string[]) => {
    const removed = a.filter((m) => !b.includes(m));
    const added = b.filter((m) => !a.includes(m));
    if (removed.length || added.length) out.push({ component, removed, added });
  };
  if (old.bmcMac !== now.bmcMac && (old.bmcMac || now.bmcMac)) diff(bmcXname, old.bmcMac ? [old.bmcMac] : [], now.bmcMac ? [now.bmcMac] : []);
  for (const node of new Set([...Object.keys(old.nodes), ...Object.keys(now.nodes)])) diff(node, old.nodes[node] ?? [], now.nodes[node] ?? []);
  return out;
}
