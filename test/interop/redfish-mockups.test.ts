/**
 * Interop (replay reality, STYLE.md §14): each of the eight real BMC trees in ../shared/redfish-mockups is
 * served as a BMC on its own loopback address by the simulator's mockup mode, and our Redfish client walks
 * it. The expected values below were written by reading the captured JSON (file by file), not by running
 * our code: if the walk and these tables disagree, the walk is wrong or the reading was, and either way a
 * human has to look. Needs the mockups (HWCTL_MOCKUPS_DIR, default ../shared/redfish-mockups) and openssl.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MockupFace } from '../../simulators/redfish/mockup-face';
import { RedfishSimServer } from '../../simulators/redfish/redfish-bmc.server';
import request from 'supertest';
import { BmcInventory, RedfishTransport, walkBmc } from '../../src/protocols/redfish';
import { startTestApp, TestApp } from '../helpers/test-app';

const MOCKUPS = path.resolve(__dirname, '../..', process.env.HWCTL_MOCKUPS_DIR ?? '../shared/redfish-mockups');
const CREDS = { username: 'admin', password: 'Password123!' };

interface ExpectedSystem {
  id: string;
  uuid?: string;
  manufacturer?: string;
  model?: string;
  serial?: string;
  power: 'on' | 'off';
  reset: string[];
  resetSource: 'inline' | 'action-info';
  hostMacs: string[];
  nicSource: 'ethernet-interfaces' | 'network-adapters' | 'quirk' | 'none';
  cpus: number;
  memoryGiB: number;
}

interface Expected {
  dir: string;
  redfishVersion: string;
  serviceUuid?: string;
  systems: ExpectedSystem[];
  managers: [id: string, kind: string][];
  bmcMac?: string;
  /** MACs that must NOT be taken as BMC NICs (Redfish Host Interface NICs). */
  notBmcNics: string[];
  chassis: number;
  /** Chassis-level reset, for BMCs that control power per chassis (Cray CMM, Slingshot). */
  chassisReset?: [id: string, power: string, allowed: string[]][];
  /** Resources that must be reported as unreadable (captured error bodies). */
  warnings: string[];
}

