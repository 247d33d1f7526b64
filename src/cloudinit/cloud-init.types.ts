import { JsonMap } from './merge/deep-merge';

/**
 * The two data sets the server keeps (reference §4; seeds/003 "two-stage cloud-init"): `public` is what
 * `/cloud-init/...` serves to any node by its source IP, `secure` what `/cloud-init-secure/...` serves only
 * to a node holding a node token. Same shape, same merge, separate entries.
 */
export type Stage = 'public' | 'secure';
export const STAGES: readonly Stage[] = ['public', 'secure'];

/** One entry: the data of a group (named by its SMD label) or of a node (named by its xname). */
export interface CloudInitEntry {
  stage: Stage;
  name: string;
  description: string;
  /** cloud-config keys merged into the user-data of the group's nodes (v0 `userdata`). */
  userData: JsonMap | null;
  /** meta-data keys merged into the nodes' meta-data; also the group's `meta-data` of the v1 API. */
  metaData: JsonMap | null;
  /**
   * The group's own cloud-config document, served at `/{group}.yaml` for vendor-data's `#include`
   * (the v1 API's `file`; the v0 API's `vendordata` map is stored as `#cloud-config` + YAML of it).
   */
  vendorData: string | null;
  updatedAt: string;
}

/** Cluster-wide meta-data defaults, with the v1 API's JSON keys (note `cloud_provider`'s underscore). */
export interface ClusterDefaults {
  cloud_provider?: string;
  region?: string;
  'availability-zone'?: string;
  'cluster-name'?: string;
  'public-keys'?: string[];
  'base-url'?: string;
  'boot-subnet'?: string;
  'wg-subnet'?: string;
  'short-name'?: string;
  'nid-length'?: number;
}

/** Per-node meta-data overrides (v1 `PUT /admin/instance-info/{id}`). */
export interface InstanceInfo {
  'instance-id'?: string;
  'local-hostname'?: string;
  hostname?: string;
  'instance-type'?: string;
  'cloud-init-base-url'?: string;
  'public-keys'?: string[];
}
