/**
 * Interop: multicast SSDP (DSP0266 Discovery) between network namespaces made for this run — the built
 * `hwctl sim` answering M-SEARCH on a veth, our multicast search and the built hwctld's scan on the other
 * end. No multicast ever leaves the machine: every interface used lives in a namespace created here, the
 * root namespace holds no end of any pair, and all three namespaces are deleted in afterAll.
 *
 *   ns BMC  [hwsa0 NET.1, NET.2] ── veth ── [hwsb0 NET.100]  ns MGR  [hwsb1 NET2.100] ── veth ── [hwsc0 NET2.1]  ns DECOY
 *   hwctl sim: 2 BMCs, multicast responder on hwsa0                                    hwctl sim: 1 BMC, responder on hwsc0
 *
 * In MGR the multicast route (224.0.0.0/4) points at the decoy link, so finding the BMC namespace's
 * services — and only those — proves the search leaves by the interface it was given, not by the route.
 * Needs root, iproute2 (ip), curl, openssl; npm run build.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { issueToken } from '../../src/auth/token-issuer';
import { loadConfig } from '../../src/config/config.loader';
import { deleteNamespaces, inNs, must, sh } from '../helpers/netns';
import { Daemon, ROOT } from '../helpers/processes';

jest.setTimeout(120_000);

const tag = process.pid % 10_000;
const NS = { bmc: `hwctl-ssdp-bmc-${tag}`, mgr: `hwctl-ssdp-mgr-${tag}`, decoy: `hwctl-ssdp-dcy-${tag}` };
const NET = `10.232.${process.pid % 250}`;
const NET2 = `10.233.${process.pid % 250}`;
const REDFISH_PORT = 8443;
const SWEEP_PORT = 9443; // nothing listens here: the BMCs are found through SSDP only
const HTTP_PORT = 27791;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-ssdp-interop-'));
const env: Record<string, string> = {
  HWCTL_DATABASE_URL: `sqlite:${path.join(tmp, 'hwctl.sqlite')}`,
  HWCTL_DATA_DIR: path.join(tmp, 'data'),
  HWCTL_HTTP_PORT: String(HTTP_PORT),
  HWCTL_JWT_SECRET: 'ssdp-interop-secret-0123456789abcdef',
  HWCTL_DISCOVERY_SCHEDULER: 'false',
  HWCTL_DISCOVERY_PORTS: String(SWEEP_PORT),
  HWCTL_DISCOVERY_USERNAME: 'admin',
  HWCTL_DISCOVERY_PASSWORD: 'Password123!',
};
let token = '';
const started: Daemon[] = [];
/** BMC address → the UUID its SSDP answer carried (filled by the first search, checked against the scan). */
const uuidOf = new Map<string, string>();

/** One veth pair between two of our namespaces, multicast on, addresses on each end, links up. */
async function link(a: { ns: string; ifname: string; addrs: string[] }, b: { ns: string; ifname: string; addrs: string[] }) {
  await must('ip', ['link', 'add', a.ifname, 'netns', a.ns, 'type', 'veth', 'peer', 'name', b.ifname, 'netns', b.ns]);
  for (const end of [a, b]) {
    for (const addr of end.addrs) await must('ip', ['-n', end.ns, 'addr', 'add', `${addr}/24`, 'dev', end.ifname]);
    await must('ip', ['-n', end.ns, 'link', 'set', end.ifname, 'multicast', 'on', 'up']);
  }
}

