/**
 * Interop: what hwctld's cloud-init server serves, read by cloud-init itself (Debian's cloud-init 22.4):
 *  - every user-data the suite serves (both stages, every node, the entry views) passes `cloud-init schema
 *    --config-file` — and a deliberately wrong entry served the same way fails it, so the check has teeth;
 *  - cloud-init's NoCloud datasource, pointed at a running daemon (`seedfrom`), reads our meta-data and
 *    user-data (the peers' nocloud_http_probe.py, and the same datasource code with JSON output) and follows
 *    vendor-data's `#include` lines to our group files;
 *  - cloud-init's YAML loader (PyYAML, YAML 1.1) reads fuzzed data back exactly as stored;
 *  - curl bound to another loopback address gets that node's data (source-address identification, no header).
 * Needs: apt-get install -y cloud-init curl; Debian's modules need /usr/bin/python3 (not pyenv's python3).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { startTestApp, TestApp } from '../helpers/test-app';

const SHARED = process.env.HWCTL_SHARED_DIR ?? path.resolve(__dirname, '../../../shared');
const PROBE = path.join(SHARED, 'peers/cloud-init/nocloud_http_probe.py');
const PY = '/usr/bin/python3';
// requests lets these override verify= (PEERS.md); plain HTTP here, but keep cloud-init's client unaffected.
const ENV = { ...process.env, REQUESTS_CA_BUNDLE: undefined, CURL_CA_BUNDLE: undefined } as NodeJS.ProcessEnv;

function sh(cmd: string, args: string[], input?: string, timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: ENV, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof (err as any).code === 'number' ? (err as any).code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

// cloud-init's NoCloud datasource against a seed URL, paths redirected to a private directory; prints JSON.
const NOCLOUD_JSON = `
import sys, json
from cloudinit import helpers, distros, util
from cloudinit.sources import DataSourceNoCloud
seed, tmp = sys.argv[1], sys.argv[2]
paths = helpers.Paths({"cloud_dir": tmp + "/var-lib-cloud", "run_dir": tmp + "/run", "templates_dir": "/etc/cloud/templates"})
distro = distros.fetch("debian")("debian", {}, paths)
ds = DataSourceNoCloud.DataSourceNoCloudNet({"datasource": {"NoCloud": {"seedfrom": seed}}}, distro, paths)
ok = ds.get_data()
raw = ds.get_userdata_raw()
parts = [{"type": p.get_content_type(), "text": (p.get_payload(decode=True) or b"").decode()} for p in ds.get_userdata().walk() if p.get_content_maintype() != "multipart"]
vparts = [{"type": p.get_content_type(), "text": (p.get_payload(decode=True) or b"").decode()} for p in ds.get_vendordata().walk() if p.get_content_maintype() != "multipart"]
print(json.dumps({"ok": ok, "dsmode": ds.dsmode, "instance_id": ds.get_instance_id(), "hostname": ds.get_hostname().hostname,
  "metadata": ds.metadata, "userdata_raw": raw.decode(), "userdata": util.load_yaml(raw), "parts": parts,
  "vendordata_raw": (ds.get_vendordata_raw() or b"").decode() if isinstance(ds.get_vendordata_raw(), bytes) else ds.get_vendordata_raw(),
  "vendor_parts": vparts}, default=str))
`;

// cloud-init's own YAML loader on each document of a JSON list; prints the list of results as JSON.
const LOAD_YAML = `
import sys, json
from cloudinit import util
print(json.dumps([util.load_yaml(d, default="LOAD-FAILED") for d in json.load(sys.stdin)]))
`;

const N1 = 'x1000c1s7b1n0'; // 127.0.0.1: the address the NoCloud probe comes from
const N2 = 'x1000c1s7b2n0'; // 127.0.0.2: reached with curl --interface
const N3 = 'x1000c1s7b3n0'; // 172.16.0.3: only through X-Forwarded-For

// The bootcamp's payloads (seeds/003) and the peers' sample user-data, as entries.
const COMPUTE = {
  'cloud-init': {
    userdata: {
      ssh_deletekeys: false,
      write_files: [
        { content: 'SLURMD_OPTIONS=--conf-server 172.16.0.254:6817\n', path: '/etc/sysconfig/slurmd' },
        { content: 'server 172.16.0.254 iburst\ndriftfile /var/lib/chrony/drift\nmakestep 1.0 3\nrtcsync\n', path: '/etc/chrony.conf' },
      ],
      runcmd: ['setenforce 0', 'systemctl stop firewalld', 'systemctl restart chronyd'],
    },
    metadata: { 'instance-id': 'ochami-compute' },
  },
};
const ALL = {
  'cloud-init': {
    userdata: {
      users: [{ name: 'ops', groups: ['sudo'], shell: '/bin/bash', sudo: 'ALL=(ALL) NOPASSWD:ALL', ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBadKeyForTestsOnly0000000000000000000000 test@example'] }],
      ssh_pwauth: false,
      packages: ['curl'],
      ntp: { enabled: true, servers: ['172.16.0.254'] },
      timezone: 'UTC',
    },
  },
};
const NODE1 = {
  'cloud-init': {
    userdata: {
      hostname: 'nid001',
      fqdn: 'nid001.test.invalid',
      write_files: [{ path: '/etc/motd', content: 'provisioned by hwctl\n', permissions: '0644' }],
      runcmd: [['sh', '-c', 'echo provisioned > /var/tmp/provisioned'], 'echo "quotes: and # hashes"'],
      phone_home: { url: 'http://10.99.0.1:8080/phone-home/$INSTANCE_ID', post: ['instance_id', 'hostname'] },
      ntp: { pools: ['0.pool.ntp.org'] },
    },
  },
};
const SECURE = {
  'cloud-init': {
    userdata: {
      ssh_deletekeys: false,
      write_files: [{ content: 'w7MwDvqASzXqq8pRk2K4Vd8Hs0/sdyEMs4S0BHn1AOU6PAkXSRO3dnomOLX+15IIR7DFzGyUpyBS\n', path: '/etc/munge/munge.key', permissions: '0400', owner: 'munge:munge', encoding: 'base64' }],
      runcmd: ['systemctl start munge', 'systemctl start slurmd'],
    },
    metadata: { 'instance-id': 'ochami-compute-secure' },
  },
};
const GROUP_FILE = '#cloud-config\nbootcmd:\n  - echo from-the-compute-group-file\n';

describe('cloud-init server vs Debian cloud-init 22.4', () => {
  let t: TestApp;
  let base: string;
  let admin: string;
  let tmp: string;
  const served: { label: string; text: string }[] = [];
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });

  /** Fetches a document over HTTP and remembers every user-data for the schema check. */
  async function fetchDoc(label: string, path: string, headers: Record<string, string> = {}): Promise<string> {
    const res = await request(t.server).get(path).set(headers).expect(200);
    if (path.endsWith('user-data')) served.push({ label, text: res.text });
    return res.text;
  }

  beforeAll(async () => {
    const probe = await sh(PY, ['-c', 'import cloudinit, yaml; print(cloudinit.__file__)']);
    if (probe.code !== 0) throw new Error(`${PY} cannot import cloudinit: apt-get install -y cloud-init (${probe.stderr.trim()})`);
    if ((await sh('sh', ['-c', 'command -v cloud-init && command -v curl'])).code !== 0) throw new Error('cloud-init/curl missing: apt-get install -y cloud-init curl');
    if (!fs.existsSync(PROBE)) throw new Error(`${PROBE} not found (set HWCTL_SHARED_DIR)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-cloudinit-interop-'));

    t = await startTestApp('sqlite', { HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1', HWCTL_CLOUDINIT_CLUSTER_NAME: 'demo' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    admin = await t.token('admin');
    const nodes = [
      { xname: N1, nid: 1, groups: ['all', 'compute'], interfaces: [{ mac: 'de:ad:be:ef:00:01', ips: [{ ip: '127.0.0.1' }] }] },
      { xname: N2, nid: 2, groups: ['all', 'compute'], interfaces: [{ mac: 'de:ad:be:ef:00:02', ips: [{ ip: '127.0.0.2' }] }] },
      { xname: N3, nid: 3, groups: ['all'], interfaces: [{ mac: 'de:ad:be:ef:00:03', ips: [{ ip: '172.16.0.3' }] }] },
    ];
    await request(t.server).post('/inventory/v1/load').set(auth(admin)).send({ nodes }).expect(200);
    for (const [p, body] of [['/cloud-init/all', ALL], ['/cloud-init/compute', COMPUTE], [`/cloud-init/${N1}`, NODE1], ['/cloud-init-secure/compute', SECURE]] as const) {
      await request(t.server).put(p).set(auth(admin)).send(body).expect(201);
    }
    await request(t.server).put('/cloud-init/admin/groups/compute').set(auth(admin)).send({ name: 'compute', description: 'compute nodes', 'meta-data': { 'instance-id': 'ochami-compute', syslog_aggregator: '172.16.0.254' }, file: { content: GROUP_FILE } }).expect(201);
    await request(t.server).post('/cloud-init/admin/cluster-defaults').set(auth(admin)).send({ 'short-name': 'nid', 'nid-length': 3, 'public-keys': ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBadKeyForTestsOnly0000000000000000000000 admin'] }).expect(201);
  });

  afterAll(async () => {
    await t?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('cloud-init’s NoCloud datasource reads our meta-data and user-data from the running daemon (peers probe)', async () => {
    const r = await sh(PY, [PROBE, `${base}/cloud-init/`]);
    expect(r.code).toBe(0);
    const ud = await fetchDoc(`${N1} public (own address)`, '/cloud-init/user-data');
    const md = parse(await fetchDoc('md', '/cloud-init/meta-data'), { version: '1.1' });
    expect(r.stdout).toMatch(/^get_data -> True in [\d.]+s \| dsmode: net \| source: DataSourceNoCloudNet \[seed=ds_config_seedfrom,http:\/\/127\.0\.0\.1:\d+\/cloud-init\/\]\[dsmode=net\]$/m);
    expect(r.stdout).toContain(`instance-id: ${md['instance-id']} | hostname: nid001`);
    expect(r.stdout).toContain(`userdata_raw bytes: ${Buffer.byteLength(ud)}`);
    expect(r.stdout).toMatch(/^part: text\/cloud-config /m);
  });

  it('cloud-init’s datasource gets exactly our data, and follows vendor-data #include to our group files', async () => {
    const r = await sh(PY, ['-c', NOCLOUD_JSON, `${base}/cloud-init/`, path.join(tmp, 'nocloud')]);
    expect(r.stderr).not.toMatch(/Traceback/);
    const got = JSON.parse(r.stdout);
    const ud = await fetchDoc(`${N1} public`, '/cloud-init/user-data');
    const md = parse(await fetchDoc('md', '/cloud-init/meta-data'), { version: '1.1' });
    expect(got).toMatchObject({ ok: true, dsmode: 'net', instance_id: 'ochami-compute', hostname: 'nid001', userdata_raw: ud });
    // The merge as cloud-init reads it: all → compute → node (lists replaced, maps deep).
    expect(got.userdata).toEqual({
      users: ALL['cloud-init'].userdata.users,
      ssh_pwauth: false,
      packages: ['curl'],
      ntp: { enabled: true, servers: ['172.16.0.254'], pools: ['0.pool.ntp.org'] },
      timezone: 'UTC',
      ssh_deletekeys: false,
      write_files: NODE1['cloud-init'].userdata.write_files,
      runcmd: NODE1['cloud-init'].userdata.runcmd,
      hostname: 'nid001',
      fqdn: 'nid001.test.invalid',
      phone_home: NODE1['cloud-init'].userdata.phone_home,
    });
    expect(got.parts).toEqual([{ type: 'text/cloud-config', text: ud }]);
    // NoCloud keeps meta-data as its metadata dict (plus its own dsmode).
    expect(got.metadata).toMatchObject({ ...md, 'local-hostname': 'nid001', 'instance-id': 'ochami-compute' });
    expect(got.metadata.instance_data.v1.vendor_data.groups).toEqual({ all: { Description: 'No description Found' }, compute: { Description: 'compute nodes', 'instance-id': 'ochami-compute', syslog_aggregator: '172.16.0.254' } });
    // vendor-data: our #include list, each URL fetched by cloud-init's user-data processor from this node's address.
    expect(got.vendordata_raw).toBe(`#include\n${base}/cloud-init/all.yaml\n${base}/cloud-init/compute.yaml\n`);
    expect(got.vendor_parts).toEqual([
      { type: 'text/cloud-config', text: '#cloud-config\n' },
      { type: 'text/cloud-config', text: GROUP_FILE },
    ]);
  });

  it('cloud-init’s datasource seeded from the root (cloud-init ≥ v1.4 layout) gets the same data as from /cloud-init/', async () => {
    const [root, prefixed] = await Promise.all(
      [`${base}/`, `${base}/cloud-init/`].map(async (seed, i) => {
        const r = await sh(PY, ['-c', NOCLOUD_JSON, seed, path.join(tmp, `nocloud-seed-${i}`)]);
        expect(r.stderr).not.toMatch(/Traceback/);
        return JSON.parse(r.stdout);
      }),
    );
    expect(root).toMatchObject({ ok: true, dsmode: 'net', instance_id: 'ochami-compute', hostname: 'nid001' });
    expect(root.userdata_raw).toBe(await fetchDoc(`${N1} public (root)`, '/user-data'));
    // Everything but the seed NoCloud records in its metadata.
    expect(root.metadata.seedfrom).toBe(`${base}/`);
    expect({ ...root, metadata: { ...root.metadata, seedfrom: '' } }).toEqual({ ...prefixed, metadata: { ...prefixed.metadata, seedfrom: '' } });
    // The #include lines are the same /cloud-init URLs (valid here and behind ≥ v1.4's proxy), followed to our group files.
    expect(root.vendordata_raw).toBe(`#include\n${base}/cloud-init/all.yaml\n${base}/cloud-init/compute.yaml\n`);
    expect(root.vendor_parts).toEqual([
      { type: 'text/cloud-config', text: '#cloud-config\n' },
      { type: 'text/cloud-config', text: GROUP_FILE },
    ]);
  });

  it('identifies a node by its source address: curl bound to 127.0.0.2 gets node 2’s data, without any header', async () => {
    const r = await sh('curl', ['-sS', '-f', '--interface', '127.0.0.2', `${base}/cloud-init/meta-data`]);
    expect(r.code).toBe(0);
    const md = parse(r.stdout, { version: '1.1' });
    expect(md).toMatchObject({ 'local-hostname': 'nid002', instance_data: { v1: { local_ipv4: '127.0.0.2' } } });
    const ud = await sh('curl', ['-sS', '-f', '--interface', '127.0.0.2', `${base}/cloud-init/user-data`]);
    expect(ud.stdout).toBe(await fetchDoc(`${N2} public (curl --interface)`, `/cloud-init/${N2}/user-data`, auth(admin)));
    // An address that is no node's: a 422 problem, never a 500.
    const unknown = await sh('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--interface', '127.0.0.9', `${base}/cloud-init/user-data`]);
    expect(unknown.stdout).toBe('422');
  });

  it('every user-data served passes `cloud-init schema --config-file`', async () => {
    for (const [label, p, headers] of [
      [`${N1} public`, '/cloud-init/user-data', {}],
      [`${N3} public (X-Forwarded-For)`, '/cloud-init/user-data', { 'X-Forwarded-For': '172.16.0.3' }],
      [`${N1} admin view`, `/cloud-init/${N1}/user-data`, auth(admin)],
      [`${N3} admin view`, `/cloud-init/${N3}/user-data`, auth(admin)],
      ['compute entry', '/cloud-init/compute/user-data', auth(admin)],
      ['all entry', '/cloud-init/all/user-data', auth(admin)],
      [`${N1} secure (admin view)`, `/cloud-init-secure/${N1}/user-data`, auth(admin)],
    ] as [string, string, Record<string, string>][]) {
      await fetchDoc(label, p, headers);
    }
    const token = (await request(t.server).post(`/cloud-init/admin/node-tokens/${N1}`).set(auth(admin)).expect(201)).body.token;
    const secure = await fetchDoc(`${N1} secure (node token)`, '/cloud-init-secure/user-data', auth(token));
    expect(secure).toContain('/etc/munge/munge.key');

    expect(served.length).toBeGreaterThanOrEqual(10);
    for (const [i, doc] of served.entries()) {
      const file = path.join(tmp, `user-data-${i}.yaml`);
      fs.writeFileSync(file, doc.text);
      const r = await sh('cloud-init', ['schema', '--config-file', file]);
      expect({ label: doc.label, code: r.code, out: r.stdout.trim(), err: r.stderr.trim() }).toEqual({ label: doc.label, code: 0, out: `Valid cloud-config: ${file}`, err: '' });
    }
  });

  it('the schema check has teeth: a wrong entry served the same way fails it', async () => {
    await request(t.server).put(`/cloud-init/${N3}`).set(auth(admin)).send({ 'cloud-init': { userdata: { hostname: 42, runcmd: 'should be a list' } } }).expect(201);
    const file = path.join(tmp, 'user-data-bad.yaml');
    fs.writeFileSync(file, (await request(t.server).get('/cloud-init/user-data').set('X-Forwarded-For', '172.16.0.3').expect(200)).text);
    const r = await sh('cloud-init', ['schema', '--config-file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hostname: 42 is not of type 'string'/);
    await request(t.server).delete(`/cloud-init/${N3}`).set(auth(admin)).expect(200);
  });

  it('cloud-init’s YAML loader reads fuzzed data back exactly as stored', async () => {
    let seed = 20251125;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ['a', 'Z', '0', '9', ' ', '\t', '\n', '\r', ':', '#', '-', '?', '"', "'", '\\', '/', '.', '~', '*', '&', '!', '%', '@', '`', '|', '>', '{', '}', '[', ']', ',', '=', '<', 'y', 'n', 'e', '+', '_', '\u0085', '\u2028', '\u00a0', 'é', '\ufeff', '\u0000', '\u001b', '\u{1F600}'];
    const str = () => Array.from({ length: Math.floor(rnd() * 9) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const words = ['yes', 'no', 'on', 'off', 'null', '~', '0400', '1:20', '1e3', '.inf', '2001-01-01', 'true', 'y', '=', '<<', '', ' '];
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.55) {
        const k = rnd();
        if (k < 0.45) return str();
        if (k < 0.6) return words[Math.floor(rnd() * words.length)];
        if (k < 0.7) return Math.floor(rnd() * 2e9) - 1e9;
        if (k < 0.8) return (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
        return k < 0.9 ? rnd() < 0.5 : `multi\nline ${str()}\n`;
      }
      if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [str(), value(depth + 1)]));
    };
    const docs: Record<string, unknown>[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 150; i++) {
      const doc = Object.fromEntries(Array.from({ length: 6 }, () => [str() || 'k', value(0)]));
      await request(t.server).put(`/cloud-init/${N3}`).set(auth(admin)).send({ 'cloud-init': { userdata: doc } }).expect((res) => expect([200, 201]).toContain(res.status));
      docs.push(JSON.parse(JSON.stringify({ ...ALL['cloud-init'].userdata, ...doc })));
      texts.push((await request(t.server).get('/cloud-init/user-data').set('X-Forwarded-For', '172.16.0.3').expect(200)).text);
    }
    const r = await sh(PY, ['-c', LOAD_YAML], JSON.stringify(texts));
    expect(r.stderr).not.toMatch(/Traceback/);
    const loaded = JSON.parse(r.stdout) as unknown[];
    expect(loaded).toHaveLength(docs.length);
    for (let i = 0; i < docs.length; i++) expect({ i, doc: loaded[i] }).toEqual({ i, doc: docs[i] });
    await request(t.server).delete(`/cloud-init/${N3}`).set(auth(admin)).expect(200);
  });
});
