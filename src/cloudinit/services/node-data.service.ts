import { Inject, Injectable, Logger } from '@nestjs/common';
import { HwctlError, notFound } from '../../common/errors/hwctl-error';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { NodeRecord } from '../../inventory/inventory-reader';
import { Stage } from '../cloud-init.types';
import { entryName } from '../entry-name';
import { TrustedProxies } from '../net/client-ip';
import { NodeRequest } from '../node-request';
import { groupDocument, renderCloudConfig, renderMetaData, renderVendorInclude } from '../render/cloud-config';
import { ServedDoc, servedDoc } from '../render/served-doc';
import { CloudInitCache, CloudInitData } from './cloud-init-cache.service';
import { NodeTokenService } from './node-token.service';

export type DataKind = 'user-data' | 'meta-data' | 'vendor-data';

/**
 * What nodes read (reference §4): their own documents, found by source address on the public stage and
 * by node token on the secure stage, plus the admin views of any node or entry ("what would it get").
 */
@Injectable()
export class NodeDataService {
  private readonly log = new Logger('cloud-init');
  private readonly proxies: TrustedProxies;

  constructor(
    private readonly cache: CloudInitCache,
    private readonly tokens: NodeTokenService,
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
  ) {
    this.proxies = new TrustedProxies(config.cloudInit.trustedProxies);
  }

  /** The document of `kind` for the node making the request. */
  async forRequester(stage: Stage, kind: DataKind, req: NodeRequest): Promise<ServedDoc> {
    const node = await this.requester(stage, req);
    if (kind === 'vendor-data') return this.vendorDoc(stage, node, await this.cache.dataSnapshot(), req);
    const r = await this.cache.render(stage, node);
    return kind === 'user-data' ? r.userData : r.metaData;
  }

  /**
   * What forRequester('public', kind, req) would answer, if it is all in memory already: the same node
   * (same clientIp), the same cached documents. Undefined on anything else — a cold or expired cache, a
   * document not rendered yet, an address that is no node's (the 422 is the full route's to answer).
   * Public stage only: the secure stage checks a node token first. For node-data-fast-path.ts.
   */
  cachedForRequester(kind: DataKind, req: NodeRequest): { doc: ServedDoc; xname: string } | undefined {
    const node = this.cache.cachedNodeByIp(this.proxies.clientIp(req.peer, req.forwardedFor));
    if (!node) return undefined;
    if (kind === 'vendor-data') {
      const data = this.cache.cachedData();
      return data && { doc: this.vendorDoc('public', node, data, req), xname: node.xname };
    }
    const r = this.cache.cachedRender('public', node);
    return r && { doc: kind === 'user-data' ? r.userData : r.metaData, xname: node.xname };
  }

  /** `/{group}.yaml`: the group's document, only for a node that is a member (404 otherwise, as upstream). */
  async groupFileForRequester(stage: Stage, group: string, req: NodeRequest): Promise<ServedDoc> {
    const node = await this.requester(stage, req);
    const label = group.toLowerCase();
    if (!node.groups.includes(label)) throw notFound(`node ${node.xname} is not a member of group ${label}`);
    return servedDoc(groupDocument((await this.cache.dataSnapshot()).entries[stage].get(label)?.vendorData));
  }

  /**
   * The admin view of `/cloud-init/{id}/{kind}`: id = a node's MAC or xname gives what that node gets;
   * any other id names an entry (a group) and gives that entry's own data (seeds/003:
   * `curl $CLOUD_INIT_URL/compute/user-data`).
   */
  async view(stage: Stage, id: string, kind: DataKind, origin: string): Promise<string> {
    const node = (await this.cache.nodeByMac(id)) ?? (await this.cache.nodeByXname(id));
    if (node) {
      if (kind === 'vendor-data') return renderVendorInclude(baseUrl(stage, node, await this.cache.dataSnapshot(), this.config, origin), node.groups);
      const r = await this.cache.render(stage, node);
      return (kind === 'user-data' ? r.userData : r.metaData).body.toString('utf8');
    }
    const name = entryName(id);
    const entry = name === undefined ? undefined : (await this.cache.dataSnapshot()).entries[stage].get(name);
    if (!entry) throw notFound(`no node and no cloud-init entry named ${id}`);
    if (kind === 'user-data') return renderCloudConfig(entry.userData ?? {});
    if (kind === 'meta-data') return renderMetaData(entry.metaData ?? {});
    return groupDocument(entry.vendorData);
  }