const EXPECTED: Expected[] = [
  {
    // Systems/437XR1138R2/index.json; EthernetInterfaces: 12446A3B0411 (12:44:6A:3B:04:11), 12446A3B8890 (MACAddress
    // AA:BB:CC:DD:EE:00 vs Permanent 12:44:6A:3B:88:90), VLAN1 (same MAC as 0411), ToManager (host interface,
    // listed in Managers/BMC/HostInterfaces/1/HostEthernetInterfaces). Managers/BMC/EthernetInterfaces: eth0
    // 23:11:8A:33:CF:EA 192.168.0.10 and ToHost AA:BB:CC:DD:EE:FF (HostInterfaces/1.ManagerEthernetInterface).
    dir: 'dmtf-public-rackmount1',
    redfishVersion: '1.15.0',
    serviceUuid: '92384634-2938-2342-8820-489239905423',
    systems: [
      {
        id: '437XR1138R2', uuid: '38947555-7742-3448-3784-823347823834', manufacturer: 'Contoso', model: '3500', serial: '437XR1138R2', power: 'on',
        reset: ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn', 'PushPowerButton'], resetSource: 'inline',
        hostMacs: ['12:44:6a:3b:04:11', 'aa:bb:cc:dd:ee:00'], nicSource: 'ethernet-interfaces', cpus: 2, memoryGiB: 96,
      },
    ],
    managers: [['BMC', 'bmc']],
    bmcMac: '23:11:8a:33:cf:ea',
    notBmcNics: ['aa:bb:cc:dd:ee:ff'],
    chassis: 1,
    warnings: [],
  },
  {
    // Systems/Self: reset only via ResetActionInfo (GracefulShutdown, ForceRestart, ForceOff, On); NICs 1 (…DE:15),
    // 2 and 3 (both …DE:16). Managers/Self NICs bond0 B4:2E:99:BA:DE:17 10.254.1.32 and usb0 (host interface).
    dir: 'gigabyte-h262-z63-ami',
    redfishVersion: '1.7.0',
    serviceUuid: '009ea76e-debf-0010-e803-b42e99bade17',
    systems: [
      {
        id: 'Self', uuid: 'e9184000-7983-11ec-8000-b42e99bade15', manufacturer: 'GIGABYTE', model: 'H262-Z63-00', serial: 'GJG9NF512A000302', power: 'on',
        reset: ['GracefulShutdown', 'ForceRestart', 'ForceOff', 'On'], resetSource: 'action-info',
        hostMacs: ['b4:2e:99:ba:de:15', 'b4:2e:99:ba:de:16'], nicSource: 'ethernet-interfaces', cpus: 2, memoryGiB: 244,
      },
    ],
    managers: [['Self', 'bmc']],
    bmcMac: 'b4:2e:99:ba:de:17',
    notBmcNics: ['46:d5:fa:9a:bf:1a'],
    chassis: 1,
    warnings: [],
  },
  {
    // Systems/1: 4 NICs with lower-case MACs; Managers/1 NICs 1 (94:40:C9:41:F8:EA, 10.254.1.35), 2 (disabled,
    // 0.0.0.0), 3 (0A:CA:FE:F0:0D:04 16.1.15.1 = HostInterfaces/1.ManagerEthernetInterface, iLO's virtual NIC).
    dir: 'hpe-proliant-xl675d-ilo5',
    redfishVersion: '1.6.0',
    serviceUuid: 'd9b23f7c-4fa6-5805-b316-dcb04a31d52a',
    systems: [
      {
        id: '1', uuid: '38334C44-4735-534A-3035-4E5031303732', manufacturer: 'HPE', model: 'ProLiant XL675d Gen10 Plus', serial: 'JS05NP1072', power: 'on',
        reset: ['On', 'ForceOff', 'GracefulShutdown', 'ForceRestart', 'Nmi', 'PushPowerButton', 'GracefulRestart'], resetSource: 'inline',
        hostMacs: ['94:40:c9:6a:42:da', '94:40:c9:6a:42:db', 'b4:7a:f1:12:fb:70', 'b4:7a:f1:12:fb:71'], nicSource: 'ethernet-interfaces', cpus: 2, memoryGiB: 256,
      },
    ],
    managers: [['1', 'bmc']],
    bmcMac: '94:40:c9:41:f8:ea',
    notBmcNics: ['0a:ca:fe:f0:0d:04'],
    chassis: 2,
    warnings: [],
  },
  {
    // Systems/QSBP74100021/EthernetInterfaces has Members: []; no NetworkAdapters anywhere. SMD's S2600 rule: the
    // lowest BMC MAC (a4-bf-01-28-90-aa) − 2 and − 1; the system UUID …-a4bf012890a8 agrees. BMC NICs 1, 2 are
    // disabled with 0.0.0.0, 3 is a4-bf-01-28-90-ac 10.254.1.23. Chassis/RackMount is a captured error body.
    dir: 'intel-s2600bpb',
    redfishVersion: '1.1.0',
    serviceUuid: 'f4e0c73a-e66e-4acf-a109-bec76c47700d',
    systems: [
      {
        id: 'QSBP74100021', uuid: '3504bf7d-ae5b-11e7-ab21-a4bf012890a8', manufacturer: 'Intel Corporation', model: 'S2600BPB', serial: 'QSBP74100021', power: 'on',
        reset: ['PushPowerButton', 'On', 'GracefulShutdown', 'ForceRestart', 'Nmi', 'ForceOn', 'ForceOff'], resetSource: 'inline',
        hostMacs: ['a4:bf:01:28:90:a8', 'a4:bf:01:28:90:a9'], nicSource: 'quirk', cpus: 2, memoryGiB: 48,
      },
    ],
    managers: [['BMC', 'bmc']],
    bmcMac: 'a4:bf:01:28:90:ac',
    notBmcNics: [],
    chassis: 6,
    warnings: ['/redfish/v1/Chassis/RackMount'],
  },
  {
    // Systems/system: PowerState Off, no Manufacturer/Model/SerialNumber/UUID, no EthernetInterfaces property;
    // ResetActionInfo lists 8 values incl. PowerCycle. Managers/bmc/EthernetInterfaces/eth0 ae:0d:e8:39:69:bb.
    dir: 'openbmc-stock',
    redfishVersion: '1.17.0',
    serviceUuid: '34a1c22d-3f42-4cf6-9830-1cfe1d0fdffd',
    systems: [
      {
        id: 'system', power: 'off',
        reset: ['On', 'ForceOff', 'ForceOn', 'ForceRestart', 'GracefulRestart', 'GracefulShutdown', 'PowerCycle', 'Nmi'], resetSource: 'action-info',
        hostMacs: [], nicSource: 'none', cpus: 0, memoryGiB: 0,
      },
    ],
    managers: [['bmc', 'bmc']],
    bmcMac: 'ae:0d:e8:39:69:bb',
    notBmcNics: [],
    chassis: 1,
    warnings: [],
  },
  {
    // Two nodes, no UUIDs, same serial; ResetActionInfo ForceOff, On, Off ("Off" is Cray's). NICs:
    // ManagementEthernet 00:40:a6:83:52:5f / :60 and HPCNet0 "Not Available". Managers BMC (EnclosureManager) and
    // MCU0 (AuxiliaryController), neither with EthernetInterfaces.
    dir: 'hpe-cray-ex425-blade',
    redfishVersion: '1.2.0',
    systems: ['0', '1'].map((n) => ({
      id: `Node${n}`, manufacturer: 'HPE', model: 'HPE CRAY EX425 (MILAN)', serial: 'HA19340017', power: 'on' as const,
      reset: ['ForceOff', 'On', 'Off'], resetSource: 'action-info' as const,
      hostMacs: [n === '0' ? '00:40:a6:83:52:5f' : '00:40:a6:83:52:60'], nicSource: 'ethernet-interfaces' as const, cpus: 2, memoryGiB: 256,
    })),
    managers: [['BMC', 'enclosure-manager'], ['MCU0', 'auxiliary-controller']],
    notBmcNics: [],
    chassis: 4,
    warnings: [],
  },
  {
    // No Systems link; 17 chassis, each with #Chassis.Reset On, ForceOff, Off; Perif0/2/4/6 PowerState Off.
    dir: 'hpe-cray-ex-cmm',
    redfishVersion: '1.2.0',
    systems: [],
    managers: [['BMC', 'enclosure-manager']],
    notBmcNics: [],
    chassis: 17,
    chassisReset: [
      ['Enclosure', 'on', ['On', 'ForceOff', 'Off']],
      ['Blade3', 'on', ['On', 'ForceOff', 'Off']],
      ['Perif0', 'off', ['On', 'ForceOff', 'Off']],
      ['Perif6', 'off', ['On', 'ForceOff', 'Off']],
    ],
    warnings: [],
  },
  {
    // No Systems; Chassis/Enclosure #Chassis.Reset with 8 values (Off … GracefulRestart).
    dir: 'hpe-slingshot-switch-blade',
    redfishVersion: '1.2.0',
    systems: [],
    managers: [['BMC', 'enclosure-manager']],
    notBmcNics: [],
    chassis: 1,
    chassisReset: [['Enclosure', 'on', ['Off', 'ForceRestart', 'GracefulShutdown', 'ForceOff', 'ForceOn', 'On', 'PowerCycle', 'GracefulRestart']]],
    warnings: [],
  },
];

