/**
 * Interop: curl — a real, independent HTTP/TLS client — against the simulator's Redfish face (fleet mode
 * over the shared machine state, and mockup mode as `run-redfish-sim.ts --mockup` serves it). Proves the
 * HTTPS listener, DSP0266 auth rules (root without auth, Basic, X-Auth-Token sessions with Location and
 * DELETE), #ComputerSystem.Reset with its delay, $expand, fault knobs and that the self-signed certificate
 * verifies when pinned with --cacert. Needs: curl, openssl.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFleet, FleetMember } from '../../simulators/fleet/fleet';
import { RedfishSimServer } from '../../simulators/redfish/redfish-bmc.server';
import { bmcMacOf, startRedfishFleet } from '../../simulators/redfish/redfish-fleet';
import { Daemon, freePort, run } from '../helpers/processes';

const USER = 'admin:Password123!';
const MOCKUPS = path.resolve(__dirname, '../..', process.env.HWCTL_MOCKUPS_DIR ?? '../shared/redfish-mockups');

interface CurlResult {
  code: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** curl with -i, split into status, headers (lower-cased names) and body. */
async function curl(args: string[]): Promise<CurlResult> {
  const r = await run('curl', ['-sS', '-i', '--max-time', '10', ...args]);
  const text = r.stdout.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = cut >= 0 ? text.slice(0, cut) : text;
  const [statusLine, ...lines] = head.split('\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { code: r.code, status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: cut >= 0 ? text.slice(cut + 2) : '' };
}

describe('simulated Redfish BMCs vs curl', () => {
  let fleet: FleetMember[];
  let server: RedfishSimServer;
  let tmp: string;
  let caFile: string;
  const url = (i: number, p: string) => `https://${fleet[i].address}:${server.port}${p}`;

  beforeAll(async () => {
    const which = await run('sh', ['-c', 'command -v curl && command -v openssl']);
    if (which.code !== 0) throw new Error('curl and openssl are required (apt-get install -y curl openssl)');
    fleet = createFleet({ count: 4, subnet: '127.0.4.0/24', seed: 'curl', powerDelayMs: 300 });
    server = await startRedfishFleet({ members: fleet, port: 0, faultsFor: (m) => (m.index === 3 ? { maxSessions: 2 } : m.index === 4 ? { errorRate: 1 } : undefined) });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-curl-'));
    caFile = path.join(tmp, 'bmc-ca.pem');
    fs.writeFileSync(caFile, server.cert!.cert);
  });

  afterAll(async () => {
    await server?.stop();
    fleet?.forEach((m) => m.machine.dispose());
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves /redfish and the service root without credentials', async () => {
    const v = await curl(['-k', url(0, '/redfish')]);
    expect(v.status).toBe(200);
    expect(JSON.parse(v.body)).toEqual({ v1: '/redfish/v1/' });
    const root = await curl(['-k', url(0, '/redfish/v1/')]);
    expect(root.status).toBe(200);
    expect(root.headers['odata-version']).toBe('4.0');
    expect(JSON.parse(root.body)).toMatchObject({ RedfishVersion: '1.15.0', Systems: { '@odata.id': '/redfish/v1/Systems' } });
  });

  it('refuses everything else without credentials (401 + WWW-Authenticate) and with a wrong password', async () => {
    const anon = await curl(['-k', url(0, '/redfish/v1/Systems')]);
    expect(anon.status).toBe(401);
    expect(anon.headers['www-authenticate']).toContain('Basic');
    expect((await curl(['-k', '-u', 'admin:wrong', url(0, '/redfish/v1/Systems')])).status).toBe(401);
  });

  it('shows the machine state over Basic auth: power, host MAC, BMC MAC on the BMC address', async () => {
    const m = fleet[0];
    const sys = JSON.parse((await curl(['-k', '-u', USER, url(0, '/redfish/v1/Systems/1')])).body);
    expect(sys.PowerState).toBe(m.machine.power === 'on' ? 'On' : 'Off');
    expect(sys.SerialNumber).toBe(m.machine.identity.serial);
    const nic = JSON.parse((await curl(['-k', '-u', USER, url(0, '/redfish/v1/Systems/1/EthernetInterfaces/1')])).body);
    expect(nic.MACAddress.toLowerCase()).toBe(m.machine.identity.mac);
    const eth0 = JSON.parse((await curl(['-k', '-u', USER, url(0, '/redfish/v1/Managers/BMC/EthernetInterfaces/eth0')])).body);
    expect(eth0.MACAddress.toLowerCase()).toBe(bmcMacOf(m));
    expect(eth0.IPv4Addresses[0].Address).toBe(m.address);
  });

  it('expands collection members with $expand=.($levels=1)', async () => {
    const r = await curl(['-k', '-g', '-u', USER, url(0, '/redfish/v1/Systems?$expand=.($levels=1)')]);
    expect(JSON.parse(r.body).Members[0]).toMatchObject({ Id: '1', PowerState: expect.any(String) });
  });

  it('#ComputerSystem.Reset changes the shared machine state after the configured delay', async () => {
    const m = fleet[1].machine;
    expect(m.power).toBe('off');
    const post = await curl(['-k', '-u', USER, '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"ResetType":"On"}', url(1, '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset')]);
    expect(post.status).toBe(204);
    expect(JSON.parse((await curl(['-k', '-u', USER, url(1, '/redfish/v1/Systems/1')])).body).PowerState).toBe('PoweringOn');
    await new Promise((r) => setTimeout(r, 450));
    expect(m.power).toBe('on');
    expect(JSON.parse((await curl(['-k', '-u', USER, url(1, '/redfish/v1/Systems/1')])).body).PowerState).toBe('On');
    const bad = await curl(['-k', '-u', USER, '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"ResetType":"Jump"}', url(1, '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset')]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error['@Message.ExtendedInfo'][0].MessageId).toContain('ActionParameterNotSupported');
  });

  it('session login returns X-Auth-Token + Location; the token works until DELETE', async () => {
    const login = await curl(['-k', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"UserName":"admin","Password":"Password123!"}', url(0, '/redfish/v1/SessionService/Sessions')]);
    expect(login.status).toBe(201);
    const token = login.headers['x-auth-token'];
    const location = login.headers.location;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(location).toMatch(/^\/redfish\/v1\/SessionService\/Sessions\/[0-9a-f]+$/);
    expect((await curl(['-k', '-H', `X-Auth-Token: ${token}`, url(0, '/redfish/v1/Managers/BMC')])).status).toBe(200);
    expect((await curl(['-k', '-X', 'DELETE', '-H', `X-Auth-Token: ${token}`, url(0, location)])).status).toBe(204);
    expect((await curl(['-k', '-H', `X-Auth-Token: ${token}`, url(0, '/redfish/v1/Managers/BMC')])).status).toBe(401);
  });

  it('answers 503 once the session slots are taken', async () => {
    const login = () => curl(['-k', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"UserName":"admin","Password":"Password123!"}', url(2, '/redfish/v1/SessionService/Sessions')]);
    expect((await login()).status).toBe(201);
    expect((await login()).status).toBe(201);
    const third = await login();
    expect(third.status).toBe(503);
    expect(third.body).toContain('SessionLimitExceeded');
  });

  it('injects 5xx answers on a BMC with errorRate 1', async () => {
    const r = await curl(['-k', '-u', USER, url(3, '/redfish/v1/Systems')]);
    expect([500, 503]).toContain(r.status);
  });

  it('its self-signed certificate verifies when pinned (--cacert) and fails without', async () => {
    const pinned = await curl(['--cacert', caFile, url(0, '/redfish/v1/')]);
    expect(pinned.code).toBe(0);
    expect(pinned.status).toBe(200);
    const unpinned = await run('curl', ['-sS', '--max-time', '10', url(0, '/redfish/v1/')]);
    expect(unpinned.code).toBe(60); // CURLE_PEER_FAILED_VERIFICATION
  });

  it('run-redfish-sim.ts --mockup serves a captured tree as a BMC', async () => {
    const port = await freePort();
    const sim = Daemon.start(process.execPath, ['-r', 'ts-node/register/transpile-only', 'simulators/redfish/run-redfish-sim.ts', '--mockup', path.join(MOCKUPS, 'openbmc-stock'), '--address', '127.0.2.77', '--port', String(port)], { TS_NODE_PROJECT: 'tsconfig.json' });
    try {
      const deadline = Date.now() + 60_000;
      while (!sim.stdout.includes('ready') && Date.now() < deadline) {
        if (sim.child.exitCode !== null) throw new Error(sim.stderr);
        await new Promise((r) => setTimeout(r, 100));
      }
      const sys = await curl(['-k', '-u', USER, `https://127.0.2.77:${port}/redfish/v1/Systems/system/`]);
      expect(sys.status).toBe(200);
      expect(JSON.parse(sys.body)).toMatchObject({ Id: 'system', PowerState: 'Off' });
      const info = await curl(['-k', '-u', USER, `https://127.0.2.77:${port}/redfish/v1/Systems/system/ResetActionInfo`]);
      expect(JSON.parse(info.body).Parameters[0].AllowableValues).toContain('PowerCycle');
    } finally {
      await sim.stop();
    }
  });
});
