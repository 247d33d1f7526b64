import * as crypto from 'node:crypto';
import { ClusterDefaults, CloudInitEntry, InstanceInfo } from '../cloud-init.types';
import { isJsonMap, JsonMap, mergeLayers } from '../merge/deep-merge';

/** What the meta-data of one node is built from. */
export interface MetaDataInput {
  xname: string;
  nid: number | null;
  /** The node's boot IP (first address of its first NIC), if any. */
  ip?: string;
  /** Group labels in membership order, each with its entry if it has one. */
  groups: { label: string; entry?: CloudInitEntry }[];
  nodeEntry?: CloudInitEntry;
  defaults: ClusterDefaults;
  instance?: InstanceInfo;
  /** HWCTL_CLOUDINIT_CLUSTER_NAME, used when the cluster defaults name no cluster. */
  clusterName: string;
  /** The base URL vendor-data's `#include` lines use, when one is configured. */
  baseUrl?: string;
}

/**
 * The node's meta-data with OpenCHAMI cloud-init's keys (reference §4; cmd/cloud-init-server/metadata.go
 * generateMetaData), then the `metadata` of its group entries (membership order) and its own entry merged
 * on top with the rules of deep-merge.ts — the v0 model, where sites set e.g. `instance-id` per group.
 *
 * Differences, on purpose:
 *  - instance-id, when not set through instance-info, is derived from the xname ("i-" + 12 hex digits of
 *    SHA-256) instead of random and kept in memory: it is the same after a restart and on every replica,
 *    so cloud-init does not re-run its per-instance modules because the server restarted;
 *  - a cluster with neither `short-name` nor `cluster-name` names nodes "nid0001" instead of "0001";
 *    a node without a NID gets its xname as hostname;
 *  - `local_ipv4` is left out when the node has no IP instead of being "".
 */
export function buildMetaData(input: MetaDataInput): JsonMap {
  const d = input.defaults;
  const inst = input.instance ?? {};
  const clusterName = d['cluster-name'] || input.clusterName;
  const generated = generateHostname(clusterName, d['short-name'], d['nid-length'], input.nid, input.xname);
  const instanceId = inst['instance-id'] || deriveInstanceId(input.xname);
  const baseUrl = inst['cloud-init-base-url'] || d['base-url'] || input.baseUrl;
  const publicKeys = [...(d['public-keys'] ?? []), ...(inst['public-keys'] ?? [])];

  const groups: JsonMap = {};
  for (const g of input.groups) {
    const desc = g.entry?.description || 'No description Found'; // sic: OpenCHAMI's text
    groups[g.label] = { Description: desc, ...(g.entry?.metaData ?? {}) };
  }
  const v1: JsonMap = {
    ...opt('availability_zone', d['availability-zone']),
    instance_id: instanceId,
    ...opt('instance_type', inst['instance-type']),
    ...opt('region', d.region),
    ...opt('local_ipv4', input.ip),
    ...opt('cloud_provider', d.cloud_provider),
    ...(publicKeys.length > 0 ? { public_keys: publicKeys } : {}),
    vendor_data: {
      version: '1.0',
      ...opt('cloud_init_base_url', baseUrl),
      ...opt('cluster_name', clusterName),
      groups,
    },
  };
  const base: JsonMap = {
    'instance-id': instanceId,
    'local-hostname': inst['local-hostname'] || generated,
    hostname: inst.hostname || generated,
    'cluster-name': clusterName,
    instance_data: { v1 },
  };
  const merged = mergeLayers([base, ...input.groups.map((g) => g.entry?.metaData), input.nodeEntry?.metaData]);
  // An entry that sets instance-id (seeds/003 does, per group) must not leave instance_data saying otherwise.
  const id = merged['instance-id'];
  const mv1 = isJsonMap(merged.instance_data) && isJsonMap(merged.instance_data.v1) ? merged.instance_data.v1 : undefined;
  if (mv1 && typeof id === 'string') mv1.instance_id = id;
  return merged;
}

/** "i-" + 12 hex digits of SHA-256(xname): stable per node, different between nodes. */
export function deriveInstanceId(xname: string): string {
  return `i-${crypto.createHash('sha256').update(xname).digest('hex').slice(0, 12)}`;
}

/**
 * OpenCHAMI generateHostname: `<short-name, else the first two characters of the cluster name><NID
 * zero-padded to nid-length (default 4)>`, e.g. short-name "nid", nid-length 3, NID 1 → "nid001".
 */
export function generateHostname(clusterName: string, shortName: string | undefined, nidLength: number | undefined, nid: number | null, xname: string): string {
  if (nid === null) return xname;
  const prefix = shortName || [...clusterName].slice(0, 2).join('') || 'nid';
  return `${prefix}${String(nid).padStart(nidLength && nidLength > 0 ? nidLength : 4, '0')}`;
}

function opt(key: string, value: string | undefined): JsonMap {
  return value ? { [key]: value } : {};
}