const address = (i: number) => `127.0.2.${i + 1}`;

function check(inv: BmcInventory, e: Expected): void {
  expect(inv.redfishVersion).toBe(e.redfishVersion);
  expect(inv.serviceUuid).toBe(e.serviceUuid);
  expect(inv.systems.map((s) => s.id)).toEqual(e.systems.map((s) => s.id));
  inv.systems.forEach((s, k) => {
    const x = e.systems[k];
    expect({ uuid: s.uuid, manufacturer: s.manufacturer, model: s.model, serial: s.serialNumber, power: s.powerState }).toEqual({
      uuid: x.uuid, manufacturer: x.manufacturer, model: x.model, serial: x.serial, power: x.power,
    });
    expect(s.reset.allowed).toEqual(x.reset);
    expect(s.reset.source).toBe(x.resetSource);
    expect(s.reset.target).toBe(`${s.path.replace(/\/$/, '')}/Actions/ComputerSystem.Reset`);
    expect(s.nics.map((n) => n.mac)).toEqual(x.hostMacs);
    expect(s.nicSource).toBe(x.nicSource);
    expect(s.processors.count).toBe(x.cpus);
    expect(s.memoryGiB).toBe(x.memoryGiB);
  });
  expect(inv.managers.map((m) => [m.id, m.kind])).toEqual(e.managers);
  expect(inv.bmcMac).toBe(e.bmcMac);
  const bmcNics = inv.managers.flatMap((m) => m.nics.map((n) => n.mac));
  for (const mac of e.notBmcNics) expect(bmcNics).not.toContain(mac);
  expect(inv.chassis).toHaveLength(e.chassis);
  for (const [id, power, allowed] of e.chassisReset ?? []) {
    const c = inv.chassis.find((x) => x.id === id);
    expect(c && [c.powerState, c.reset.allowed]).toEqual([power, allowed]);
  }
  expect(inv.warnings.map((w) => w.path)).toEqual(e.warnings);
}

