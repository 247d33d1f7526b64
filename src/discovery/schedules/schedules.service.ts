import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { parseDuration } from '../../common/duration';
import { badRequest, conflict, notFound } from '../../common/errors/hwctl-error';
import { countTargets, Ipv4Error } from '../../common/net/ipv4';
import { isoNow } from '../discovery.tokens';
import { ScheduleDto, ScanRequestDto } from '../dto/scan-request.dto';
import { DiscoveryScheduleEntity } from '../entities/discovery-schedule.entity';
import { ScansService } from '../scans/scans.service';
import { nextRunAfter, nextSlot, validateCron } from './schedule-time';
import { SchedulesRepository } from './schedules.repository';

const TICK = 'discovery-schedules';
/** A claimed run holds its schedule this long without renewal (renewed every LEASE_MS / 3 while it runs). */
const LEASE_MS = 60_000;

export function scheduleJson(s: DiscoveryScheduleEntity) {
  return {
    id: s.id, targets: s.targets, ports: s.ports, interval: s.intervalSeconds ? `${s.intervalSeconds}s` : undefined, cron: s.cron ?? undefined,
    collect: s.collect, enabled: s.enabled, source: s.source, nextRunAt: s.nextRunAt, lastRunAt: s.lastRunAt, lastScanId: s.lastScanId,
    skippedRuns: s.skippedRuns, running: s.leaseUntil !== null && s.leaseUntil > isoNow(), leaseOwner: s.leaseOwner ?? undefined,
  };
}

/**
 * Scheduled rediscovery (@nestjs/schedule interval): every tick, each due schedule is claimed through the
 * database — exactly one replica wins the slot and runs the scan (with collect), renewing its lease; a slot
 * that comes while the previous run still holds the lease is skipped and logged, never run twice.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('discovery');
  private ticking = false;
  private readonly runs = new Set<Promise<void>>();

  constructor(
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
    private readonly repo: SchedulesRepository,
    private readonly scans: ScansService,
    private readonly registry: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config.discovery.schedule;
    if (c) {
      const old = await this.repo.findOne('config');
      const s = this.build({ id: 'config', targets: c.targets, interval: c.intervalSeconds ? `${c.intervalSeconds}s` : undefined, cron: c.cron, collect: c.collect }, 'config', old);
      await this.repo.save(s);
    }
    if (this.config.discovery.scheduler) {
      const timer = setInterval(() => void this.tick(), this.config.discovery.schedulerTickMs);
      this.registry.addInterval(TICK, timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
    await Promise.all([...this.runs]);
  }

  async list() {
    return (await this.repo.list()).map(scheduleJson);
  }

  async get(id: string) {
    return scheduleJson(await this.must(id));
  }

  async create(dto: ScheduleDto) {
    if (!dto.id) throw badRequest('id: required', 'id');
    if (await this.repo.findOne(dto.id)) throw conflict(`schedule ${dto.id} exists`);
    const s = this.build({ ...dto, id: dto.id }, 'api', null);
    await this.repo.save(s);
    return scheduleJson(s);
  }

  async put(id: string, dto: ScheduleDto) {
    if (dto.id && dto.id !== id) throw badRequest('id: does not match the path', 'id');
    const s = this.build({ ...dto, id }, 'api', await this.repo.findOne(id));
    await this.repo.save(s);
    return scheduleJson(s);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw notFound(`no schedule ${id}`);
  }

  /** One pass over the schedules (public for tests and for a manual "run due schedules now"). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = new Date();
      for (const s of await this.repo.list()) {
        if (!s.enabled || s.nextRunAt > now.toISOString()) continue;
        const next = nextSlot(s, new Date(s.nextRunAt), now);
        if (s.leaseUntil && s.leaseUntil > now.toISOString()) {
          if (await this.repo.skip(s.id, s.nextRunAt, next, now.toISOString())) {
            this.log.warn(`discovery schedule ${s.id}: the run due at ${s.nextRunAt} was skipped: scan ${s.lastScanId ?? '(starting)'} by ${s.leaseOwner} still runs`);
          }
          continue;
        }
        const owner = this.config.discovery.replicaId;
        if (!(await this.repo.claim(s.id, s.nextRunAt, owner, new Date(now.getTime() + LEASE_MS).toISOString(), next, now.toISOString()))) continue;
        const run = this.run(s, owner).finally(() => this.runs.delete(run));
        this.runs.add(run);
      }
    } catch (err) {
      this.log.error(`discovery schedules: ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async run(s: DiscoveryScheduleEntity, owner: string): Promise<void> {
    const renew = setInterval(() => void this.repo.renew(s.id, owner, new Date(Date.now() + LEASE_MS).toISOString()).catch(() => undefined), LEASE_MS / 3);
    let scanId = '';
    try {
      const dto = Object.assign(new ScanRequestDto(), { targets: s.targets, ports: s.ports, collect: s.collect });
      const { scan, done } = await this.scans.startScan(dto, s.id);
      scanId = scan.id;
      await this.repo.renew(s.id, owner, new Date(Date.now() + LEASE_MS).toISOString());
      this.log.log(`discovery schedule ${s.id}: scan ${scan.id} started`);
      await done;
    } catch (err) {
      this.log.error(`discovery schedule ${s.id}: ${(err as Error).message}`);
    } finally {
      clearInterval(renew);
      await this.repo.release(s.id, owner, scanId, isoNow()).catch(() => undefined);
    }
  }

  private build(dto: ScheduleDto & { id: string }, source: 'api' | 'config', old: DiscoveryScheduleEntity | null): DiscoveryScheduleEntity {
    dto.targets.forEach((t, i) => {
      try {
        countTargets(t);
      } catch (err) {
        if (err instanceof Ipv4Error) throw badRequest(`targets[${i}]: ${err.message}`, `targets[${i}]`);
        throw err;
      }
    });
    if (!!dto.interval === !!dto.cron) throw badRequest('interval: give an interval (e.g. 1h) or a cron expression, not both or neither', dto.interval ? 'cron' : 'interval');
    if (dto.cron) {
      const bad = validateCron(dto.cron);
      if (bad) throw badRequest(`cron: ${bad}`, 'cron');
    }
    const intervalSeconds = dto.interval ? Math.round(parseDuration(dto.interval)) : null;
    if (intervalSeconds !== null && intervalSeconds < 10) throw badRequest('interval: at least 10s', 'interval');
    const now = isoNow();
    const timing = { intervalSeconds, cron: dto.cron ?? null };
    const sameTiming = old && old.intervalSeconds === timing.intervalSeconds && old.cron === timing.cron;
    return Object.assign(old ?? new DiscoveryScheduleEntity(), {
      id: dto.id,
      targets: dto.targets.map((t) => t.trim()),
      ports: dto.ports ?? this.config.discovery.ports,
      ...timing,
      collect: dto.collect ?? true,
      enabled: dto.enabled ?? true,
      source,
      nextRunAt: sameTiming ? old.nextRunAt : nextRunAfter(timing, new Date()),
      lastRunAt: old?.lastRunAt ?? null,
      lastScanId: old?.lastScanId ?? null,
      skippedRuns: old?.skippedRuns ?? 0,
      leaseOwner: old?.leaseOwner ?? null,
      leaseUntil: old?.leaseUntil ?? null,
      updatedAt: now,
    });
  }

  private async must(id: string): Promise<DiscoveryScheduleEntity> {
    const s = await this.repo.findOne(id);
    if (!s) throw notFound(`no schedule ${id}`);
    return s;
  }
}
