import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { normalizeMac } from '../../common/net/mac';
import { normalizeXname } from '../../common/xname/xname';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { INVENTORY_CHANGED } from '../../inventory/inventory-events';
import { InventoryReader, NodeRecord } from '../../inventory/inventory-reader';
import { CLOUDINIT_DATA_CHANGED } from '../cloud-init.constants';
import { ClusterDefaults, CloudInitEntry, InstanceInfo, Stage } from '../cloud-init.types';
import { mergeLayers } from '../merge/deep-merge';
import { renderCloudConfig, renderMetaData } from '../render/cloud-config';
import { buildMetaData } from '../render/meta-data.builder';
import { ServedDoc, servedDoc } from '../render/served-doc';
import { CloudInitRepository } from '../repositories/cloud-init.repository';
import { ExpiringValue } from './expiring-value';

/** The nodes of the inventory, indexed the ways cloud-init requests name them. */
export interface NodeIndex {
  byIp: Map<string, NodeRecord>;
  byXname: Map<string, NodeRecord>;
  byMac: Map<string, NodeRecord>;
}

/** Everything stored by the cloud-init module, as one consistent read. */
export interface CloudInitData {
  entries: Record<Stage, Map<string, CloudInitEntry>>;
  defaults: ClusterDefaults;
  instances: Map<string, InstanceInfo>;
}

/** The rendered documents of one node on one stage. */
export interface RenderedNode {
  userData: ServedDoc;
  metaData: ServedDoc;
}

/**
 * Serves node lookups and rendered documents from memory, so a boot storm costs map lookups rather than
 * queries (issue 5's benchmark goal: ≥ 10k user-data requests/s). Three layers:
 *  - the node index (IP, xname, MAC → node, with groups in membership order), dropped on every
 *    `inventory.changed` event (emitted after commit, inventory-events.ts);
 *  - the cloud-init data (entries of both stages, cluster defaults, instance info), dropped by the admin
 *    service after each of its writes, and on `cloudinit.changed` for the writes of other replicas;
 *  - the rendered user-data/meta-data per node and stage, valid while both layers it came from are.
 * On PostgreSQL both events also come from the other replicas of the database (database/replica-events.ts),
 * so a change made through another replica shows here at once. HWCTL_CLOUDINIT_CACHE_TTL (default 60 s, as
 * OpenCHAMI's own 1-minute SMD cache) bounds staleness should a notification be lost; 0 keeps data until
 * an event drops it.
 */
@Injectable()
export class CloudInitCache {
  private readonly log = new Logger('cloud-init');
  private readonly nodes: ExpiringValue<NodeIndex>;
  private readonly data: ExpiringValue<CloudInitData>;
  private readonly rendered = new Map<string, RenderedNode>();
  /** The versions of the node index and of the data that `rendered` was made from (-1: none yet). */
  private renderedNodes = -1;
  private renderedData = -1;

  constructor(
    private readonly reader: InventoryReader,
    private readonly repo: CloudInitRepository,
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
  ) {
    const ttlMs = config.cloudInit.cacheTtlSeconds * 1000;
    this.nodes = new ExpiringValue(() => this.buildIndex(), ttlMs);
    this.data = new ExpiringValue(() => this.loadData(), ttlMs);
  }

  @OnEvent(INVENTORY_CHANGED)
  onInventoryChanged(): void {
    this.nodes.invalidate();
    this.rendered.clear();
  }

  /** Called after every committed cloud-init write of this process; other replicas' arrive as events. */
  @OnEvent(CLOUDINIT_DATA_CHANGED)
  invalidateData(): void {
    this.data.invalidate();
    this.rendered.clear();
  }

  async nodeByIp(ip: string): Promise<NodeRecord | undefined> {
    return (await this.nodes.get()).byIp.get(ip);
  }

  async nodeByXname(raw: string): Promise<NodeRecord | undefined> {
    return (await this.nodes.get()).byXname.get(normalizeXname(raw));
  }

  async nodeByMac(raw: string): Promise<NodeRecord | undefined> {
    const mac = normalizeMac(raw);
    return mac ? (await this.nodes.get()).byMac.get(mac) : undefined;
  }

  dataSnapshot(): Promise<CloudInitData> {
    return this.data.get();
  }