describe('Redfish walk of the eight captured BMC trees (mockup mode)', () => {
  let server: RedfishSimServer;
  let naive: RedfishSimServer;
  const transport = new RedfishTransport({ retries: 1, retryBaseMs: 50 });

  beforeAll(async () => {
    for (const e of EXPECTED) {
      if (!fs.existsSync(path.join(MOCKUPS, e.dir, 'redfish', 'v1', 'index.json'))) throw new Error(`mockup ${e.dir} missing under ${MOCKUPS} (set HWCTL_MOCKUPS_DIR)`);
    }
    server = new RedfishSimServer({ port: 0, bmcs: EXPECTED.map((e, i) => ({ address: address(i), face: new MockupFace(path.join(MOCKUPS, e.dir)) })) });
    await server.start();
    // The same trees served naively: captured error objects come back as HTTP 200 (mockups README).
    naive = new RedfishSimServer({ port: 0, bmcs: EXPECTED.map((e, i) => ({ address: `127.0.3.${i + 1}`, face: new MockupFace(path.join(MOCKUPS, e.dir), { errorBodies: 'as-200' }) })) });
    await naive.start();
  });

  afterAll(async () => {
    await transport.close();
    await server?.stop();
    await naive?.stop();
  });

  describe.each(EXPECTED.map((e, i) => [e.dir, i] as const))('%s', (_dir, i) => {
    const e = EXPECTED[i];
    const walk = (host: string, port: number, auth: 'basic' | 'session') =>
      transport.with({ host, port, credentials: CREDS, auth }, (c) => walkBmc(c, { address: host, port }));

    it('Basic auth: systems, reset types, host MACs, BMC MAC and chassis match the captured JSON', async () => {
      check(await walk(address(i), server.port, 'basic'), e);
    });

    it('session auth: same result, and the session is deleted afterwards', async () => {
      check(await walk(address(i), server.port, 'session'), e);
      const st = server.stats(address(i));
      expect(st.sessionsCreated).toBe(1);
      expect(st.sessionsDeleted).toBe(1);
      expect(st.sessionsActive).toBe(0);
    });

    it('error objects served as HTTP 200 are treated as dead links, not as resources', async () => {
      check(await walk(`127.0.3.${i + 1}`, naive.port, 'basic'), e);
    });
  });

  it('wrong credentials fail the walk with BMC_AUTH_FAILED (the service root itself needs none)', async () => {
    await expect(
      transport.with({ host: address(0), port: server.port, credentials: { username: 'admin', password: 'nope' } }, (c) => walkBmc(c, { address: address(0), port: server.port })),
    ).rejects.toMatchObject({ code: 'BMC_AUTH_FAILED' });
  });

  it('the Intel drive that the real BMC answered with 500 + HTML is replayed as such', async () => {
    const r = await fetchInsecure(`https://${address(3)}:${server.port}/redfish/v1/Systems/QSBP74100021/Storage/1/Drives/HDD0`);
    expect(r.status).toBe(500);
    expect(r.body).toContain('<title>500 - Internal Server Error</title>');
  });

  it('a reset is accepted only with an allowed ResetType (inline or ActionInfo)', async () => {
    const face = server.face(address(5)) as MockupFace; // ex425: ActionInfo ForceOff, On, Off
    const t = '/redfish/v1/Systems/Node1/Actions/ComputerSystem.Reset';
    const post = (rt: string) => transport.with({ host: address(5), port: server.port, credentials: CREDS }, (c) => c.post(t, { ResetType: rt }));
    expect((await post('Off')).status).toBe(204);
    expect((await post('GracefulRestart')).status).toBe(400);
    expect(face.resets).toEqual([[t, 'Off']]);
  });
});

