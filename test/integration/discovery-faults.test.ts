/**
 * Faults: 20 of 40 simulated BMCs answer 15 % of requests with a 5xx and delay another 15 % by 300 ms (30 %
 * of requests slow or failed), one more is a "slow BMC" (1.5 s per request) that cannot finish within the
 * per-BMC deadline, 19 are healthy. A scan with collect must leave every BMC either complete and correct
 * in the inventory or carrying a clear error, and the healthy ones untouched by the others' trouble.
 */
import request from 'supertest';
import { createFleet, FleetMember } from '../../simulators/fleet/fleet';
import { RedfishSimServer } from '../../simulators/redfish/redfish-bmc.server';
import { bmcMacOf, startRedfishFleet } from '../../simulators/redfish/redfish-fleet';
import { freePort } from '../helpers/processes';
import { startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(120_000);

describe('discovery under faults (sqlite)', () => {
  const net = '127.42.9';
  let fleet: FleetMember[];
  let server: RedfishSimServer;
  let t: TestApp;
  let auth: string;
  let port: number;
  const flaky = (m: FleetMember) => m.index <= 20;
  const slow = (m: FleetMember) => m.index === 21;

  beforeAll(async () => {
    fleet = createFleet({ count: 40, subnet: `${net}.0/24`, seed: 'faults' });
    port = await freePort();
    server = await startRedfishFleet({
      members: fleet,
      port,
      faultsFor: (m) => (flaky(m) ? { errorRate: 0.15, slowRate: 0.15, slowMs: 300 } : slow(m) ? { latencyMs: 1500 } : undefined),
    });
    t = await startTestApp('sqlite', { HWCTL_DISCOVERY_SCHEDULER: 'false', HWCTL_DISCOVERY_IPMI: 'false', HWCTL_DISCOVERY_BMC_DEADLINE: '4s', HWCTL_DISCOVERY_REQUEST_TIMEOUT: '3s' });
    auth = `Bearer ${await t.token('admin')}`;
  });

  afterAll(async () => {
    await t?.close();
    await server?.stop();
    fleet?.forEach((m) => m.machine.dispose());
  });

  it('leaves every BMC complete or with a clear error, and the healthy ones all complete', async () => {
    const api = () => request(t.server);
    const r = await api().post('/discovery/v1/scans').set('Authorization', auth).send({ targets: [`${net}.1-${net}.60`], ports: [port], timeout: '3s', concurrency: 32, collect: true, username: 'admin', password: 'Password123!' }).expect(202);
    let scan: any;
    for (let i = 0; i < 900 && (scan?.status ?? 'running') === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      scan = (await api().get(`/discovery/v1/scans/${r.body.id}`).set('Authorization', auth).expect(200)).body;
    }
    const seen = (await api().get(`/discovery/v1/scans/${r.body.id}/results`).set('Authorization', auth).expect(200)).body.results.map((x: any) => x.address);
    expect(fleet.filter((m) => !seen.includes(m.address)).map((m) => m.index)).toEqual([]);
    expect(scan).toMatchObject({ status: 'done', found: 40 });
    expect(scan.collected + scan.failed).toBe(40);

    const bmcs: any[] = (await api().get('/discovery/v1/bmcs').set('Authorization', auth).expect(200)).body.bmcs;
    const nodes: any[] = (await api().get('/hsm/v2/State/Components?type=Node').set('Authorization', auth).expect(200)).body.Components;
    const nics: any[] = (await api().get('/hsm/v2/Inventory/EthernetInterfaces').set('Authorization', auth).expect(200)).body;
    const injected = fleet.filter(flaky).reduce((n, m) => n + server.stats(m.address).errorsInjected, 0);
    expect(injected).toBeGreaterThan(0); // the faults really happened

    for (const m of fleet) {
      const b = bmcs.find((x) => x.address === m.address);
      expect(b).toBeDefined();
      const xname = `x127c0s${42 * 256 + 9}b${m.index}`;
      if (b.LastDiscoveryStatus === 'DiscoverOK') {
        // Complete and correct: the node with its MAC, the BMC with its MAC.
        expect(nodes.map((n) => n.ID)).toContain(`${xname}n0`);
        expect(nics.find((n) => n.MACAddress === m.machine.identity.mac)?.ComponentID).toBe(`${xname}n0`);
        expect(nics.find((n) => n.MACAddress === bmcMacOf(m))?.ComponentID).toBe(xname);
      } else {
        // Failed: a status and an error that says what and where; nothing half-written for it.
        expect(b.LastDiscoveryStatus).toBe('HTTPsGetFailed');
        expect(b.lastError).toMatch(/BMC_|deadline|answered 5\d\d|no answer/);
        expect(nodes.map((n) => n.ID)).not.toContain(`${xname}n0`);
      }
      if (!flaky(m) && !slow(m)) expect(b.LastDiscoveryStatus).toBe('DiscoverOK');
    }
    const slowBmc = bmcs.find((x) => x.address === fleet[20].address);
    expect(slowBmc).toMatchObject({ LastDiscoveryStatus: 'HTTPsGetFailed', lastError: expect.stringMatching(/deadline|no answer/) });
    // 30 % faulty requests with two retries per request and one retry per walk: the flaky ones nearly all make it.
    expect(fleet.filter(flaky).filter((m) => bmcs.find((x) => x.address === m.address).LastDiscoveryStatus === 'DiscoverOK').length).toBeGreaterThanOrEqual(17);
  });
});