  // Synchronous reads for the fast path (node-data-fast-path.ts): what is in memory and fresh, never a
  // build. Undefined means "not cached": the caller falls back to the async reads above.

  cachedNodeByIp(ip: string): NodeRecord | undefined {
    return this.nodes.peek()?.byIp.get(ip);
  }

  cachedData(): CloudInitData | undefined {
    return this.data.peek();
  }

  /** What render() would return without rendering: only a render of the current, fresh versions. */
  cachedRender(stage: Stage, node: NodeRecord): RenderedNode | undefined {
    if (this.nodes.peek() === undefined || this.data.peek() === undefined) return undefined;
    if (this.renderedNodes !== this.nodes.version || this.renderedData !== this.data.version) return undefined;
    return this.rendered.get(`${stage}\u0000${node.xname}`);
  }

  /** The node's merged user-data and meta-data on a stage, rendered once per data version. */
  async render(stage: Stage, node: NodeRecord): Promise<RenderedNode> {
    const [index, data] = await Promise.all([this.nodes.get(), this.data.get()]);
    if (this.nodes.version !== this.renderedNodes || this.data.version !== this.renderedData) {
      this.rendered.clear();
      this.renderedNodes = this.nodes.version;
      this.renderedData = this.data.version;
    }
    const key = `${stage}\u0000${node.xname}`;
    let r = this.rendered.get(key);
    if (!r) {
      r = this.renderNode(stage, index.byXname.get(node.xname) ?? node, data);
      // Only a render of the values current now may be kept: a build started before an invalidation still
      // answers the readers that asked before it (expiring-value.ts), and one that ends after the next build
      // was kept would otherwise be cached under the new versions — and served, by the fast path too.
      if (index === this.nodes.peek() && data === this.data.peek()) this.rendered.set(key, r);
    }
    return r;
  }

  private renderNode(stage: Stage, node: NodeRecord, data: CloudInitData): RenderedNode {
    const entries = data.entries[stage];
    const groups = node.groups.map((label) => ({ label, entry: entries.get(label) }));
    const nodeEntry = entries.get(node.xname);
    const userData = mergeLayers([...groups.map((g) => g.entry?.userData), nodeEntry?.userData]);
    const metaData = buildMetaData({
      xname: node.xname,
      nid: node.nid,
      ip: node.interfaces[0]?.ips[0]?.ip,
      groups,
      nodeEntry,
      defaults: data.defaults,
      instance: data.instances.get(node.xname),
      clusterName: this.config.cloudInit.clusterName,
      baseUrl: this.config.cloudInit.baseUrl,
    });
    return { userData: servedDoc(renderCloudConfig(userData)), metaData: servedDoc(renderMetaData(metaData)) };
  }

  private async buildIndex(): Promise<NodeIndex> {
    const started = Date.now();
    const index: NodeIndex = { byIp: new Map(), byXname: new Map(), byMac: new Map() };
    const clashes: string[] = [];
    for (const n of await this.reader.snapshot()) {
      if (n.type !== 'Node') continue; // BMCs and switches have IPs too, but no cloud-init
      index.byXname.set(n.xname, n);
      for (const nic of n.interfaces) {
        index.byMac.set(nic.mac, n);
        // Every address counts, not only IPAddresses[0] as in OpenCHAMI: a node may boot on any of them.
        for (const { ip } of nic.ips) {
          const other = index.byIp.get(ip);
          if (other && other.xname !== n.xname) clashes.push(`${ip} (${other.xname}, ${n.xname})`);
          else index.byIp.set(ip, n);
        }
      }
    }
    if (clashes.length > 0) {
      // The first node (xname order) keeps the address; the operator has to resolve the duplicate.
      this.log.warn({ msg: 'IP address on more than one node; cloud-init serves the first', clashes: clashes.slice(0, 20), count: clashes.length });
    }
    this.log.debug({ msg: 'node index built', nodes: index.byXname.size, ips: index.byIp.size, ms: Date.now() - started });
    return index;
  }

  private async loadData(): Promise<CloudInitData> {
    const [all, defaults, instances] = await Promise.all([this.repo.listEntries(), this.repo.clusterDefaults(), this.repo.allInstanceInfo()]);
    const entries: CloudInitData['entries'] = { public: new Map(), secure: new Map() };
    for (const e of all) entries[e.stage].set(e.name, e);
    return { entries, defaults, instances };
  }
}
