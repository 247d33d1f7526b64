/**
 * Discovery against the simulator fleet, on both databases: a /24 holding 50 simulated BMCs (Redfish over
 * HTTPS + IPMI over UDP, one shared machine state) and non-BMC listeners (plain HTTP, an HTTPS server that
 * is not Redfish, one that demands auth for the service root, closed ports everywhere else). Scan with
 * collect into the inventory; power seen over Redfish equals what the IPMI face says; rediscovery notices
 * a replaced NIC, a vanished BMC and its return; progress by polling and SSE; bad input is a 400.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createFleet, FleetMember } from '../../simulators/fleet/fleet';
import { IpmiBmcServer } from '../../simulators/ipmi/ipmi-bmc.server';
import { RedfishSimServer } from '../../simulators/redfish/redfish-bmc.server';
import { bmcMacOf, startRedfishFleet } from '../../simulators/redfish/redfish-fleet';
import { FleetFace } from '../../simulators/redfish/fleet-face';
import { SsdpResponder } from '../../simulators/redfish/ssdp-responder';
import { makeSelfSignedCert } from '../../simulators/redfish/tls-cert';
import { IpmiClient } from '../../src/protocols/ipmi';
import { DATABASE_KINDS } from '../helpers/databases';
import { freePort } from '../helpers/processes';
import { startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(120_000);

const CREDS = { username: 'admin', password: 'Password123!' };

describe.each(DATABASE_KINDS.map((k, i) => [k, i] as const))('discovery on %s', (kind, i) => {
  const net = `127.42.${i + 1}`;
  let fleet: FleetMember[];
  let redfish: RedfishSimServer;
  let ipmi: IpmiBmcServer;
  let ipmiClient: IpmiClient;
  let others: (http.Server | https.Server)[] = [];
  let port: number;
  let t: TestApp;
  let auth: string;

  const api = () => request(t.server);
  const waitDone = async (id: string) => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const r = await api().get(`/discovery/v1/scans/${id}`).set('Authorization', auth).expect(200);
      if (r.body.status !== 'running') return r.body;
      if (Date.now() > deadline) throw new Error(`scan ${id} still running: ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const scan = async (extra: Record<string, unknown> = {}) => {
    const r = await api().post('/discovery/v1/scans').set('Authorization', auth).send({ targets: [`${net}.0/24`], ports: [port], collect: true, timeout: '3s', concurrency: 64, ...CREDS, ...extra }).expect(202);
    return waitDone(r.body.id);
  };

  beforeAll(async () => {
    fleet = createFleet({ count: 50, subnet: `${net}.0/24`, seed: `disc-${kind}` });
    port = await freePort();
    redfish = await startRedfishFleet({ members: fleet, port });
    const ipmiPort = await freePort();
    ipmi = new IpmiBmcServer({ bmcs: fleet.map((m) => ({ address: m.address, machine: m.machine })), port: ipmiPort });
    await ipmi.start();
    ipmiClient = await IpmiClient.create();
    // Listeners on the Redfish port that are not Redfish BMCs.
    const cert = makeSelfSignedCert([]);
    const listen = (s: http.Server | https.Server, host: string) => new Promise<void>((r) => s.listen(port, host, () => r()));
    const plain = http.createServer((_q, s) => s.writeHead(404, { 'content-type': 'text/html' }).end('<h1>not here</h1>'));
    const webApp = https.createServer(cert, (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<html>router login</html>'));
    const otherJson = https.createServer(cert, (_q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
    const wantsAuth = https.createServer(cert, (_q, s) => s.writeHead(401, { 'www-authenticate': 'Basic' }).end());
    await listen(plain, `${net}.100`);
    await listen(webApp, `${net}.101`);
    await listen(otherJson, `${net}.102`);
    await listen(wantsAuth, `${net}.103`);
    others = [plain, webApp, otherJson, wantsAuth];
    // Some hosts on before the first scan, through the IPMI face.
    for (const m of fleet.slice(0, 10)) await ipmiClient.withSession({ host: m.address, port: ipmiPort, username: 'admin', password: 'Password123!' }, (s) => import('../../src/protocols/ipmi').then((x) => x.chassisControl(s, 'on')));
    t = await startTestApp(kind, { HWCTL_DISCOVERY_IPMI_PORT: String(ipmiPort), HWCTL_DISCOVERY_SCHEDULER: 'false', HWCTL_DISCOVERY_RETRIES: '1' });
    auth = `Bearer ${await t.token('admin')}`;
  });

  afterAll(async () => {
    await t?.close();
    await ipmiClient?.close();
    await redfish?.stop();
    await ipmi?.stop();
    await Promise.all(others.map((s) => new Promise((r) => s.close(r))));
    fleet?.forEach((m) => m.machine.dispose());
  });

  it('finds the 50 BMCs (Redfish and IPMI) and the BMC that wants auth for its root, nothing else', async () => {
    const s = await scan();
    expect(s).toMatchObject({ status: 'done', total: 254, probed: 254, found: 51, collected: 50, failed: 1 });
    const { body } = await api().get(`/discovery/v1/scans/${s.id}/results`).set('Authorization', auth).expect(200);
    const redfishHits = body.results.filter((r: any) => r.protocol === 'tcp');
    const ipmiHits = body.results.filter((r: any) => r.protocol === 'udp');
    expect(redfishHits.filter((r: any) => r.status === 'redfish').map((r: any) => r.address).sort()).toEqual(fleet.map((m) => m.address).sort());
    expect(redfishHits.filter((r: any) => r.status === 'auth-required')).toEqual([expect.objectContaining({ address: `${net}.103`, collectStatus: 'AuthFailed' })]);
    expect(ipmiHits.map((r: any) => r.address).sort()).toEqual(fleet.map((m) => m.address).sort());
    expect(redfishHits.find((r: any) => r.address === fleet[6].address)).toMatchObject({ serviceType: 'Redfish', redfishVersion: '1.15.0', xname: `x127c0s${42 * 256 + i + 1}b7`, collectStatus: 'DiscoverOK' });
    const magellan = await api().get(`/discovery/v1/scans/${s.id}/results?format=magellan`).set('Authorization', auth).expect(200);
    expect(magellan.body).toContainEqual({ host: `https://${fleet[0].address}`, port, protocol: 'tcp', state: true, timestamp: expect.any(String), service_type: 'Redfish' });
  });

  it('collected every BMC into the inventory: NodeBMC, node, NICs with the simulated MACs', async () => {
    const slot = 42 * 256 + i + 1;
    const nodes = (await api().get('/hsm/v2/State/Components?type=Node').set('Authorization', auth).expect(200)).body.Components;
    expect(nodes).toHaveLength(50);
    const eps = (await api().get('/hsm/v2/Inventory/RedfishEndpoints').set('Authorization', auth).expect(200)).body.RedfishEndpoints;
    // The 50 BMCs, and the one that wants auth even for its root, registered with its failed attempt.
    expect(eps).toHaveLength(51);
    expect(eps.filter((e: any) => e.DiscoveryInfo.LastDiscoveryStatus === 'DiscoverOK')).toHaveLength(50);
    expect(eps.find((e: any) => e.FQDN === `${net}.103`)).toMatchObject({ ID: `x127c0s${slot}b103`, DiscoveryInfo: { LastDiscoveryStatus: 'AuthFailed' } });
    const m = fleet[6];
    expect(eps.find((e: any) => e.ID === `x127c0s${slot}b7`)).toMatchObject({ FQDN: m.address, MACAddr: bmcMacOf(m), Type: 'NodeBMC', User: 'admin', DiscoveryInfo: { LastDiscoveryStatus: 'DiscoverOK' } });
    expect(eps.every((e: any) => !e.Password)).toBe(true); // write-only (sealed in the database)
    const nics = (await api().get(`/hsm/v2/Inventory/EthernetInterfaces?ComponentID=x127c0s${slot}b7n0`).set('Authorization', auth).expect(200)).body;
    expect(nics.map((n: any) => n.MACAddress)).toEqual([m.machine.identity.mac]);
    const bmcNic = (await api().get(`/hsm/v2/Inventory/EthernetInterfaces?ComponentID=x127c0s${slot}b7`).set('Authorization', auth).expect(200)).body;
    expect(bmcNic).toEqual([expect.objectContaining({ MACAddress: bmcMacOf(m), IPAddresses: [expect.objectContaining({ IPAddress: m.address })] })]);
    const ce = (await api().get(`/hsm/v2/Inventory/ComponentEndpoints/x127c0s${slot}b7n0`).set('Authorization', auth).expect(200)).body;
    expect(ce.RedfishSystemInfo.Actions['#ComputerSystem.Reset']['ResetType@Redfish.AllowableValues']).toEqual(['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'PowerCycle', 'Nmi']);
    const bmcs = (await api().get('/discovery/v1/bmcs').set('Authorization', auth).expect(200)).body.bmcs;
    expect(bmcs.find((b: any) => b.address === m.address)).toMatchObject({ xname: `x127c0s${slot}b7`, present: true, ipmi: true, LastDiscoveryStatus: 'DiscoverOK', bmcMac: bmcMacOf(m) });
    expect(bmcs.find((b: any) => b.address === `${net}.103`)).toMatchObject({ LastDiscoveryStatus: 'AuthFailed', present: true });
  });

  it('sees over Redfish the power state the IPMI face reports', async () => {
    const slot = 42 * 256 + i + 1;
    const nodes = (await api().get('/hsm/v2/State/Components?type=Node').set('Authorization', auth).expect(200)).body.Components;
    for (const m of [fleet[0], fleet[9], fleet[10], fleet[49]]) {
      const viaIpmi = await ipmiClient.powerStatus({ host: m.address, port: ipmi.port, username: 'admin', password: 'Password123!' });
      const comp = nodes.find((c: any) => c.ID === `x127c0s${slot}b${m.index}n0`);
      expect({ node: comp.ID, state: comp.State }).toEqual({ node: comp.ID, state: viaIpmi === 'on' ? 'On' : 'Off' });
    }
    expect(nodes.filter((c: any) => c.State === 'On')).toHaveLength(10);
  });

  it('rediscovery notices a replaced NIC and a vanished BMC, updates in place, and sees it come back', async () => {
    const slot = 42 * 256 + i + 1;
    const before = (await api().get('/discovery/v1/bmcs').set('Authorization', auth).expect(200)).body.bmcs;
    const changed = fleet[2];
    const oldMac = changed.machine.identity.mac;
    const newMac = '02:aa:bb:cc:dd:03';
    changed.machine.identity.mac = newMac;
    await redfish.setFaults(fleet[3].address, { down: true });

    const s = await scan();
    expect(s).toMatchObject({ status: 'done', collected: 49, failed: 1 });
    const changes = (await api().get(`/discovery/v1/changes?scan=${s.id}`).set('Authorization', auth).expect(200)).body.changes;
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'mac-changed', xname: `x127c0s${slot}b3`, component: `x127c0s${slot}b3n0`, removed: [oldMac], added: [newMac] }),
        expect.objectContaining({ kind: 'bmc-vanished', endpoint: `${fleet[3].address}:${port}`, xname: `x127c0s${slot}b4` }),
      ]),
    );
    expect(changes.filter((c: any) => c.kind === 'mac-changed' || c.kind === 'bmc-vanished')).toHaveLength(2);
    const nics = (await api().get(`/hsm/v2/Inventory/EthernetInterfaces?ComponentID=x127c0s${slot}b3n0`).set('Authorization', auth).expect(200)).body;
    expect(nics.map((n: any) => n.MACAddress)).toEqual([newMac]);
    const after = (await api().get('/discovery/v1/bmcs').set('Authorization', auth).expect(200)).body.bmcs;
    const gone = after.find((b: any) => b.address === fleet[3].address);
    expect(gone).toMatchObject({ present: false, LastDiscoveryStatus: 'HTTPsGetFailed' });
    const same = (list: any[]) => list.find((b: any) => b.address === fleet[20].address);
    expect(same(after).firstSeen).toBe(same(before).firstSeen);
    expect(same(after).lastSeen > same(before).lastSeen).toBe(true);
    expect((await api().get('/hsm/v2/Inventory/RedfishEndpoints').set('Authorization', auth).expect(200)).body.RedfishEndpoints).toHaveLength(51);
    // The inventory records the failed attempt too (SMD DiscoveryInfo) and keeps what it knew of the BMC.
    const goneEp = `/hsm/v2/Inventory/RedfishEndpoints/x127c0s${slot}b4`;
    const failedEp = (await api().get(goneEp).set('Authorization', auth).expect(200)).body;
    expect(failedEp.DiscoveryInfo).toMatchObject({ LastDiscoveryStatus: 'HTTPsGetFailed' });
    expect((await api().get(`/hsm/v2/State/Components/x127c0s${slot}b4n0`).set('Authorization', auth).expect(200)).body.ID).toBe(`x127c0s${slot}b4n0`);
    const listed = (await api().get('/hsm/v2/Inventory/RedfishEndpoints?laststatus=HTTPsGetFailed').set('Authorization', auth).expect(200)).body.RedfishEndpoints;
    expect(listed.map((e: any) => e.ID)).toEqual([`x127c0s${slot}b4`]);

    await redfish.setFaults(fleet[3].address, { down: false });
    const s3 = await scan();
    const back = (await api().get(`/discovery/v1/changes?scan=${s3.id}`).set('Authorization', auth).expect(200)).body.changes;
    expect(back.map((c: any) => c.kind)).toEqual(['bmc-returned']);
    expect((await api().get(goneEp).set('Authorization', auth).expect(200)).body.DiscoveryInfo).toMatchObject({ LastDiscoveryStatus: 'DiscoverOK' });
  });

  it('records a BMC it could not walk (wrong credentials) in the inventory with LastDiscoveryStatus AuthFailed', async () => {
    const address = `${net}.103`; // answers 401 even for its service root; registered by the first scan
    const r = await api().post('/discovery/v1/collect').set('Authorization', auth).send({ targets: [`${address}:${port}`], username: 'admin', password: 'wrong' }).expect(202);
    expect(await waitDone(r.body.id)).toMatchObject({ status: 'done', collected: 0, failed: 1 });
    const xname = `x127c0s${42 * 256 + i + 1}b103`;
    const ep = (await api().get(`/hsm/v2/Inventory/RedfishEndpoints/${xname}`).set('Authorization', auth).expect(200)).body;
    expect(ep).toMatchObject({ ID: xname, FQDN: address, IPAddress: address, DiscoveryInfo: { LastDiscoveryStatus: 'AuthFailed' } });
    expect(ep.DiscoveryInfo.LastDiscoveryAttempt).toEqual(expect.any(String));
    expect(ep).not.toHaveProperty('Password');
    // Nothing derived from a BMC that was never read.
    const ces = (await api().get(`/hsm/v2/Inventory/ComponentEndpoints?redfish_ep=${xname}`).set('Authorization', auth).expect(200)).body.ComponentEndpoints;
    expect(ces).toEqual([]);
  });

  it('streams progress as server-sent events until the scan is done', async () => {
    const r = await api().post('/discovery/v1/scans').set('Authorization', auth).send({ targets: [`${net}.0/24`], ports: [port], ipmi: false, timeout: '3s', concurrency: 8 }).expect(202);
    const res = await api()
      .get(`/discovery/v1/scans/${r.body.id}/events`)
      .set('Authorization', auth)
      .buffer(true)
      .parse((stream, cb) => {
        let buf = '';
        stream.on('data', (d: Buffer) => (buf += d.toString()));
        stream.on('end', () => cb(null, buf));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    const text = res.body as string;
    const events = text.split('\n\n').filter(Boolean).map((e) => ({ type: /event: (\w+)/.exec(e)?.[1], data: JSON.parse(/data: (.*)/.exec(e)![1]) }));
    expect(events[events.length - 1]).toMatchObject({ type: 'done', data: { status: 'done', probed: 254, found: 51 } });
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad scan requests with a 400 naming the field, and starts nothing', async () => {
    const count = async () => (await api().get('/discovery/v1/scans').set('Authorization', auth).expect(200)).body.scans.length;
    const n = await count();
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await api().post('/discovery/v1/scans').set('Authorization', auth).send(body).expect(400);
      expect(JSON.stringify(r.body)).toContain(field);
    };
    await bad({ targets: ['10.0.0.0/8'] }, 'targets[0]');
    await bad({ targets: ['10.0.0.0/24'], ports: [70000] }, 'ports');
    await bad({ targets: ['10.0.0.0/24'], timeout: 'soon' }, 'timeout');
    await bad({ targets: ['10.0.0.0/24'], bmcIdMap: { '10.0.0.1': 'x1c0s1b0n0' } }, 'bmcIdMap.10.0.0.1');
    await bad({ targets: ['10.0.0.0/24'], credentials: { default: { username: 'a' } } }, 'credentials.default');
    expect(await count()).toBe(n);
    await api().post('/discovery/v1/scans').send({ targets: ['10.0.0.1'] }).expect(401);
  });

  it('follows an SSDP answer to a BMC on a port the sweep did not probe (a hint, checked by UUID)', async () => {
    // One more BMC, on another port, that only SSDP tells us about.
    const [extra] = createFleet({ count: 1, subnet: `${net}.0/24`, seed: `ssdp-${kind}` }).map((m) => ({ ...m, address: `${net}.77` }));
    const face = new FleetFace({ address: extra.address, machine: extra.machine, bmcMac: '06:77:77:77:77:77' });
    const otherPort = await freePort();
    const lone = new RedfishSimServer({ port: otherPort, bmcs: [{ address: extra.address, face }] });
    await lone.start();
    const ssdpPort = await freePort();
    const responder = new SsdpResponder([{ address: extra.address, uuid: face.serviceUuid, location: `https://${extra.address}:${otherPort}/redfish/v1/` }], ssdpPort);
    await responder.start();
    try {
      const s = await scan({ ssdp: true, ssdpPort, ipmi: false });
      const { body } = await api().get(`/discovery/v1/scans/${s.id}/results`).set('Authorization', auth).expect(200);
      expect(body.results.filter((r: any) => r.status === 'ssdp')).toEqual([expect.objectContaining({ address: extra.address, port: ssdpPort, protocol: 'udp', serviceUuid: face.serviceUuid })]);
      expect(body.results).toContainEqual(expect.objectContaining({ address: extra.address, port: otherPort, status: 'redfish', collectStatus: 'DiscoverOK', xname: `x127c0s${42 * 256 + i + 1}b77` }));
      expect(responder.answered).toBe(1);
    } finally {
      await responder.stop();
      await lone.stop();
      extra.machine.dispose();
    }
  });

  it('never returns or logs the BMC password', async () => {
    const eps = (await api().get('/hsm/v2/Inventory/RedfishEndpoints').set('Authorization', auth).expect(200)).body.RedfishEndpoints;
    expect(JSON.stringify(eps)).not.toContain(CREDS.password);
    const scans = (await api().get('/discovery/v1/scans').set('Authorization', auth).expect(200)).body;
    expect(JSON.stringify(scans)).not.toContain(CREDS.password);
    expect(t.logger.lines.join('\n')).not.toContain(CREDS.password);
    const rows = await t.app.get(DataSource).query('SELECT spec FROM discovery_scans');
    expect(JSON.stringify(rows)).not.toContain(CREDS.password);
  });
});
