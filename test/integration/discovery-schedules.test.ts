/**
 * Scheduled rediscovery with two replicas on one database (both kinds): replica A runs the real
 * @nestjs/schedule tick every second, replica B is ticked by hand at the same moments. A due slot becomes
 * exactly one scan; a slot that comes while that scan still runs is skipped and counted, not run twice;
 * the lease is released when the run ends. Schedules from config appear at start; bad ones are 400s.
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createFleet, FleetMember } from '../../simulators/fleet/fleet';
import { RedfishSimServer } from '../../simulators/redfish/redfish-bmc.server';
import { startRedfishFleet } from '../../simulators/redfish/redfish-fleet';
import { createApp } from '../../src/bootstrap';
import { SchedulesService } from '../../src/discovery/schedules/schedules.service';
import { DATABASE_KINDS } from '../helpers/databases';
import { freePort } from '../helpers/processes';
import { CapturingLogger, startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(120_000);

describe.each(DATABASE_KINDS.map((k, i) => [k, i] as const))('discovery schedules on %s', (kind, i) => {
  const net = `127.42.${20 + i}`;
  let fleet: FleetMember[];
  let server: RedfishSimServer;
  let a: TestApp;
  let b: Awaited<ReturnType<typeof createApp>>;
  let bLogger: CapturingLogger;
  let auth: string;
  let port: number;

  beforeAll(async () => {
    fleet = createFleet({ count: 2, subnet: `${net}.0/24`, seed: 'sched' });
    port = await freePort();
    // One slow BMC keeps a run going for several seconds.
    server = await startRedfishFleet({ members: fleet, port, faultsFor: (m) => (m.index === 2 ? { latencyMs: 700 } : undefined) });
    a = await startTestApp(kind, {
      HWCTL_DISCOVERY_SCHEDULER_TICK: '1s', HWCTL_DISCOVERY_REPLICA_ID: 'replica-a', HWCTL_DISCOVERY_IPMI: 'false',
      HWCTL_DISCOVERY_USERNAME: 'admin', HWCTL_DISCOVERY_PASSWORD: 'Password123!', HWCTL_DISCOVERY_PORTS: String(port),
      HWCTL_DISCOVERY_SCHEDULE_TARGETS: '10.99.0.0/24', HWCTL_DISCOVERY_SCHEDULE_INTERVAL: '6h',
    });
    bLogger = new CapturingLogger();
    b = await createApp({ ...a.config, discovery: { ...a.config.discovery, scheduler: false, replicaId: 'replica-b', schedule: undefined } }, bLogger);
    await b.init();
    auth = `Bearer ${await a.token('admin')}`;
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await server?.stop();
    fleet?.forEach((m) => m.machine.dispose());
  });

  const api = () => request(a.server);
  const makeDue = (id: string) => a.app.get(DataSource).query(`UPDATE discovery_schedules SET next_run_at = '2000-01-01T00:00:00.000Z' WHERE id = '${id}'`);
  const scansOf = async (id: string) => (await api().get('/discovery/v1/scans').set('Authorization', auth).expect(200)).body.scans.filter((s: any) => s.scheduleId === id);
  const schedule = async (id: string) => (await api().get(`/discovery/v1/schedules/${id}`).set('Authorization', auth).expect(200)).body;

  it('shows the schedule defined in the config', async () => {
    expect(await schedule('config')).toMatchObject({ source: 'config', targets: ['10.99.0.0/24'], interval: '21600s', collect: true, enabled: true, running: false });
  });

  it('runs a due slot exactly once across two replicas, skips an overlapping one, then releases the lease', async () => {
    await api().post('/discovery/v1/schedules').set('Authorization', auth).send({ id: 'rack1', targets: [`${net}.1-${net}.2`], ports: [port], interval: '1h' }).expect(201);
    await makeDue('rack1');
    const bTick = b.get(SchedulesService);
    await Promise.all([bTick.tick(), bTick.tick(), new Promise((r) => setTimeout(r, 1500))]); // A ticks on its own meanwhile
    const runs = await scansOf('rack1');
    expect(runs).toHaveLength(1);
    const s1 = await schedule('rack1');
    expect(s1).toMatchObject({ running: true });
    expect(['replica-a', 'replica-b']).toContain(s1.leaseOwner);
    expect(s1.nextRunAt > new Date().toISOString()).toBe(true);

    await makeDue('rack1'); // the next slot arrives while the first run still walks the slow BMC
    await Promise.all([bTick.tick(), new Promise((r) => setTimeout(r, 1200))]);
    expect(await scansOf('rack1')).toHaveLength(1);
    expect((await schedule('rack1')).skippedRuns).toBe(1);
    const logs = [...a.logger.lines, ...bLogger.lines].join('\n');
    expect(logs).toMatch(/schedule rack1: the run due at 2000-01-01T00:00:00.000Z was skipped/);

    for (let n = 0; n < 300 && (await schedule('rack1')).running; n++) await new Promise((r) => setTimeout(r, 100));
    const done = await schedule('rack1');
    expect(done).toMatchObject({ running: false, lastScanId: runs[0].id });
    const scan = (await api().get(`/discovery/v1/scans/${runs[0].id}`).set('Authorization', auth).expect(200)).body;
    expect(scan).toMatchObject({ status: 'done', found: 2, collected: 2, owner: expect.stringMatching(/^replica-[ab]$/) });
    expect(((await api().get('/hsm/v2/State/Components?type=Node').set('Authorization', auth).expect(200)).body.Components as unknown[]).length).toBe(2);
  });

  it('refuses bad schedules with a 400 naming the field', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await api().post('/discovery/v1/schedules').set('Authorization', auth).send(body).expect(400);
      expect(JSON.stringify(r.body)).toContain(field);
    };
    await bad({ id: 'x', targets: ['10.0.0.0/24'], interval: '5s' }, 'interval');
    await bad({ id: 'x', targets: ['10.0.0.0/24'], cron: 'every day' }, 'cron');
    await bad({ id: 'x', targets: ['10.0.0.0/24'] }, 'interval');
    await bad({ id: 'x', targets: ['10.0.0.0/8'], interval: '1h' }, 'targets[0]');
    await bad({ id: 'Bad Id', targets: ['10.0.0.0/24'], interval: '1h' }, 'id');
    await api().get('/discovery/v1/schedules/x').set('Authorization', auth).expect(404);
  });
});
