import { SignJWT } from 'jose';
import request from 'supertest';
import { parse } from 'yaml';
import { loadJwtSecret } from '../../src/auth/jwt-keys';
import { issueToken } from '../../src/auth/token-issuer';
import { DATABASE_KINDS } from '../helpers/databases';
import { startTestApp, TestApp } from '../helpers/test-app';

// The cloud-init server on SQLite AND PostgreSQL: entries for two groups plus node overrides, merged in
// membership order with the node last (maps deep, lists replaced, null removes); nodes found by source
// address (X-Forwarded-For from the trusted proxy 127.0.0.1); unknown addresses; the admin views; and the
// secure stage with no token, another node's token, an expired token and the right one.

const N1 = 'x1000c1s7b1n0'; // groups: all, compute; has its own entry
const N2 = 'x1000c1s7b2n0'; // groups: all, compute
const N3 = 'x1000c1s7b3n0'; // groups: all
const ip = (i: number) => `172.16.0.${i}`;

const inventory = {
  nodes: [
    { xname: N1, nid: 1, groups: ['all', 'compute'], interfaces: [{ mac: 'de:ad:be:ef:00:01', ips: [{ ip: ip(1) }] }] },
    { xname: N2, nid: 2, groups: ['all', 'compute'], interfaces: [{ mac: 'de:ad:be:ef:00:02', ips: [{ ip: ip(2) }] }] },
    { xname: N3, nid: 3, groups: ['all'], interfaces: [{ mac: 'de:ad:be:ef:00:03', ips: [{ ip: ip(3) }] }] },
  ],
};

const ALL = {
  name: 'all',
  'cloud-init': {
    userdata: {
      packages: ['curl', 'chrony'],
      ntp: { enabled: true, servers: ['10.0.0.1'] },
      write_files: [{ path: '/etc/motd', content: 'all nodes\n' }],
      runcmd: ['echo all'],
      timezone: 'UTC',
    },
    metadata: { site: 'lab', rack: { row: 1, col: 1 } },
  },
};

// seeds/003 sends its payloads as YAML; YAML 1.1 as cloud-init reads it (`yes` is a boolean).
const COMPUTE_YAML = `name: compute
cloud-init:
  userdata:
    packages: [slurm-client]
    ntp:
      servers: [10.0.0.2]
    runcmd:
      - echo compute
    ssh_pwauth: yes
    users:
      - name: ops
        groups: [sudo]
  metadata:
    role: compute
`;

const NODE1 = {
  'cloud-init': {
    userdata: { ntp: { pools: ['pool.ntp.org'] }, runcmd: ['echo n1'], timezone: 'Europe/Paris', ssh_pwauth: null },
    metadata: { rack: { col: 7 } },
  },
};