  /** The admin view of `/{id}/{group}.yaml` (v1 impersonation): the group document as node `id` gets it. */
  async groupFileView(stage: Stage, id: string, group: string): Promise<string> {
    const node = (await this.cache.nodeByMac(id)) ?? (await this.cache.nodeByXname(id));
    if (!node) throw notFound(`no node ${id} in the inventory`);
    const label = group.toLowerCase();
    if (!node.groups.includes(label)) throw notFound(`node ${node.xname} is not a member of group ${label}`);
    return groupDocument((await this.cache.dataSnapshot()).entries[stage].get(label)?.vendorData);
  }

  private async requester(stage: Stage, req: NodeRequest): Promise<NodeRecord> {
    const ip = this.proxies.clientIp(req.peer, req.forwardedFor);
    if (stage === 'public') return this.nodeAt(ip);
    // Secure stage: the token first, so nothing about the address is revealed to a caller without one.
    const subject = await this.tokens.subjectOf(req.authorization, ip);
    if (this.config.cloudInit.secureRequireNodeIp) {
      const node = await this.nodeAt(ip);
      if (node.xname !== subject) {
        this.log.warn({ msg: 'node token used from another node', ip, node: node.xname, subject });
        throw new HwctlError('FORBIDDEN', 403, `this node token is for ${subject}, not for ${node.xname} (the node at ${ip})`);
      }
      return node;
    }
    const node = await this.cache.nodeByXname(subject);
    if (!node) throw new HwctlError('FORBIDDEN', 403, `the node token's subject ${subject} is not a node in the inventory`);
    return node;
  }

  private async nodeAt(ip: string): Promise<NodeRecord> {
    const node = await this.cache.nodeByIp(ip);
    // 422 as OpenCHAMI's server answers (reference §4): the request is fine, the address is not a node's.
    if (!node) throw new HwctlError('CLOUDINIT_UNKNOWN_NODE', 422, `no node in the inventory has the address ${ip}`);
    return node;
  }

  /** vendor-data: the `#include` line of each of the node's groups, in membership order. */
  private vendorDoc(stage: Stage, node: NodeRecord, data: CloudInitData, req: Pick<NodeRequest, 'origin'>): ServedDoc {
    return servedDoc(renderVendorInclude(baseUrl(stage, node, data, this.config, req.origin), node.groups));
  }
}

/**
 * Where vendor-data's `#include` lines point: instance-info's `cloud-init-base-url`, else the cluster
 * defaults' `base-url`, else HWCTL_CLOUDINIT_BASE_URL, else the origin the node used plus `/cloud-init`
 * (OpenCHAMI's precedence, with the request as last resort instead of a fixed default host).
 * On the secure stage the includes point at `/cloud-init-secure` (each fetch then needs the token too).
 * The fallback keeps `/cloud-init` even for a request that came in at the root (≥ v1.4 layout): that URL
 * resolves on hwctld itself (it serves both prefixes) and through ≥ v1.4's reverse proxy, which maps
 * `/cloud-init/…` to the root — if that proxy passes the node's Host on, a root-relative include would
 * miss its route. Upstream never derives the base from the request (BASE_URL, default
 * `http://cloud-init:27777`); the configured values above keep precedence unchanged. It also keeps
 * vendor-data the same bytes (and ETag) under both prefixes.
 */
function baseUrl(stage: Stage, node: NodeRecord, data: CloudInitData, config: HwctlConfig, origin: string): string {
  const base = (
    data.instances.get(node.xname)?.['cloud-init-base-url'] ||
    data.defaults['base-url'] ||
    config.cloudInit.baseUrl ||
    `${origin}/cloud-init`
  ).replace(/\/+$/, '');
  return stage === 'secure' ? base.replace(/\/cloud-init$/, '/cloud-init-secure') : base;
}
