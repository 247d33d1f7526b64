import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { isIPv4 } from '../../common/net/ipv4';
import { Limiter } from '../../protocols/redfish';
import { BmcsRepository } from '../bmcs/bmcs.repository';
import { BmcCollector, CollectContext } from '../collect/bmc-collector.service';
import { EndpointTarget } from '../collect/magellan-payload.mapper';
import { XnameResolver } from '../collect/xname-resolver.service';
import { CredentialSet, isoNow } from '../discovery.tokens';
import { DiscoveredBmcEntity } from '../entities/discovered-bmc.entity';
import { ScanResultEntity } from '../entities/scan-result.entity';
import { ScanEntity } from '../entities/scan.entity';
import { probeRedfish } from '../engine/redfish-probe';
import { sweep, SweepHit } from '../engine/scan-engine';
import { tcpOpen } from '../engine/tcp-probe';
import { targetsContain } from '../engine/target-match';
import { ScansRepository } from './scans.repository';

export interface RunInput {
  credentials?: CredentialSet;
  requestMap?: Map<string, string>;
  unmapped: 'generate' | 'skip';
  /** kind "collect": the BMCs to walk. */
  collectTargets?: EndpointTarget[];
}

const FLUSH_MS = 500;

/**
 * Runs one scan record to its end in this process: the sweep (progress flushed to the row every 500 ms,
 * which doubles as the heartbeat), collects pipelined behind it as BMCs are found (at most
 * collectConcurrency at once), then — for a completed sweep — marks the known BMCs inside the swept range
 * that did not answer as vanished. A cancel is a status written to the row by any replica; the owner sees
 * it at its next flush and stops taking new work.
 */
