import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { HwctlError } from '../../common/errors/hwctl-error';
import { normalizeXname } from '../../common/xname/xname';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { INVENTORY_CHANGED } from '../../inventory/inventory-events';
import { InventoryReader, NodeRecord } from '../../inventory/inventory-reader';
import { BOOT_PARAMETERS_CHANGED } from '../boot-events';
import { BootParameterEntity } from '../entities/boot-parameter.entity';
import { BootParametersRepository } from '../parameters/boot-parameters.repository';
import { BootCache } from './boot-cache';
import { BootIndex, isBootable, nodeKeys } from './boot-index';
import { BootscriptQuery } from './bootscript-query';
import { mergeBootData } from './boot-data.merge';
import { BootData, bootDataJson, bootScript, chainUrl, ScriptNode, ScriptSettings, unknownNodeScript } from './ipxe-script';

/** What a lookup key resolves to; cached per key. */
interface Resolved {
  /** The inventory node (type Node, not Empty), if any. */
  node?: { xname: string; nid: string; firstMac: string; enabled: boolean };
  boot: BootData;
  /** Memo: the rendered answer to a plain `?mac=<this MAC>` request (the URL DHCP hands out). */
  plain?: { answer: BootscriptAnswer; bytes: Buffer };
}

export interface BootscriptAnswer {
  contentType: string;
  body: string;
  /** For the log line: which node this was, and whether it got the unknown-node chain. */
  xname?: string;
  unknown?: boolean;
}

interface IndexEntry {
  value: Promise<BootIndex>;
  builtAt: number;
  /** The built index, once `value` has resolved (what the synchronous fast path can use). */
  ready?: BootIndex;
}

const byOf = (q: BootscriptQuery) => ({ mac: q.mac, xname: q.name !== undefined ? normalizeXname(q.name) : undefined, nid: q.nid });
const keyOf = (q: BootscriptQuery) => (q.mac !== undefined ? `m:${q.mac}` : q.name !== undefined ? `x:${normalizeXname(q.name)}` : `n:${q.nid}`);

const TEXT = 'text/plain; charset=UTF-8';
const JSON_TYPE = 'application/json; charset=UTF-8';

/**
 * Chooses and spells the iPXE script for a bootscript request (reference §3.2, BSS BootscriptGet):
 *  - known, enabled node with a kernel → the boot script, whose retry chain comes back with retry+1;
 *  - otherwise, without `arch` → "sleep 10" and a chain back with `arch=${buildarch}&ts=…`;
 *  - otherwise (with `arch`) → a known node with a kernel still gets its script (BSS's fallback for a
 *    disabled node), anyone else a 404 "…: this host not configured for booting.".
 * hwctl differences: the node is found through the inventory whichever key the request uses, and its
 * boot data merges its groups' parameters with its own (see mergeBootData); the chain URL is our
 * advertised URL. BSS's `Unknown-<arch>` discovery images are not supported (its SQL store never finds
 * them either).
 *
 * Caching, in two layers, both dropped on every inventory change and boot-parameter write:
 *  - an in-memory BootIndex of the bootable nodes and all boot parameters, built from one inventory
 *    snapshot (a storm of 10k first requests costs one snapshot, not 10k lookups);
 *  - per request key (MAC, xname or NID) the resolved node + merged boot data, and for `?mac=` alone the
 *    rendered bytes — what BootscriptFastPath serves without entering Nest.
 * On PostgreSQL the events of other replicas arrive too (database/replica-events.ts). Both layers also
 * expire after HWCTL_BOOT_CACHE_TTL, which bounds staleness should a notification be lost.
 */
@Injectable()
export class BootscriptService {
  private readonly logger = new Logger('boot');
  private readonly cache: BootCache<Resolved>;
  private readonly settings: ScriptSettings;
  private readonly ttlMs: number;
  private index?: IndexEntry;
  private refreshing = false;
  private generation = 0;

