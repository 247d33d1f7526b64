import { Inject, Injectable, Logger } from '@nestjs/common';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { macToId } from '../../common/net/mac';
import { EthernetInterfacesService } from '../../inventory/ethernet-interfaces/ethernet-interfaces.service';
import { RedfishEndpointsService } from '../../inventory/redfish-endpoints/redfish-endpoints.service';
import { BmcInventory, RedfishError } from '../../protocols/redfish';
import { BmcsRepository } from '../bmcs/bmcs.repository';
import { BmcWalker } from './bmc-walker';
import { DISCOVERY_WALKER, BmcCredentials, CredentialSet, isoNow } from '../discovery.tokens';
import { DiscoveredBmcEntity } from '../entities/discovered-bmc.entity';
import { DiscoveryChangeEntity } from '../entities/discovery-change.entity';
import { fingerprintOf, macChanges } from './fingerprint';
import { EndpointTarget, nodeXnames, toEndpointPayload } from './magellan-payload.mapper';
import { XnameResolver } from './xname-resolver.service';

export interface CollectContext {
  scanId?: string;
  credentials?: CredentialSet;
  maps: { request?: Map<string, string>; stored: Map<string, string>; file: Map<string, string> };
  unmapped: 'generate' | 'skip';
}

export interface CollectOutcome {
  endpoint: string;
  xname: string;
  /** SMD LastDiscoveryStatus vocabulary: DiscoverOK, HTTPsGetFailed, AuthFailed, EPResponseFailedDecode, StoreFailed, NotInMap, XnameConflict. */
  status: string;
  error?: string;
  nodes: string[];
  changes: Omit<DiscoveryChangeEntity, 'id'>[];
}

/** RedfishError code → LastDiscoveryStatus. */
function statusOf(err: unknown): string {
  if (!(err instanceof RedfishError)) return 'UnexpectedErrorPreStore';
  switch (err.code) {
    case 'BMC_AUTH_FAILED':
      return 'AuthFailed';
    case 'REDFISH_BAD_RESPONSE':
    case 'REDFISH_HTTP_ERROR':
      return 'EPResponseFailedDecode';
    case 'BMC_UNREACHABLE':
    case 'BMC_TIMEOUT':
    case 'BMC_BUSY':
    case 'BMC_TLS_FAILED':
      return 'HTTPsGetFailed';
  }
}

/**
 * Collect = walk one BMC over Redfish and write what it reported into the inventory through the SMD
 * RedfishEndpoints path (PUT with SchemaVersion 1, as `magellan send --force-update` does), then record
 * the outcome: first/last seen, LastDiscoveryStatus, and what changed since the last walk (new BMC, a BMC
 * back after vanishing, a different service UUID, MACs that moved). One collect per BMC at a time.
 */
