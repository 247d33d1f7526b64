import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { parseDuration } from '../../common/duration';
import { badRequest, conflict, notFound } from '../../common/errors/hwctl-error';
import { countTargets, Ipv4Error, isIPv4 } from '../../common/net/ipv4';
import { multicastInterfaceAddress, SsdpInterfaceError } from '../../protocols/ssdp';
import { credentialSetFrom, xnameMapFrom } from '../collect/request-options';
import { EndpointTarget } from '../collect/magellan-payload.mapper';
import { isoNow } from '../discovery.tokens';
import { ScanEntity, ScanSpec } from '../entities/scan.entity';
import { ScanResultEntity } from '../entities/scan-result.entity';
import { CollectRequestDto, ScanRequestDto } from '../dto/scan-request.dto';
import { RunInput, ScanRunner } from './scan-runner.service';
import { ScansRepository } from './scans.repository';

/** Total addresses one scan may cover (several /16s would be a typo, not a cluster). */
const MAX_SCAN_ADDRESSES = 4 * 65_536;

export function scanJson(s: ScanEntity) {
  return {
    id: s.id,
    kind: s.kind,
    status: s.status,
    targets: s.spec.targets,
    ports: s.spec.ports,
    collect: s.spec.collect,
    ipmi: s.spec.ipmi,
    ssdp: s.spec.ssdp,
    ssdpInterface: s.spec.ssdpInterface,
    total: s.total,
    probed: s.probed,
    found: s.found,
    collected: s.collected,
    failed: s.failed,
    scheduleId: s.scheduleId,
    owner: s.owner,
    createdAt: s.createdAt,
    heartbeatAt: s.heartbeatAt,
    finishedAt: s.finishedAt,
    error: s.error,
  };
}

export function resultJson(r: ScanResultEntity) {
  return {
    address: r.address,
    port: r.port,
    protocol: r.protocol,
    serviceType: r.serviceType,
    status: r.status,
    redfishVersion: r.redfishVersion || undefined,
    serviceUuid: r.serviceUuid || undefined,
    vendor: r.vendor || undefined,
    xname: r.xname || undefined,
    collectStatus: r.collectStatus || undefined,
    collectError: r.collectError ?? undefined,
    timestamp: r.timestamp,
  };
}

/** magellan's scan record (RemoteAsset, reference §1.2), for tools that read `magellan scan -F json`. */
export function magellanAsset(r: ScanResultEntity) {
  return { host: `${r.protocol === 'udp' ? 'rmcp' : r.scheme}://${r.address}`, port: r.port, protocol: r.protocol, state: true, timestamp: r.timestamp, service_type: r.serviceType };
}

/** Starting, reading and cancelling scans; the runner does the work. */
@Injectable()
export class ScansService {
  constructor(
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
    private readonly repo: ScansRepository,
    private readonly runner: ScanRunner,
  ) {}

  /** Validates, records and starts a sweep; answers at once with the running record. */
  async startScan(dto: ScanRequestDto, scheduleId: string | null = null): Promise<{ scan: ScanEntity; done: Promise<void> }> {
    const d = this.config.discovery;
    let total = 0;
    dto.targets.forEach((t, i) => {
      try {
        total += countTargets(t);
      } catch (err) {
        if (err instanceof Ipv4Error) throw badRequest(`targets[${i}]: ${err.message}`, `targets[${i}]`);
        throw err;
      }
    });
    if (total > MAX_SCAN_ADDRESSES) throw badRequest(`targets: ${total} addresses in one scan (at most ${MAX_SCAN_ADDRESSES})`, 'targets');
    if (dto.ssdpInterface) {
      try {
        multicastInterfaceAddress(dto.ssdpInterface); // on this host, now: a typo is a 400, not a failed scan
      } catch (err) {
        if (err instanceof SsdpInterfaceError) throw badRequest(`ssdpInterface: ${err.message}`, 'ssdpInterface');
        throw err;
      }
    }
    const credentials = credentialSetFrom(dto);
    const requestMap = xnameMapFrom(dto);
    const spec: ScanSpec = {
      targets: dto.targets.map((t) => t.trim()),
      ports: [...new Set(dto.ports ?? d.ports)],
      scheme: dto.scheme ?? d.scheme,
      timeoutMs: dto.timeout ? Math.max(1, Math.round(parseDuration(dto.timeout) * 1000)) : d.timeoutMs,
      concurrency: dto.concurrency ?? d.concurrency,
      ipmi: dto.ipmi ?? d.ipmi,
      ipmiPort: dto.ipmiPort ?? d.ipmiPort,
      ssdp: dto.ssdp ?? false,
      ssdpPort: dto.ssdpPort,
      ssdpInterface: dto.ssdpInterface,
      collect: dto.collect ?? false,
      credentialSource: credentials ? 'request' : d.username ? 'config' : 'inventory',
    };
    return this.launch('scan', spec, total, scheduleId, { credentials, requestMap, unmapped: dto.unmapped ?? d.unmapped });
  }