@Injectable()
export class ScanRunner implements OnApplicationShutdown {
  private readonly log = new Logger('discovery');
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
    private readonly scans: ScansRepository,
    private readonly bmcs: BmcsRepository,
    private readonly collector: BmcCollector,
    private readonly xnames: XnameResolver,
  ) {}

  /** Starts the run in the background; `done` settles when it has finished and been recorded. */
  start(scan: ScanEntity, input: RunInput): Promise<void> {
    const abort = new AbortController();
    const done = this.execute(scan, input, abort).catch(async (err: unknown) => {
      this.log.error(`discovery scan ${scan.id} failed: ${(err as Error).message}`);
      await this.scans.update(scan.id, { status: 'failed', error: (err as Error).message, finishedAt: isoNow(), heartbeatAt: isoNow() }).catch(() => undefined);
    });
    const entry = { abort, done: done.finally(() => this.running.delete(scan.id)) };
    this.running.set(scan.id, entry);
    return entry.done;
  }

  /** Stop taking new work on every run of this replica (shutdown); in-flight walks finish. */
  async onApplicationShutdown(): Promise<void> {
    for (const r of this.running.values()) r.abort.abort(new Error('shutting down'));
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async execute(scan: ScanEntity, input: RunInput, ac: AbortController): Promise<void> {
    if (scan.spec.collect) void this.collector.warm(); // the walk threads come up while this run starts
    const c = { probed: 0, found: 0, collected: 0, failed: 0 };
    const flush = async () => {
      await this.scans.update(scan.id, { ...c, heartbeatAt: isoNow() });
      const now = await this.scans.findOne(scan.id);
      if (now?.status === 'cancelled' && !ac.signal.aborted) ac.abort(new Error('cancelled'));
    };
    const timer = setInterval(() => void flush().catch(() => undefined), FLUSH_MS);
    const writes: Promise<void>[] = [];
    const collects: Promise<void>[] = [];
    const limiter = new Limiter(this.config.discovery.collectConcurrency);
    const ctx: CollectContext = { scanId: scan.id, credentials: input.credentials, unmapped: input.unmapped, maps: { request: input.requestMap, ...(await this.xnames.standingMaps()) } };
    const redfishSeen = new Set<string>();
    const ipmiSeen = new Set<string>();
    const foundAddresses = new Set<string>();
    const ssdpSeen: Extract<SweepHit, { kind: 'ssdp' }>[] = [];

    const result = (t: { address: string; port: number }, protocol: 'tcp' | 'udp') => ({ scanId: scan.id, address: t.address, port: t.port, protocol });
    const collect = (t: EndpointTarget) =>
      collects.push(
        limiter.run(async () => {
          if (ac.signal.aborted) return;
          const o = await this.collector.collect(t, ctx);
          if (o.status === 'DiscoverOK') c.collected++;
          else c.failed++;
          await this.scans.updateResult(result(t, 'tcp'), { xname: o.xname, collectStatus: o.status, collectError: o.error ?? null });
        }),
      );
    const onHit = (h: SweepHit) => {
      if (h.kind === 'tcp') return; // only with probing off, which scans from the API never turn off
      if (h.kind === 'ssdp') {
        ssdpSeen.push(h);
        writes.push(this.scans.saveResult(Object.assign(new ScanResultEntity(), {
          ...result(h, 'udp'), serviceType: 'Redfish', status: 'ssdp', scheme: 'ssdp', redfishVersion: '', serviceUuid: h.uuid, vendor: '', xname: '', collectStatus: '', collectError: null, timestamp: isoNow(),
        })));
        return;
      }
      if (!foundAddresses.has(h.address)) {
        foundAddresses.add(h.address);
        c.found++;
      }
      const row = Object.assign(new ScanResultEntity(), {
        ...result(h, h.kind === 'redfish' ? 'tcp' : 'udp'),
        serviceType: h.kind === 'redfish' ? 'Redfish' : 'IPMI',
        status: h.kind === 'redfish' ? h.status : 'ipmi',
        scheme: h.kind === 'redfish' ? scan.spec.scheme : 'rmcp',
        redfishVersion: h.kind === 'redfish' ? (h.redfishVersion ?? '') : '',
        serviceUuid: h.kind === 'redfish' ? (h.serviceUuid ?? '') : '',
        vendor: h.kind === 'redfish' ? (h.vendor ?? h.product ?? '') : '',
        xname: '',
        collectStatus: '',
        collectError: null,
        timestamp: isoNow(),
      });
      const write = this.scans.saveResult(row);
      writes.push(write);
      if (h.kind === 'ipmi') ipmiSeen.add(h.address);
      else {
        redfishSeen.add(`${h.address}:${h.port}`);
        if (scan.spec.collect) void write.then(() => collect({ address: h.address, port: h.port, scheme: scan.spec.scheme }));
      }
    };

    try {
      if (scan.kind === 'scan') {
        await sweep(
          {
            targets: scan.spec.targets, ports: scan.spec.ports, scheme: scan.spec.scheme, timeoutMs: scan.spec.timeoutMs, concurrency: scan.spec.concurrency,
            ipmi: scan.spec.ipmi, ipmiPort: scan.spec.ipmiPort, ssdp: scan.spec.ssdp, ssdpPort: scan.spec.ssdpPort, ssdpInterface: scan.spec.ssdpInterface,
          },
          { onHit, onProbed: (n) => (c.probed = n), signal: ac.signal },
        );
        await this.followSsdp(scan, ssdpSeen, redfishSeen, onHit);
      } else {
        for (const t of input.collectTargets ?? []) {
          if (ac.signal.aborted) break;
          c.probed++;
          onHit({ kind: 'redfish', status: 'redfish', address: t.address, port: t.port });
        }
      }
      await Promise.all(writes);
      // Known BMCs the sweep missed get a second, slower look before anyone calls them vanished: one lost
      // probe on a busy network must not drop a BMC (a late answer is a hit like any other).
      const missing = scan.kind === 'scan' && !ac.signal.aborted ? await this.recheckMissing(scan, redfishSeen, onHit) : [];
      await Promise.all(writes);
      // A collect is queued after its result row is written: wait for the queueing, then for the walks.
      await new Promise((r) => setImmediate(r));
      while (collects.length > 0) await Promise.all(collects.splice(0));
      if (missing.length > 0) await this.markVanished(scan, missing);
      if (scan.spec.ipmi) await this.markIpmi(ipmiSeen);
    } finally {
      clearInterval(timer);
    }
    const status = ac.signal.aborted ? 'cancelled' : 'done';
    await this.scans.update(scan.id, { ...c, status, finishedAt: isoNow(), heartbeatAt: isoNow() });
    this.log.log(`discovery scan ${scan.id} ${status}: ${c.probed} probed, ${c.found} found, ${c.collected} collected, ${c.failed} failed`);
  }

  /**
   * SSDP is a hint (reference/redfish.md §(g) 4): each advertised service root the sweep did not already
   * find (another port, another address) is checked with the same unauthenticated GET, and its UUID must
   * be the one the USN carried, before it counts as a BMC.
   */
  private async followSsdp(scan: ScanEntity, hints: Extract<SweepHit, { kind: 'ssdp' }>[], seen: Set<string>, onHit: (h: SweepHit) => void): Promise<void> {
    const followed = new Set<string>(); // the unicast and the multicast search may both report a service
    await Promise.all(
      hints.map(async (h) => {
        let url: URL;
        try {
          url = new URL(h.location);
        } catch {
          return;
        }
        const scheme = url.protocol === 'http:' ? 'http' : 'https';
        const port = Number(url.port) || (scheme === 'https' ? 443 : 80);
        const address = url.hostname;
        if (seen.has(`${address}:${port}`) || followed.has(`${address}:${port}`) || scheme !== scan.spec.scheme || !isIPv4(address)) return;
        followed.add(`${address}:${port}`);
        const hit = await probeRedfish(scheme, address, port, Math.max(scan.spec.timeoutMs, 3000));
        if (hit && (!hit.serviceUuid || hit.serviceUuid.toLowerCase() === h.uuid)) onHit({ kind: 'redfish', address, port, ...hit });
      }),
    );
  }

  /** Known, present BMCs inside the swept range and ports that the sweep did not hear from, probed once more. */
  private async recheckMissing(scan: ScanEntity, seen: Set<string>, onHit: (h: SweepHit) => void): Promise<DiscoveredBmcEntity[]> {
    const candidates = (await this.bmcs.present(scan.spec.ports)).filter((b) => !seen.has(b.endpoint) && targetsContain(scan.spec.targets, b.address));
    const slow = Math.max(3 * scan.spec.timeoutMs, 3000);
    const missing: DiscoveredBmcEntity[] = [];
    await Promise.all(
      candidates.map(async (b) => {
        const hit = (await tcpOpen(b.address, b.port, slow)) ? await probeRedfish(scan.spec.scheme, b.address, b.port, slow) : undefined;
        if (hit) onHit({ kind: 'redfish', address: b.address, port: b.port, ...hit });
        else missing.push(b);
      }),
    );
    return missing;
  }

  /** Known BMCs inside the swept range and ports that no longer answer Redfish: vanished. */
  private async markVanished(scan: ScanEntity, missing: DiscoveredBmcEntity[]): Promise<void> {
    const now = isoNow();
    for (const b of missing) {
      Object.assign(b, { present: false, lastAttempt: now, lastStatus: 'HTTPsGetFailed', lastError: `no Redfish service at ${b.endpoint} in scan ${scan.id}` });
      await this.bmcs.save(b);
      await this.bmcs.addChanges([{ at: now, kind: 'bmc-vanished', endpoint: b.endpoint, xname: b.xname, scanId: scan.id, detail: { lastSeen: b.lastSeen } }]);
      if (b.xname) await this.collector.recordFailure(b.endpoint, b.xname, 'HTTPsGetFailed', now);
      this.log.warn(`discovery ${b.endpoint} ${b.xname}: vanished (last seen ${b.lastSeen})`);
    }
  }

  private async markIpmi(seen: Set<string>): Promise<void> {
    if (seen.size === 0) return;
    for (const b of await this.bmcs.list()) {
      if (seen.has(b.address) && !b.ipmi) {
        b.ipmi = true;
        await this.bmcs.save(b);
      }
    }
  }
}