@Injectable()
export class BmcCollector {
  private readonly log = new Logger('discovery');
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
    @Inject(DISCOVERY_WALKER) private readonly walker: BmcWalker,
    private readonly bmcs: BmcsRepository,
    private readonly endpoints: RedfishEndpointsService,
    private readonly nics: EthernetInterfacesService,
    private readonly xnames: XnameResolver,
  ) {}

  /** Starts the walk threads ahead of the first walk (a run calls it as it begins). Never rejects. */
  warm(): Promise<void> {
    return this.walker.warm().catch((err: unknown) => this.log.warn(`discovery: walk threads did not start: ${(err as Error).message}`));
  }

  collect(t: EndpointTarget, ctx: CollectContext): Promise<CollectOutcome> {
    const endpoint = `${t.address}:${t.port}`;
    const prev = this.locks.get(endpoint) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(() => this.collectNow(t, endpoint, ctx));
    this.locks.set(endpoint, run);
    void run.finally(() => this.locks.get(endpoint) === run && this.locks.delete(endpoint)).catch(() => undefined);
    return run;
  }

  private async collectNow(t: EndpointTarget, endpoint: string, ctx: CollectContext): Promise<CollectOutcome> {
    const now = isoNow();
    const prev = await this.bmcs.find(endpoint);
    const changes: CollectOutcome['changes'] = [];
    const change = (kind: DiscoveryChangeEntity['kind'], xname: string, detail: Record<string, unknown>) => changes.push({ at: now, kind, endpoint, xname, scanId: ctx.scanId ?? null, detail });
    if (!prev) change('bmc-new', '', { address: t.address, port: t.port });

    const decision = await this.xnames.resolve(t.address, endpoint, ctx.maps, ctx.unmapped, prev);
    if ('skip' in decision) return this.fail(t, endpoint, prev, '', 'NotInMap', decision.skip, changes, now, true);
    if ('conflict' in decision) return this.fail(t, endpoint, prev, '', 'XnameConflict', decision.conflict, changes, now, true);
    const xname = decision.xname;
    for (const c of changes) c.xname = xname;

    const creds = await this.credentialsFor(t.address, xname, ctx.credentials);
    let inv: BmcInventory;
    try {
      inv = await this.walk(t, creds);
    } catch (err) {
      const reachable = err instanceof RedfishError && !['BMC_UNREACHABLE', 'BMC_TIMEOUT', 'BMC_TLS_FAILED'].includes(err.code);
      return this.fail(t, endpoint, prev, xname, statusOf(err), err instanceof Error ? err.message : String(err), changes, now, reachable);
    }

    try {
      // Password only when the caller gave one: PUT keeps the sealed password otherwise.
      const given = ctx.credentials?.byAddress?.[t.address] ?? ctx.credentials?.default;
      await this.endpoints.put(xname, toEndpointPayload(inv, xname, t, creds ? { username: creds.username, password: given ? given.password : undefined } : undefined));
    } catch (err) {
      return this.fail(t, endpoint, prev, xname, 'StoreFailed', err instanceof Error ? err.message : String(err), changes, now, true);
    }

    const fp = fingerprintOf(inv, xname, now);
    if (prev && !prev.present) change('bmc-returned', xname, { lastSeen: prev.lastSeen });
    if (prev?.serviceUuid && inv.serviceUuid && prev.serviceUuid !== inv.serviceUuid) change('uuid-changed', xname, { old: prev.serviceUuid, new: inv.serviceUuid });
    if (prev?.fingerprint.collectedAt) {
      for (const mc of macChanges(prev.fingerprint, fp, xname)) {
        change('mac-changed', xname, { ...mc });
        await this.dropStaleNics(mc.component, mc.removed, fp);
      }
    }
    await this.bmcs.save(this.row(t, endpoint, prev, now, {
      xname,
      serviceUuid: inv.serviceUuid ?? '',
      bmcMac: inv.bmcMac ?? '',
      redfishVersion: inv.redfishVersion ?? '',
      vendor: inv.vendor ?? inv.systems[0]?.manufacturer ?? '',
      fingerprint: fp,
      present: true,
      lastSeen: now,
      lastStatus: 'DiscoverOK',
      lastError: inv.warnings.length ? `${inv.warnings.length} unreadable resource(s), e.g. ${inv.warnings[0].path}: ${inv.warnings[0].problem}` : null,
    }));
    await this.bmcs.addChanges(changes);
    if (changes.some((c) => c.kind !== 'bmc-new')) this.log.log(`discovery ${endpoint} ${xname}: ${changes.map((c) => c.kind).join(', ')}`);
    return { endpoint, xname, status: 'DiscoverOK', nodes: nodeXnames(inv, xname), changes };
  }

  /**
   * One walk, and a second one after a pause if the first failed on something passing (5xx, timeout): each
   * request already retried, so this only matters for a BMC having a bad minute. Auth failures are final.
   */
  private async walk(t: EndpointTarget, creds: BmcCredentials | undefined): Promise<BmcInventory> {
    const d = this.config.discovery;
    const once = () =>
      this.walker.walk({ host: t.address, port: t.port, scheme: t.scheme, credentials: creds, auth: d.auth, deadlineMs: d.bmcDeadlineMs }, { address: t.address, port: t.port });
    try {
      return await once();
    } catch (err) {
      if (!(err instanceof RedfishError) || err.code !== 'BMC_BUSY') throw err;
      await new Promise((r) => setTimeout(r, 500));
      return once();
    }
  }

  /** A MAC a node no longer reports is removed from that node (it may have moved to another: then it is not ours). */
  private async dropStaleNics(component: string, removed: string[], now: { nodes: Record<string, string[]>; bmcMac?: string }): Promise<void> {
    const stillReported = new Set([...(now.bmcMac ? [now.bmcMac] : []), ...Object.values(now.nodes).flat()]);
    for (const mac of removed) {
      if (stillReported.has(mac)) continue;
      try {
        const nic = (await this.nics.get(macToId(mac))) as { ComponentID?: string };
        if (nic.ComponentID === component) await this.nics.delete(macToId(mac));
      } catch {
        // already gone, or re-assigned by hand: leave it
      }
    }
  }

  private async credentialsFor(address: string, xname: string, given?: CredentialSet): Promise<BmcCredentials | undefined> {
    const fromRequest = given?.byAddress?.[address] ?? given?.default;
    if (fromRequest) return fromRequest;
    const stored = await this.endpoints.credentials(xname).catch(() => undefined);
    if (stored?.user && stored.password) return { username: stored.user, password: stored.password };
    const d = this.config.discovery;
    return d.username && d.password ? { username: d.username, password: d.password } : undefined;
  }

  private async fail(
    t: EndpointTarget, endpoint: string, prev: DiscoveredBmcEntity | null, xname: string, status: string, error: string,
    changes: CollectOutcome['changes'], now: string, answered: boolean,
  ): Promise<CollectOutcome> {
    await this.bmcs.save(this.row(t, endpoint, prev, now, {
      xname: xname || prev?.xname || '',
      lastStatus: status,
      lastError: error,
      ...(answered ? { lastSeen: now, present: true } : {}),
    }));
    await this.bmcs.addChanges(changes);
    if (xname) await this.recordFailure(endpoint, xname, status, now, answered ? t.address : undefined);
    this.log.warn(`discovery ${endpoint}${xname ? ` ${xname}` : ''}: ${status}: ${error}`);
    return { endpoint, xname, status, error, nodes: [], changes };
  }

  /**
   * The inventory's own record of a failed attempt (SMD DiscoveryInfo) for a BMC with a name. A BMC that
   * answered but could not be walked is registered if new (with `address`), so admins see it there; an
   * unreachable one only updates an existing endpoint. Never fails the caller: discovery's table has it.
   */
  async recordFailure(endpoint: string, xname: string, status: string, at: string, address?: string): Promise<void> {
    await this.endpoints
      .recordDiscoveryFailure(xname, status, at, address ? { address } : undefined)
      .catch((err: unknown) => this.log.warn(`discovery ${endpoint} ${xname}: could not record ${status} in the inventory: ${(err as Error).message}`));
  }

  private row(t: EndpointTarget, endpoint: string, prev: DiscoveredBmcEntity | null, now: string, fields: Partial<DiscoveredBmcEntity>): DiscoveredBmcEntity {
    const base: DiscoveredBmcEntity = prev ?? Object.assign(new DiscoveredBmcEntity(), {
      endpoint, address: t.address, port: t.port, scheme: t.scheme, xname: '', serviceUuid: '', bmcMac: '', redfishVersion: '', vendor: '',
      fingerprint: { nodes: {} }, ipmi: false, present: true, firstSeen: now, lastSeen: now, lastAttempt: now, lastStatus: 'NotYetQueried', lastError: null,
    });
    return Object.assign(base, { scheme: t.scheme, lastAttempt: now }, fields);
  }
}