  constructor(
    @Inject(HWCTL_CONFIG) config: HwctlConfig,
    private readonly inventory: InventoryReader,
    private readonly params: BootParametersRepository,
  ) {
    this.ttlMs = config.boot.cacheTtlSeconds * 1000;
    this.cache = new BootCache<Resolved>(this.ttlMs);
    this.settings = { ...config.boot };
  }

  async answer(q: BootscriptQuery): Promise<BootscriptAnswer> {
    return this.answerFor(await this.cache.get(keyOf(q), () => this.resolve(q)), q);
  }

  /**
   * The answer from the cache alone, synchronously, or undefined on a miss or when the answer would be an
   * error (the caller then takes the full path, which resolves, caches and reports problems). This is what
   * the HTTP fast path serves a boot storm from.
   */
  cachedAnswer(q: BootscriptQuery): BootscriptAnswer | undefined {
    const r = this.cachedResolve(keyOf(q), q);
    if (r === undefined) return undefined;
    try {
      return this.answerFor(r, q);
    } catch {
      return undefined;
    }
  }

  /**
   * The cached answer to `?mac=<mac>` and nothing else — what every node's iPXE asks first — rendered once
   * per cache entry and kept as bytes. Undefined on a miss; not memoized for the unknown-node chain, whose
   * `ts=` is the current time.
   */
  plainMacAnswer(mac: string): { answer: BootscriptAnswer; bytes: Buffer } | undefined {
    const r = this.cachedResolve(`m:${mac}`, { mac, retry: 0, json: false });
    if (r === undefined) return undefined;
    if (r.plain) return r.plain;
    let answer: BootscriptAnswer;
    try {
      answer = this.answerFor(r, { mac, retry: 0, json: false });
    } catch {
      return undefined;
    }
    const plain = { answer, bytes: Buffer.from(answer.body) };
    if (!answer.unknown) r.plain = plain;
    return plain;
  }

  private answerFor(r: Resolved, q: BootscriptQuery): BootscriptAnswer {
    const node = r.node;
    // BSS fills BOOTIF only from the request's own mac= (scriptParams is built before any fallback).
    const sp: ScriptNode = { xname: node?.xname ?? '', nid: node?.nid ?? '', mac: q.mac ?? '' };
    if (q.json) return { contentType: JSON_TYPE, body: bootDataJson(r.boot, sp, this.settings.cloudInitUrl), xname: node?.xname };

    const unknown = !node || !node.enabled || r.boot.kernel === '';
    if (!unknown) return { contentType: TEXT, body: this.known(r, q, sp), xname: node.xname };
    if (q.arch === undefined) {
      const selector = q.mac ?? node?.firstMac;
      const name = q.name ?? node?.xname;
      const nid = q.nid ?? (node?.nid ? Number(node.nid) : undefined);
      const sel = selector ? `mac=${selector}` : name ? `name=${name}` : `nid=${nid}`;
      return { contentType: TEXT, body: unknownNodeScript(sel, q.ts ?? Math.floor(Date.now() / 1000), this.settings), xname: node?.xname, unknown: true };
    }
    if (node && r.boot.kernel !== '') return { contentType: TEXT, body: this.known(r, q, sp), xname: node.xname };
    const descr = this.describe(q, node?.xname);
    throw new HwctlError('NOT_FOUND', 404, `${descr}: this host not configured for booting.`);
  }

  /**
   * Drops every cached answer: after a boot-parameter write of this process; on the inventory's events and
   * on other replicas' boot-parameter writes (database/replica-events.ts).
   */
  @OnEvent(BOOT_PARAMETERS_CHANGED)
  invalidate(): void {
    this.generation++;
    this.index = undefined;
    this.cache.invalidate();
  }

  @OnEvent(INVENTORY_CHANGED)
  onInventoryChanged(): void {
    this.invalidate();
  }

  cacheStats() {
    return { size: this.cache.size, hits: this.cache.hits, misses: this.cache.misses };
  }

  private known(r: Resolved, q: BootscriptQuery, sp: ScriptNode): string {
    const mac = q.mac ?? r.node!.firstMac;
    const chain = chainUrl(this.settings, `${mac ? `mac=${mac}` : `name=${r.node!.xname}`}&retry=${q.retry + 1}`);
    return bootScript(r.boot, sp, chain, this.settings);
  }