async function startSim(ns: string, subnet: string, bmcs: number, ifname: string, seed: string): Promise<Daemon> {
  const d = Daemon.start('ip', ['netns', 'exec', ns, process.execPath, path.join(ROOT, 'bin/hwctl.js'), 'sim', '--bmcs', String(bmcs), '--subnet', subnet, '--redfish-port', String(REDFISH_PORT), '--redfish-ssdp-interface', ifname, '--seed', seed], {});
  started.push(d);
  const deadline = Date.now() + 60_000;
  while (!d.stdout.includes('ready') && Date.now() < deadline) {
    if (d.child.exitCode !== null) throw new Error(`hwctl sim in ${ns} exited ${d.child.exitCode}: ${d.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!d.stdout.includes(`ssdp multicast on ${ifname}`)) throw new Error(`hwctl sim in ${ns} not ready: ${d.stdout}${d.stderr}`);
  return d;
}

interface Hit {
  uuid: string;
  location: string;
  from: string;
}

/** The built multicast search, run inside the manager namespace. */
async function search(ifname: string, mx = 1): Promise<Hit[]> {
  const script = `require(${JSON.stringify(path.join(ROOT, 'dist/src/protocols/ssdp'))}).ssdpMulticastSearch({ interface: ${JSON.stringify(ifname)}, mx: ${mx}, graceMs: 500 })
    .then((h) => process.stdout.write(JSON.stringify(h)), (e) => { process.stderr.write(String(e)); process.exit(3); })`;
  const r = await inNs(NS.mgr, [process.execPath, '-e', script]);
  if (r.code !== 0) throw new Error(`search on ${ifname} failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as Hit[]).sort((a, b) => a.from.localeCompare(b.from));
}

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const args = ['curl', '-sS', '--max-time', '10', '-w', '\n%{http_code}', '-X', method, '-H', `Authorization: Bearer ${token}`, `http://127.0.0.1:${HTTP_PORT}${route}`];
  if (body !== undefined) args.push('-H', 'content-type: application/json', '--data-binary', JSON.stringify(body));
  const r = await inNs(NS.mgr, args);
  if (r.code !== 0) throw new Error(`curl ${method} ${route}: ${r.stderr}`);
  const i = r.stdout.lastIndexOf('\n');
  const text = r.stdout.slice(0, i);
  return { status: Number(r.stdout.slice(i + 1)), body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  const missing = [];
  for (const c of ['ip', 'curl', 'openssl']) if ((await sh('sh', ['-c', `command -v ${c}`])).code !== 0) missing.push(c);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: scripts/install-peers.sh installs them`);
  for (const f of ['dist/src/main.js', 'dist/src/cli/main.js', 'dist/simulators/main.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  if (process.getuid?.() !== 0) throw new Error('needs root (network namespaces)');

  for (const ns of Object.values(NS)) {
    await must('ip', ['netns', 'add', ns]);
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }
  await link({ ns: NS.bmc, ifname: 'hwsa0', addrs: [`${NET}.1`, `${NET}.2`] }, { ns: NS.mgr, ifname: 'hwsb0', addrs: [`${NET}.100`] });
  await link({ ns: NS.mgr, ifname: 'hwsb1', addrs: [`${NET2}.100`] }, { ns: NS.decoy, ifname: 'hwsc0', addrs: [`${NET2}.1`] });
  await must('ip', ['-n', NS.bmc, 'route', 'add', '224.0.0.0/4', 'dev', 'hwsa0']);
  await must('ip', ['-n', NS.decoy, 'route', 'add', '224.0.0.0/4', 'dev', 'hwsc0']);
  await must('ip', ['-n', NS.mgr, 'route', 'add', '224.0.0.0/4', 'dev', 'hwsb1']); // the decoy: see the header

  await startSim(NS.bmc, `${NET}.0/24`, 2, 'hwsa0', 'ssdp-bmc');
  await startSim(NS.decoy, `${NET2}.0/24`, 1, 'hwsc0', 'ssdp-decoy'); // another seed: other UUIDs
});

afterAll(async () => {
  for (const d of started.reverse()) await d.stop();
  await deleteNamespaces(...Object.values(NS));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('multicast M-SEARCH between namespaces (DSP0266 Discovery)', () => {
  let bmcHits: Hit[];

  it('finds both simulated BMCs on the named interface, once each, and nothing from the other link', async () => {
    bmcHits = await search('hwsb0');
    expect(bmcHits.map((h) => [h.from, h.location])).toEqual([
      [`${NET}.1`, `https://${NET}.1:${REDFISH_PORT}/redfish/v1/`],
      [`${NET}.2`, `https://${NET}.2:${REDFISH_PORT}/redfish/v1/`],
    ]);
    expect(new Set(bmcHits.map((h) => h.uuid)).size).toBe(2); // two copies of the request, one hit per service
    for (const h of bmcHits) uuidOf.set(h.from, h.uuid);
  });

  it('each advertised AL is a Redfish service root whose UUID is the USN\'s', async () => {
    for (const h of bmcHits) {
      const r = await inNs(NS.mgr, ['curl', '-sS', '-k', '--max-time', '10', h.location]);
      expect(r.code).toBe(0);
      const root = JSON.parse(r.stdout);
      expect(root).toMatchObject({ RedfishVersion: expect.any(String), Systems: { '@odata.id': expect.stringMatching(/\/redfish\/v1\/Systems/) } });
      expect(root.UUID.toLowerCase()).toBe(h.uuid);
    }
  });

  it('searching on the other interface finds only the decoy BMC', async () => {
    const hits = await search('hwsb1');
    expect(hits.map((h) => [h.from, h.location])).toEqual([[`${NET2}.1`, `https://${NET2}.1:${REDFISH_PORT}/redfish/v1/`]]);
    expect(bmcHits.map((h) => h.uuid)).not.toContain(hits[0].uuid);
  });

  it('refuses an interface the namespace does not have, and one without IPv4 (loopback)', async () => {
    for (const name of ['eth0', 'lo']) {
      const script = `require(${JSON.stringify(path.join(ROOT, 'dist/src/protocols/ssdp'))}).ssdpMulticastSearch({ interface: '${name}' }).then(() => process.exit(0), (e) => { process.stdout.write(e.name); process.exit(3); })`;
      const r = await inNs(NS.mgr, [process.execPath, '-e', script]);
      expect([r.code, r.stdout]).toEqual([3, 'SsdpInterfaceError']);
    }
  });
});