  /** Collect given BMCs, or every Redfish BMC a finished scan found. */
  async startCollect(dto: CollectRequestDto): Promise<{ scan: ScanEntity; done: Promise<void> }> {
    const d = this.config.discovery;
    const scheme = dto.scheme ?? d.scheme;
    let targets: EndpointTarget[];
    if (dto.scanId) {
      if (dto.targets) throw badRequest('targets: give targets or scanId, not both', 'targets');
      const results = await this.repo.resultsOf(dto.scanId);
      if (!(await this.repo.findOne(dto.scanId))) throw notFound(`no scan ${dto.scanId}`);
      targets = results.filter((r) => r.protocol === 'tcp').map((r) => ({ address: r.address, port: r.port, scheme: (r.scheme as 'https' | 'http') || scheme }));
    } else if (dto.targets) {
      targets = dto.targets.map((t, i) => parseEndpoint(t, dto.port ?? d.ports[0], scheme, `targets[${i}]`));
    } else {
      throw badRequest('targets: give the BMCs to collect ("addr" or "addr:port"), or a scanId', 'targets');
    }
    const credentials = credentialSetFrom(dto);
    const requestMap = xnameMapFrom(dto);
    const spec: ScanSpec = {
      targets: targets.map((t) => t.address),
      ports: [...new Set(targets.map((t) => t.port))],
      scheme,
      timeoutMs: d.timeoutMs,
      concurrency: d.collectConcurrency,
      ipmi: false,
      ipmiPort: d.ipmiPort,
      ssdp: false,
      collect: true,
      credentialSource: credentials ? 'request' : d.username ? 'config' : 'inventory',
    };
    return this.launch('collect', spec, targets.length, null, { credentials, requestMap, unmapped: dto.unmapped ?? d.unmapped, collectTargets: targets });
  }

  async get(id: string): Promise<ScanEntity> {
    const s = await this.repo.findOne(id);
    if (!s) throw notFound(`no scan ${id}`);
    return s;
  }

  async list(limit = 50): Promise<ScanEntity[]> {
    await this.repo.failOrphans(new Date(Date.now() - 60_000).toISOString(), isoNow());
    return this.repo.list(limit);
  }

  async results(id: string): Promise<ScanResultEntity[]> {
    await this.get(id);
    return this.repo.resultsOf(id);
  }

  /** Any replica may cancel: the owner sees the status at its next progress flush. */
  async cancel(id: string): Promise<ScanEntity> {
    const s = await this.get(id);
    if (s.status !== 'running') throw conflict(`scan ${id} is ${s.status}, not running`);
    await this.repo.update(id, { status: 'cancelled' });
    return { ...s, status: 'cancelled' };
  }

  private async launch(kind: 'scan' | 'collect', spec: ScanSpec, total: number, scheduleId: string | null, input: RunInput) {
    const now = isoNow();
    const scan = Object.assign(new ScanEntity(), {
      id: randomUUID(), kind, status: 'running', spec, scheduleId, total, probed: 0, found: 0, collected: 0, failed: 0,
      owner: this.config.discovery.replicaId, heartbeatAt: now, createdAt: now, finishedAt: null, error: null,
    });
    await this.repo.insert(scan);
    return { scan, done: this.runner.start(scan, input) };
  }
}

/** "10.0.0.5" or "10.0.0.5:8443" (or an https:// URL, as magellan lists them). */
function parseEndpoint(raw: string, port: number, scheme: 'https' | 'http', field: string): EndpointTarget {
  const m = /^(?:(https?):\/\/)?(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?\/?$/.exec(raw.trim());
  if (!m || !isIPv4(m[2]) || (m[3] && !(Number(m[3]) >= 1 && Number(m[3]) <= 65535))) throw badRequest(`${field}: "${raw}" is not an IPv4 address or address:port`, field);
  return { address: m[2], port: m[3] ? Number(m[3]) : port, scheme: (m[1] as 'https' | 'http' | undefined) ?? scheme };
}