  /** BSS's request description, e.g. "Unknown MAC de:ad:be:ef:00:01 (x1000c1s7b1n0) architecture x86_64". */
  private describe(q: BootscriptQuery, xname?: string): string {
    let d = q.mac !== undefined ? `MAC ${q.mac}` : q.name !== undefined ? q.name : `NID ${q.nid}`;
    if (xname && xname !== q.name) d += ` (${xname})`;
    return `Unknown ${d} architecture ${q.arch}`;
  }

  /**
   * Synchronously: the cached entry, or — once the index is built and fresh — one resolved from it on the
   * spot and cached (so a cold boot storm is served without leaving the fast path). Undefined otherwise.
   */
  private cachedResolve(key: string, q: BootscriptQuery): Resolved | undefined {
    const hit = this.cache.peek(key);
    if (hit !== undefined) return hit;
    const idx = this.index;
    if (!idx?.ready || Date.now() - idx.builtAt >= this.ttlMs) return undefined;
    const r = this.resolveFrom(idx.ready, q);
    this.cache.set(key, r);
    return r;
  }

  private resolveFrom(index: BootIndex, q: BootscriptQuery): Resolved {
    const found = index.node(byOf(q));
    return found ? this.resolved(found, index.rowsFor(nodeKeys(found))) : { boot: { kernel: '', initrd: '', params: '' } };
  }

  private resolved(found: NodeRecord, rows: BootParameterEntity[]): Resolved {
    return {
      node: { xname: found.xname, nid: found.nid === null ? '' : String(found.nid), firstMac: found.interfaces[0]?.mac ?? '', enabled: found.enabled },
      boot: mergeBootData(found, rows),
    };
  }

  private async resolve(q: BootscriptQuery): Promise<Resolved> {
    if (this.ttlMs > 0) return this.resolveFrom(await this.currentIndex(), q);
    // No caching configured: ask the database each time (fine for a handful of nodes, slow for a storm).
    const by = byOf(q);
    const found = by.mac !== undefined ? await this.inventory.getByMac(by.mac) : by.xname !== undefined ? await this.inventory.getByXname(by.xname) : await this.inventory.getByNid(by.nid!);
    if (!found || !isBootable(found)) return { boot: { kernel: '', initrd: '', params: '' } };
    return this.resolved(found, await this.params.findKeys(nodeKeys(found)));
  }


  /**
   * The in-memory index, built once and shared (concurrent first requests wait for the same build). An
   * explicit invalidation drops it, so the next request waits for a fresh one; when it only grows older than
   * the TTL it is rebuilt in the background while requests keep being answered from it.
   */
  private currentIndex(): Promise<BootIndex> {
    const now = Date.now();
    if (this.index && now - this.index.builtAt >= this.ttlMs && !this.refreshing) {
      const gen = this.generation;
      this.refreshing = true;
      this.buildIndex()
        .then((value) => {
          if (gen !== this.generation) return;
          this.index = { value: Promise.resolve(value), builtAt: Date.now(), ready: value };
          this.cache.invalidate();
        })
        .catch((err: unknown) => this.logger.error({ msg: 'boot index refresh failed', err: String(err) }))
        .finally(() => (this.refreshing = false));
    }
    if (this.index) return this.index.value;
    const value = this.buildIndex();
    const entry: IndexEntry = { value, builtAt: now };
    this.index = entry;
    value.then(
      (ready) => (entry.ready = ready),
      () => {
        if (this.index === entry) this.index = undefined; // a failed build is not cached
      },
    );
    return value;
  }

  private async buildIndex(): Promise<BootIndex> {
    const started = Date.now();
    const [nodes, rows] = await Promise.all([this.inventory.snapshot(), this.params.findAll()]);
    const index = new BootIndex(nodes, rows);
    this.logger.debug({ msg: 'boot index built', components: nodes.length, bootParameters: rows.length, ms: Date.now() - started });
    return index;
  }
}