describe('hwctld scan with ssdpInterface (built daemon in the manager namespace)', () => {
  beforeAll(async () => {
    token = await issueToken(loadConfig(env, ROOT), { scopes: ['admin'], ttlSeconds: 3600 });
    const d = Daemon.start('ip', ['netns', 'exec', NS.mgr, process.execPath, path.join(ROOT, 'bin/hwctld.js')], env);
    started.push(d);
    for (let i = 0; i < 300; i++) {
      if (d.child.exitCode !== null) throw new Error(`hwctld exited ${d.child.exitCode}: ${d.stderr}${d.stdout}`);
      const r = await inNs(NS.mgr, ['curl', '-s', '--max-time', '2', `http://127.0.0.1:${HTTP_PORT}/health`]);
      if (r.code === 0 && r.stdout.includes('ok')) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`hwctld did not start: ${d.stdout.slice(-2000)}`);
  });

  it('feeds multicast answers into the Redfish check and the collect, like TCP hits', async () => {
    // The sweep probes port 9443 of the two BMC addresses, where nothing listens: every BMC below came from SSDP.
    const start = await api('POST', '/discovery/v1/scans', { targets: [`${NET}.1-${NET}.2`], ipmi: false, timeout: '500ms', ssdpInterface: 'hwsb0', collect: true });
    expect(start.status).toBe(202);
    expect(start.body).toMatchObject({ ssdpInterface: 'hwsb0', ssdp: false });
    let scan: any;
    for (let i = 0; i < 300; i++) {
      scan = (await api('GET', `/discovery/v1/scans/${start.body.id}`)).body;
      if (scan.status !== 'running') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(scan).toMatchObject({ status: 'done', found: 2, collected: 2, failed: 0 });
    const results = (await api('GET', `/discovery/v1/scans/${start.body.id}/results`)).body.results as any[];
    const rows = results.map((r) => [r.address, r.port, r.protocol, r.status, r.collectStatus ?? '']).sort();
    expect(rows).toEqual([
      [`${NET}.1`, 1900, 'udp', 'ssdp', ''],
      [`${NET}.1`, REDFISH_PORT, 'tcp', 'redfish', 'DiscoverOK'],
      [`${NET}.2`, 1900, 'udp', 'ssdp', ''],
      [`${NET}.2`, REDFISH_PORT, 'tcp', 'redfish', 'DiscoverOK'],
    ]);
    for (const r of results) expect(r.serviceUuid).toBe(uuidOf.get(r.address));
  });

  it('answers 400 for an interface the daemon\'s host does not have', async () => {
    const r = await api('POST', '/discovery/v1/scans', { targets: [`${NET}.1`], ssdpInterface: 'hwsz9' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, detail: 'ssdpInterface: no interface "hwsz9" on this host' });
  });
});