describe.each(DATABASE_KINDS)('cloud-init server on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const asNode = (path: string, from: string) => request(t.server).get(path).set('X-Forwarded-For', from);
  const cloudConfig = (text: string) => {
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    return parse(text, { version: '1.1' });
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1', HWCTL_CLOUDINIT_CLUSTER_NAME: 'demo' });
    admin = await t.token('admin');
    await request(t.server).post('/inventory/v1/load').set(auth(admin)).send(inventory).expect(200);
    await request(t.server).put('/cloud-init/all').set(auth(admin)).send(ALL).expect(201);
    await request(t.server).put('/cloud-init/compute').set(auth(admin)).set('Content-Type', 'application/yaml').send(COMPUTE_YAML).expect(201);
    await request(t.server).put(`/cloud-init/${N1.toUpperCase()}`).set(auth(admin)).send(NODE1).expect(201);
  });
  afterAll(() => t.close());

  it('merges groups in membership order, then the node: maps deep, lists replaced, null removes', async () => {
    const memberships = await request(t.server).get(`/hsm/v2/memberships/${N1}`).set(auth(admin)).expect(200);
    expect(memberships.body.groupLabels).toEqual(['all', 'compute']);

    const n1 = await asNode('/cloud-init/user-data', ip(1)).expect(200).expect('Content-Type', /text\/yaml/);
    expect(cloudConfig(n1.text)).toEqual({
      packages: ['slurm-client'], // compute's list replaced all's
      ntp: { enabled: true, servers: ['10.0.0.2'], pools: ['pool.ntp.org'] }, // all → compute → node, deep
      write_files: [{ path: '/etc/motd', content: 'all nodes\n' }], // only all sets it
      runcmd: ['echo n1'], // the node's list wins whole
      timezone: 'Europe/Paris', // node wins on a scalar
      users: [{ name: 'ops', groups: ['sudo'] }],
      // ssh_pwauth: compute said yes (true), the node's null removed it
    });

    const n2 = await asNode('/cloud-init/user-data', ip(2)).expect(200);
    expect(cloudConfig(n2.text)).toEqual({
      packages: ['slurm-client'],
      ntp: { enabled: true, servers: ['10.0.0.2'] },
      write_files: [{ path: '/etc/motd', content: 'all nodes\n' }],
      runcmd: ['echo compute'],
      timezone: 'UTC',
      ssh_pwauth: true,
      users: [{ name: 'ops', groups: ['sudo'] }],
    });

    const n3 = await asNode('/cloud-init/user-data', ip(3)).expect(200);
    expect(cloudConfig(n3.text)).toEqual(ALL['cloud-init'].userdata);
    // Cached answers carry an entity tag; a node that sends it back gets 304 (RFC 9110 §13.1.2).
    expect(n3.headers.etag).toMatch(/^W\/"/);
    await asNode('/cloud-init/user-data', ip(3)).set('If-None-Match', n3.headers.etag).expect(304);
    await asNode('/cloud-init/user-data', ip(2)).set('If-None-Match', n3.headers.etag).expect(200);
  });

  it('serves meta-data with the reference keys, entries merged on top', async () => {
    const res = await asNode('/cloud-init/meta-data', ip(1)).expect(200);
    const md = parse(res.text, { version: '1.1' });
    expect(Object.keys(md).slice(0, 5)).toEqual(['instance-id', 'local-hostname', 'hostname', 'cluster-name', 'instance_data']);
    expect(md).toMatchObject({
      'instance-id': expect.stringMatching(/^i-[0-9a-f]{12}$/),
      'local-hostname': 'de0001',
      hostname: 'de0001',
      'cluster-name': 'demo',
      site: 'lab',
      role: 'compute',
      rack: { row: 1, col: 7 },
      instance_data: { v1: { local_ipv4: ip(1), vendor_data: { version: '1.0', cluster_name: 'demo', groups: { all: { site: 'lab' }, compute: { role: 'compute' } } } } },
    });
    expect(md.instance_data.v1.instance_id).toBe(md['instance-id']);
  });

  it('answers an unknown address with a 422 problem, and ignores X-Forwarded-For from untrusted peers', async () => {
    const res = await asNode('/cloud-init/user-data', '10.9.9.9').expect(422).expect('Content-Type', /application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'CLOUDINIT_UNKNOWN_NODE', detail: expect.stringContaining('10.9.9.9') });
    await asNode('/cloud-init/meta-data', '10.9.9.9').expect(422);
    await asNode('/cloud-init/vendor-data', '10.9.9.9').expect(422);
    // Without the header the peer (127.0.0.1) is the client, and it is no node.
    await request(t.server).get('/cloud-init/user-data').expect(422);

    const strict = await startTestApp(kind);
    try {
      await request(strict.server).post('/inventory/v1/load').set(auth(await strict.token('admin'))).send(inventory).expect(200);
      const spoof = await request(strict.server).get('/cloud-init/user-data').set('X-Forwarded-For', ip(1)).expect(422);
      expect(spoof.body.detail).toContain('127.0.0.1');
    } finally {
      await strict.close();
    }
  });

  it('shows admins what a node gets, by xname or MAC, and an entry by its name', async () => {
    await request(t.server).get(`/cloud-init/${N1}/user-data`).expect(401);
    const own = await asNode('/cloud-init/user-data', ip(1)).expect(200);
    const byXname = await request(t.server).get(`/cloud-init/${N1}/user-data`).set(auth(await t.token('read'))).expect(200);
    const byMac = await request(t.server).get('/cloud-init/DE:AD:BE:EF:00:01/user-data').set(auth(admin)).expect(200);
    expect(byXname.text).toBe(own.text);
    expect(byMac.text).toBe(own.text);
    const md = await request(t.server).get(`/cloud-init/admin/impersonation/${N1}/meta-data`).set(auth(admin)).expect(200);
    expect(md.text).toBe((await asNode('/cloud-init/meta-data', ip(1))).text);

    const group = await request(t.server).get('/cloud-init/compute/user-data').set(auth(admin)).expect(200);
    expect(cloudConfig(group.text)).toEqual(parse(COMPUTE_YAML, { version: '1.1' })['cloud-init'].userdata);
    const entry = await request(t.server).get(`/cloud-init/${N1}`).set(auth(admin)).expect(200);
    expect(entry.body).toEqual({ name: N1, 'cloud-init': { userdata: NODE1['cloud-init'].userdata, metadata: NODE1['cloud-init'].metadata, vendordata: null } });
    const list = await request(t.server).get('/cloud-init').set(auth(admin)).expect(200);
    expect(Object.keys(list.body)).toEqual(['all', 'compute', N1]);
    await request(t.server).get('/cloud-init/x9c0s0b0n0/user-data').set(auth(admin)).expect(404);
  });

  it('rejects bad admin input naming the field, and writes need a write token', async () => {
    const before = (await request(t.server).get('/cloud-init/compute').set(auth(admin))).body;
    const bad = await request(t.server).put('/cloud-init/compute').set(auth(admin)).send({ 'cloud-init': { userdata: ['not', 'a', 'map'] } }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'cloud-init.userdata' })]);
    const badYaml = await request(t.server).put('/cloud-init/compute').set(auth(admin)).set('Content-Type', 'text/yaml').send('cloud-init: [unclosed\n').expect(400);
    expect(badYaml.body.detail).toMatch(/malformed YAML body/);
    await request(t.server).put('/cloud-init/bad name').set(auth(admin)).send({ 'cloud-init': {} }).expect(400);
    await request(t.server).put('/cloud-init/compute').set(auth(await t.token('read'))).send({ 'cloud-init': { userdata: {} } }).expect(403);
    await request(t.server).post('/cloud-init').set(auth(admin)).send(ALL).expect(409);
    // POST takes one entry (answer: its name as JSON, v0) or a list, YAML or JSON, all or nothing.
    const one = await request(t.server).post('/cloud-init').set(auth(admin)).send({ name: 'Login', 'cloud-init': { userdata: { packages: ['tmux'] } } }).expect(201);
    expect([one.body, one.headers.location]).toEqual(['login', '/cloud-init/login']);
    const many = await request(t.server).post('/cloud-init').set(auth(admin)).set('Content-Type', 'application/x-yaml').send('- name: gpu\n  cloud-init: {userdata: {packages: [cuda]}}\n- name: io\n  cloud-init: {}\n').expect(201);
    expect(many.body).toEqual(['gpu', 'io']);
    await request(t.server).post('/cloud-init').set(auth(admin)).send([{ name: 'gpu2', 'cloud-init': {} }, { name: 'io', 'cloud-init': {} }]).expect(409);
    await request(t.server).get('/cloud-init/gpu2').set(auth(admin)).expect(404);
    for (const n of ['login', 'gpu', 'io']) await request(t.server).delete(`/cloud-init/${n}`).set(auth(admin)).expect(200, { status: 'success' });
    expect((await request(t.server).get('/cloud-init/compute').set(auth(admin))).body).toEqual(before);
  });

  it('serves vendor-data #include lines per group and each group file only to its members (v1 layout, same table)', async () => {
    const file = '## template: jinja\n#cloud-config\nrsyslog:\n  remotes: {x: "{{ vendor_data.groups.compute.syslog }}"}\n';
    await request(t.server)
      .put('/cloud-init/admin/groups/compute')
      .set(auth(admin))
      .send({ name: 'compute', description: 'compute nodes', 'meta-data': { syslog: '10.0.0.5' }, file: { content: Buffer.from(file).toString('base64'), encoding: 'base64' } })
      .expect(201);
    const groups = await request(t.server).get('/cloud-init/admin/groups').set(auth(admin)).expect(200);
    expect(Object.keys(groups.body)).toEqual(['all', 'compute']);
    expect(groups.body.compute).toEqual({ name: 'compute', description: 'compute nodes', 'meta-data': { syslog: '10.0.0.5' }, file: { content: file, filename: '', encoding: 'plain' } });
    // The v0 userdata of compute is untouched by the v1 write.
    expect((await request(t.server).get('/cloud-init/compute').set(auth(admin))).body['cloud-init'].userdata.packages).toEqual(['slurm-client']);

    const vd = await asNode('/cloud-init/vendor-data', ip(1)).set('Host', 'boot.example:27780').expect(200);
    expect(vd.text).toBe('#include\nhttp://boot.example:27780/cloud-init/all.yaml\nhttp://boot.example:27780/cloud-init/compute.yaml\n');
    expect((await asNode('/cloud-init/compute.yaml', ip(1)).expect(200)).text).toBe(file);
    expect((await asNode('/cloud-init/all.yaml', ip(3)).expect(200)).text).toBe('#cloud-config\n');
    await asNode('/cloud-init/compute.yaml', ip(3)).expect(404);

    await request(t.server).post('/cloud-init/admin/cluster-defaults').set(auth(admin)).send({ 'base-url': 'http://10.0.0.254:27780/cloud-init/', 'short-name': 'nid', 'nid-length': 3 }).expect(201);
    const vd2 = await asNode('/cloud-init/vendor-data', ip(3)).expect(200);
    expect(vd2.text).toBe('#include\nhttp://10.0.0.254:27780/cloud-init/all.yaml\n');
    const md = parse((await asNode('/cloud-init/meta-data', ip(2))).text, { version: '1.1' });
    expect(md).toMatchObject({ 'local-hostname': 'nid002', instance_data: { v1: { vendor_data: { cloud_init_base_url: 'http://10.0.0.254:27780/cloud-init', groups: { compute: { Description: 'compute nodes', syslog: '10.0.0.5' } } } } } });

    await request(t.server).put(`/cloud-init/admin/instance-info/${N2}`).set(auth(admin)).send({ 'local-hostname': 'login-1', 'instance-id': 'i-login1' }).expect(201);
    const md2 = parse((await asNode('/cloud-init/meta-data', ip(2))).text, { version: '1.1' });
    expect(md2).toMatchObject({ 'instance-id': 'i-login1', 'local-hostname': 'login-1', hostname: 'nid002' });

    const badFile = await request(t.server).post('/cloud-init/admin/groups').set(auth(admin)).send({ name: 'gpu', file: { content: 'runcmd: [x]\n' } }).expect(400);
    expect(badFile.body.errors).toEqual([expect.objectContaining({ field: 'file.content' })]);
    await request(t.server).post('/cloud-init/admin/groups').set(auth(admin)).send({ name: 'gpu', description: 'nul\u0000', file: { content: '#cloud-config\nx: "\u0000"\n' } }).expect(400);
    await request(t.server).get('/cloud-init/admin/groups/gpu').set(auth(admin)).expect(404);
  });

  it('drops its caches on inventory changes: membership and addresses take effect at once', async () => {
    expect(cloudConfig((await asNode('/cloud-init/user-data', ip(3))).text).packages).toEqual(['curl', 'chrony']);
    await request(t.server).post('/hsm/v2/groups/compute/members').set(auth(admin)).send({ id: N3 }).expect(201);
    expect(cloudConfig((await asNode('/cloud-init/user-data', ip(3))).text).packages).toEqual(['slurm-client']);
    await request(t.server).delete(`/hsm/v2/groups/compute/members/${N3}`).set(auth(admin)).expect(200);
    expect(cloudConfig((await asNode('/cloud-init/user-data', ip(3))).text).packages).toEqual(['curl', 'chrony']);

    await request(t.server).patch('/hsm/v2/Inventory/EthernetInterfaces/deadbeef0003').set(auth(admin)).send({ IPAddresses: [{ IPAddress: '172.16.9.3' }] }).expect(200);
    await asNode('/cloud-init/user-data', ip(3)).expect(422);
    await asNode('/cloud-init/user-data', '172.16.9.3').expect(200);
  });

  describe('secure stage', () => {
    const MUNGE = { 'cloud-init': { userdata: { write_files: [{ path: '/etc/munge/munge.key', content: 'c2VjcmV0', encoding: 'b64', permissions: '0400' }] } } };
    let n1Token: string;

    beforeAll(async () => {
      await request(t.server).put('/cloud-init-secure/compute').set(auth(admin)).send(MUNGE).expect(201);
      const issued = await request(t.server).post(`/cloud-init/admin/node-tokens/${N1}`).set(auth(admin)).send({ ttl: '5m' }).expect(201);
      expect(issued.body).toMatchObject({ xname: N1, audience: 'cloud-init', scope: 'node', expiresAt: expect.any(String) });
      n1Token = issued.body.token;
    });

    it('answers without a token 401, with another node’s token 403, with an expired token 401, with the right token the data', async () => {
      const none = await asNode('/cloud-init-secure/user-data', ip(1)).expect(401);
      expect(none.body.detail).toMatch(/node token/);

      const n2Token = (await request(t.server).post(`/cloud-init/admin/node-tokens/${N2}`).set(auth(admin)).expect(201)).body.token;
      const other = await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(n2Token)).expect(403);
      expect(other.body.detail).toContain(N2);

      const expired = await new SignJWT({ scope: 'node' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(t.config.auth.issuer)
        .setAudience('cloud-init')
        .setSubject(N1)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(loadJwtSecret(t.config));
      const exp = await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(expired)).expect(401);
      expect(exp.body.detail).toMatch(/exp/);

      const ok = await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(n1Token)).expect(200);
      expect(cloudConfig(ok.text)).toEqual(MUNGE['cloud-init'].userdata);
      await asNode('/cloud-init-secure/meta-data', ip(1)).set(auth(n1Token)).expect(200);
      // The public stage never shows the secret.
      expect((await asNode('/cloud-init/user-data', ip(1))).text).not.toContain('munge');
      // Nothing secret was logged.
      expect(t.logger.lines.join('\n')).not.toContain(n1Token);
    });

    it('refuses API tokens on the secure stage and node tokens on the API', async () => {
      await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(admin)).expect(401); // audience hwctl, not cloud-init
      const wrongScope = await issueToken(t.config, { scopes: ['read'], audience: 'cloud-init', subject: N1 });
      await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(wrongScope)).expect(403);
      await request(t.server).get('/cloud-init-secure/compute').set(auth(n1Token)).expect(401);
      await request(t.server).get('/hsm/v2/State/Components').set(auth(n1Token)).expect(401);
    });

    it('keeps secure entries for admin-scoped tokens and node tokens for admins', async () => {
      await request(t.server).get('/cloud-init-secure/compute').set(auth(await t.token('read'))).expect(403);
      await request(t.server).get('/cloud-init-secure/compute').set(auth(admin)).expect(200);
      await request(t.server).post(`/cloud-init/admin/node-tokens/${N1}`).set(auth(await t.token('write'))).expect(403);
      await request(t.server).post('/cloud-init/admin/node-tokens/x9c0s0b0n0').set(auth(admin)).expect(404);
      await request(t.server).post(`/cloud-init/admin/node-tokens/${N1}`).set(auth(admin)).send({ ttl: '30d' }).expect(400);
    });

    it('with HWCTL_CLOUDINIT_SECURE_REQUIRE_NODE_IP=false, serves the token’s node from any address', async () => {
      const loose = await startTestApp(kind, { HWCTL_CLOUDINIT_SECURE_REQUIRE_NODE_IP: 'false' });
      try {
        const a = await loose.token('admin');
        await request(loose.server).post('/inventory/v1/load').set(auth(a)).send(inventory).expect(200);
        await request(loose.server).put('/cloud-init-secure/compute').set(auth(a)).send(MUNGE).expect(201);
        const tok = (await request(loose.server).post(`/cloud-init/admin/node-tokens/${N2}`).set(auth(a)).expect(201)).body.token;
        const res = await request(loose.server).get('/cloud-init-secure/user-data').set(auth(tok)).expect(200); // from 127.0.0.1, no node's address
        expect(cloudConfig(res.text)).toEqual(MUNGE['cloud-init'].userdata);
        await request(loose.server).get('/cloud-init-secure/user-data').expect(401);
      } finally {
        await loose.close();
      }
    });
  });
});