async function fetchInsecure(url: string): Promise<{ status: number; body: string }> {
  const { Agent, request } = await import('undici');
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    const r = await request(url, { dispatcher: agent, headers: { authorization: `Basic ${Buffer.from(`${CREDS.username}:${CREDS.password}`).toString('base64')}` } });
    return { status: r.statusCode, body: await r.body.text() };
  } finally {
    await agent.close();
  }
}

/**
 * The same eight trees collected by the daemon into the inventory (POST /discovery/v1/collect, magellan
 * payload → SMD RedfishEndpoints): per tree the nodes `<bmc>n<k>`, their MACs, the BMC's MAC and the
 * reset types on the ComputerSystem endpoint, all compared with the tables above.
 */
describe('collect of the eight captured BMC trees into the inventory', () => {
  let server: RedfishSimServer;
  let t: TestApp;
  let auth: string;
  const xnameOf = (i: number) => `x127c0s2b${i + 1}`; // the generator: 127.0.2.(i+1) → x127 c0 s(0·256+2) b(i+1)

  beforeAll(async () => {
    server = new RedfishSimServer({ port: 0, bmcs: EXPECTED.map((e, i) => ({ address: address(i), face: new MockupFace(path.join(MOCKUPS, e.dir)) })) });
    await server.start();
    t = await startTestApp('sqlite', { HWCTL_DISCOVERY_SCHEDULER: 'false' });
    auth = `Bearer ${await t.token('admin')}`;
    const r = await request(t.server)
      .post('/discovery/v1/collect')
      .set('Authorization', auth)
      .send({ targets: EXPECTED.map((_e, i) => `${address(i)}:${server.port}`), ...CREDS })
      .expect(202);
    for (let n = 0; n < 600; n++) {
      const s = await request(t.server).get(`/discovery/v1/scans/${r.body.id}`).set('Authorization', auth).expect(200);
      if (s.body.status !== 'running') {
        expect(s.body).toMatchObject({ status: 'done', collected: 8, failed: 0 });
        return;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('collect did not finish');
  });

  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it.each(EXPECTED.map((e, i) => [e.dir, i] as const))('%s', async (_dir, i) => {
    const e = EXPECTED[i];
    const bmc = xnameOf(i);
    const get = async (p: string) => (await request(t.server).get(p).set('Authorization', auth).expect(200)).body;
    const ep = await get(`/hsm/v2/Inventory/RedfishEndpoints/${bmc}`);
    expect(ep).toMatchObject({ ID: bmc, Type: 'NodeBMC', FQDN: address(i), UUID: e.serviceUuid ?? '', DiscoveryInfo: { LastDiscoveryStatus: 'DiscoverOK' } });
    expect(ep.MACAddr || undefined).toBe(e.bmcMac);
    const nodes = (await get(`/hsm/v2/State/Components?type=Node`)).Components.filter((c: any) => c.ID.startsWith(`${bmc}n`));
    expect(nodes.map((c: any) => [c.ID, c.State]).sort()).toEqual(e.systems.map((sys, k) => [`${bmc}n${k}`, sys.power === 'on' ? 'On' : 'Off']));
    for (const [k, sys] of e.systems.entries()) {
      const nics = await get(`/hsm/v2/Inventory/EthernetInterfaces?ComponentID=${bmc}n${k}`);
      expect(nics.map((n: any) => n.MACAddress).sort()).toEqual([...sys.hostMacs].sort());
      const ce = await get(`/hsm/v2/Inventory/ComponentEndpoints/${bmc}n${k}`);
      expect(ce.RedfishSystemInfo.Actions['#ComputerSystem.Reset']['ResetType@Redfish.AllowableValues']).toEqual(sys.reset);
      expect(ce.UUID).toBe(sys.uuid ?? '');
    }
    const bmcNics = (await get(`/hsm/v2/Inventory/EthernetInterfaces?ComponentID=${bmc}`)).map((n: any) => n.MACAddress);
    if (e.bmcMac) expect(bmcNics).toContain(e.bmcMac);
    else expect(bmcNics).toEqual([]);
    for (const mac of e.notBmcNics) expect(bmcNics).not.toContain(mac);
  });
});