// The root layout of cloud-init ≥ v1.4 (reference §4: "served at root; proxy adds /cloud-init. Replacement
// should accept both prefixes"): the node routes and the v1 admin routes at `/`, the same handlers and
// guard as under `/cloud-init`; the v0 `/{id}` routes and the secure stage stay prefixed only.
describe.each(DATABASE_KINDS)('cloud-init at the root (≥ v1.4 layout) on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let read: string;
  let write: string;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const asNode = (path: string, from: string) => request(t.server).get(path).set('X-Forwarded-For', from).set('Host', 'boot.example:27780');
  /** What a client can tell apart: status, the headers that describe the body, the bytes. */
  const answer = (res: request.Response) => ({
    status: res.status,
    type: res.headers['content-type'],
    etag: res.headers.etag,
    length: res.headers['content-length'],
    body: res.text,
  });
  const GROUP_FILE = '#cloud-config\nbootcmd:\n  - echo gpu\n';

  beforeAll(async () => {
    t = await startTestApp(kind, { HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1', HWCTL_CLOUDINIT_CLUSTER_NAME: 'demo' });
    [admin, read, write] = await Promise.all([t.token('admin'), t.token('read'), t.token('write')]);
    await request(t.server).post('/inventory/v1/load').set(auth(admin)).send(inventory).expect(200);
    await request(t.server).put('/cloud-init/all').set(auth(admin)).send(ALL).expect(201);
    await request(t.server).put('/cloud-init/compute').set(auth(admin)).set('Content-Type', 'application/yaml').send(COMPUTE_YAML).expect(201);
    await request(t.server).put(`/cloud-init/${N1}`).set(auth(admin)).send(NODE1).expect(201);
  });
  afterAll(() => t.close());

  it('gives a node the same bytes and headers at the root as under /cloud-init, with no token', async () => {
    for (const from of [ip(1), ip(3)]) {
      for (const doc of ['user-data', 'meta-data', 'vendor-data']) {
        const prefixed = answer(await asNode(`/cloud-init/${doc}`, from));
        expect(prefixed.status).toBe(200);
        expect(answer(await asNode(`/${doc}`, from))).toEqual(prefixed);
        expect(answer(await asNode(`/${doc}/`, from))).toEqual(prefixed);
      }
    }
    // vendor-data's includes keep /cloud-init (reachable here and through ≥ v1.4's proxy); each resolves at both prefixes.
    const vd = (await asNode('/vendor-data', ip(1))).text;
    expect(vd).toBe('#include\nhttp://boot.example:27780/cloud-init/all.yaml\nhttp://boot.example:27780/cloud-init/compute.yaml\n');
    for (const group of ['all', 'compute']) {
      const prefixed = answer(await asNode(`/cloud-init/${group}.yaml`, ip(1)));
      expect(prefixed.status).toBe(200);
      expect(answer(await asNode(`/${group}.yaml`, ip(1)))).toEqual(prefixed);
    }
    await asNode('/compute.yaml', ip(3)).expect(404); // members only, as under /cloud-init
  });

  it('answers an address that is no node’s with the 422 problem at the root too', async () => {
    for (const doc of ['user-data', 'meta-data', 'vendor-data', 'all.yaml']) {
      const res = await asNode(`/${doc}`, '10.9.9.9').expect(422).expect('Content-Type', /application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 422, code: 'CLOUDINIT_UNKNOWN_NODE', detail: expect.stringContaining('10.9.9.9') });
    }
  });

  it('serves the v1 admin layout at /admin with the same guard: no token 401, read 403 on writes, write works', async () => {
    const gpu = { name: 'gpu', description: 'gpu nodes', 'meta-data': { accel: 'a100' }, file: { content: GROUP_FILE } };
    await request(t.server).get('/admin/groups').expect(401);
    await request(t.server).post('/admin/groups').send(gpu).expect(401);
    await request(t.server).post('/admin/groups').set(auth(read)).send(gpu).expect(403);
    const created = await request(t.server).post('/admin/groups').set(auth(write)).send(gpu).expect(201);
    expect(created.headers.location).toBe('/admin/groups/gpu');
    const stored = { name: 'gpu', description: 'gpu nodes', 'meta-data': { accel: 'a100' }, file: { content: GROUP_FILE, filename: '', encoding: 'plain' } };
    expect((await request(t.server).get('/cloud-init/admin/groups/gpu').set(auth(read)).expect(200)).body).toEqual(stored);
    expect((await request(t.server).get('/admin/groups/gpu').set(auth(read)).expect(200)).body).toEqual(stored);
    const groups = await request(t.server).get('/admin/groups').set(auth(read)).expect(200);
    expect(groups.body).toEqual((await request(t.server).get('/cloud-init/admin/groups').set(auth(read)).expect(200)).body);
    expect(Object.keys(groups.body)).toEqual(['all', 'compute', 'gpu']);
    await request(t.server).post('/admin/groups').set(auth(write)).send(gpu).expect(409);

    // PUT with a YAML body (the YAML middleware covers /admin too); Location under the layout used.
    await request(t.server).put('/admin/groups/gpu').set(auth(read)).send(gpu).expect(403);
    const put = await request(t.server).put('/admin/groups/gpu').set(auth(write)).set('Content-Type', 'application/yaml').send('name: gpu\ndescription: GPU nodes\n').expect(201);
    expect(put.headers.location).toBe('/admin/groups/gpu');
    expect((await request(t.server).put('/cloud-init/admin/groups/gpu').set(auth(write)).send({ name: 'gpu', description: 'GPU nodes' }).expect(201)).headers.location).toBe('/cloud-init/admin/groups/gpu');
    expect((await request(t.server).get('/cloud-init/admin/groups/gpu').set(auth(read))).body.description).toBe('GPU nodes');
    await request(t.server).delete('/admin/groups/gpu').expect(401);
    await request(t.server).delete('/admin/groups/gpu').set(auth(read)).expect(403);
    await request(t.server).delete('/admin/groups/gpu').set(auth(write)).expect(200);
    await request(t.server).get('/cloud-init/admin/groups/gpu').set(auth(read)).expect(404);

    // cluster-defaults and instance-info: written at the root, seen under /cloud-init and by the node.
    await request(t.server).post('/admin/cluster-defaults').set(auth(read)).send({ 'short-name': 'nid' }).expect(403);
    await request(t.server).post('/admin/cluster-defaults').set(auth(write)).send({ 'short-name': 'nid', 'nid-length': 3 }).expect(201);
    expect((await request(t.server).get('/cloud-init/admin/cluster-defaults').set(auth(read)).expect(200)).body).toMatchObject({ 'short-name': 'nid', 'nid-length': 3 });
    expect((await request(t.server).get('/admin/cluster-defaults').set(auth(read)).expect(200)).body).toMatchObject({ 'short-name': 'nid', 'nid-length': 3 });
    await request(t.server).put(`/admin/instance-info/${N2}`).send({ 'local-hostname': 'login-1' }).expect(401);
    await request(t.server).put(`/admin/instance-info/${N2}`).set(auth(write)).send({ 'local-hostname': 'login-1' }).expect(201);
    expect((await request(t.server).get(`/cloud-init/admin/instance-info/${N2}`).set(auth(read)).expect(200)).body).toMatchObject({ 'local-hostname': 'login-1' });
    expect((await request(t.server).get(`/admin/instance-info/${N2}`).set(auth(read)).expect(200)).body).toMatchObject({ 'local-hostname': 'login-1' });
    expect(parse((await asNode('/meta-data', ip(2)).expect(200)).text, { version: '1.1' })).toMatchObject({ 'local-hostname': 'login-1', hostname: 'nid002' });

    // Impersonation (read) and node tokens (admin) at the root too.
    await request(t.server).get(`/admin/impersonation/${N1}/user-data`).expect(401);
    expect((await request(t.server).get(`/admin/impersonation/${N1}/user-data`).set(auth(read)).expect(200)).text).toBe((await asNode('/user-data', ip(1))).text);
    await request(t.server).post(`/admin/node-tokens/${N1}`).set(auth(write)).expect(403);
    const token = (await request(t.server).post(`/admin/node-tokens/${N1}`).set(auth(admin)).expect(201)).body.token as string;
    await request(t.server).put('/cloud-init-secure/compute').set(auth(admin)).send({ 'cloud-init': { userdata: { runcmd: ['echo secret'] } } }).expect(201);
    expect((await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(token)).expect(200)).text).toContain('echo secret');
  });

  it('leaves the rest of the daemon alone: no v0 /{id} at the root, no root secure stage, unknown paths 404', async () => {
    for (const [method, path] of [
      ['get', '/nonexistent'],
      ['get', '/nonexistent/user-data'],
      ['get', '/compute'], // a v0 entry: /cloud-init/compute only
      ['get', `/${N1}/user-data`],
      ['put', '/nonexistent'],
      ['delete', '/all'],
      ['get', '/secure/user-data'],
      ['get', '/admin'],
      ['get', '/nonexistent.yml'],
    ] as const) {
      const res = await request(t.server)[method](path).set(auth(admin)).set('X-Forwarded-For', ip(1)).send(method === 'put' ? { 'cloud-init': {} } : undefined);
      expect({ method, path, status: res.status, type: res.headers['content-type'] }).toEqual({ method, path, status: 404, type: expect.stringMatching(/application\/problem\+json/) });
    }
    await request(t.server).get('/cloud-init/all').set(auth(read)).expect(200); // the DELETE above reached nothing
    await request(t.server).get('/cloud-init/nonexistent').set(auth(read)).expect(404);
    // The secure stage is unchanged: still a node token, still only under /cloud-init-secure.
    await asNode('/cloud-init-secure/user-data', ip(1)).expect(401);
    await asNode('/cloud-init-secure/user-data', ip(1)).set(auth(read)).expect(401);
    await request(t.server).get('/cloud-init-secure/compute').set(auth(read)).expect(403);
    // Other modules' routes and the OpenAPI documents are not shadowed by the root routes.
    await request(t.server).get('/health').expect(200);
    await request(t.server).get('/docs-yaml').expect(200).expect('Content-Type', /yaml/);
    const paths = Object.keys((await request(t.server).get('/docs-json').expect(200)).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/user-data', '/cloud-init/user-data', '/{group}.yaml', '/admin/groups', '/cloud-init/admin/groups']));
    expect(paths).not.toContain('/{id}');
  });
});
