import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { NodeDataFastPath } from '../../src/cloudinit/fast-path/node-data-fast-path';
import { DATABASE_KINDS } from '../helpers/databases';
import { startTestApp, TestApp } from '../helpers/test-app';

// The cloud-init fast path (src/cloudinit/fast-path) on SQLite AND PostgreSQL, through the real daemon
// stack on a real socket: the first answer for a node comes from the Nest route, the next from the fast
// path, and the two are compared byte for byte — status, every header name in order and its value (Date
// aside), body. Changes to the inventory or to cloud-init entries must show in the very next answer.

const N1 = 'x1000c1s7b1n0'; // groups: all, compute; own entry
const N2 = 'x1000c1s7b2n0'; // groups: all, compute
const N3 = 'x1000c1s7b3n0'; // groups: all
const LOOPBACK_NODE = 'x1000c1s7b4n0'; // only in the app without trusted proxies: the node at 127.0.0.1
const ip = (i: number) => `172.16.0.${i}`;
const nic = (i: number, addr = ip(i)) => [{ mac: `de:ad:be:ef:00:0${i}`, ips: [{ ip: addr }] }];
const inventory = {
  nodes: [
    { xname: N1, nid: 1, groups: ['all', 'compute'], interfaces: nic(1) },
    { xname: N2, nid: 2, groups: ['all', 'compute'], interfaces: nic(2) },
    { xname: N3, nid: 3, groups: ['all'], interfaces: nic(3) },
  ],
};
const entry = (userdata: object, metadata: object = {}) => ({ 'cloud-init': { userdata, metadata } });

interface RawAnswer {
  status: number;
  /** [name, value] in wire order, names as sent; Date's value blanked (it is the clock, not the answer). */
  headers: [string, string][];
  body: Buffer;
}

/** One GET on its own connection, read without any client-side interpretation. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.push([res.rawHeaders[i], res.rawHeaders[i].toLowerCase() === 'date' ? '<date>' : res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode!, headers: h, body: Buffer.concat(chunks) });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

async function listen(t: TestApp): Promise<number> {
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  return (t.server.address() as AddressInfo).port;
}

describe.each(DATABASE_KINDS)('cloud-init fast path on %s', (kind) => {
  let t: TestApp;
  let port: number;
  let admin: string;
  let fast: NodeDataFastPath;
  const auth = () => ({ Authorization: `Bearer ${admin}` });
  /** A node's request through the trusted proxy 127.0.0.1, and how many of the calls the fast path answered. */
  const asNode = (path: string, from: string | undefined, extra: Record<string, string> = {}) =>
    rawGet(port, path, { 'X-Request-Id': 'req-1', ...(from === undefined ? {} : { 'X-Forwarded-For': from }), ...extra });
  const counted = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const before = fast.served;
    const out = await fn();
    return [out, fast.served - before];
  };
  /** A first request that nothing is cached for goes to the Nest route; the same again is the fast path's, identical. */
  const firstThenFast = async (path: string, from: string, extra: Record<string, string> = {}) => {
    const [nest, n1] = await counted(() => asNode(path, from, extra));
    const [cached, n2] = await counted(() => asNode(path, from, extra));
    expect([n1, n2]).toEqual([0, 1]);
    expect(cached).toEqual(nest);
    return nest;
  };
  /**
   * The Nest route's answer, asked for as /CLOUD-INIT/… (Express routes case-insensitively, the fast path
   * matches one spelling), against the fast path's answer to the same request: identical.
   */
  const nestVsFast = async (path: string, from: string, extra: Record<string, string> = {}) => {
    const [nest, n1] = await counted(() => asNode(path.replace(/^\/cloud-init\//, '/CLOUD-INIT/'), from, extra));
    const [cached, n2] = await counted(() => asNode(path, from, extra));
    expect([n1, n2]).toEqual([0, 1]);
    expect(cached).toEqual(nest);
    return nest;
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1', HWCTL_CLOUDINIT_CLUSTER_NAME: 'demo' });
    port = await listen(t);
    fast = t.app.get(NodeDataFastPath);
    admin = await t.token('admin');
    await request(t.server).post('/inventory/v1/load').set(auth()).send(inventory).expect(200);
    await request(t.server).put('/cloud-init/all').set(auth()).send(entry({ packages: ['curl'], ntp: { servers: ['10.0.0.1'] } }, { site: 'lab' })).expect(201);
    await request(t.server).put('/cloud-init/compute').set(auth()).send(entry({ packages: ['slurm-client'] })).expect(201);
    await request(t.server).put(`/cloud-init/${N1}`).set(auth()).send(entry({ runcmd: ['echo n1'] })).expect(201);
  });
  afterAll(() => t.close());

  it('answers the second request for a node from the fast path with the Nest answer’s exact bytes and headers', async () => {
    const ud = await firstThenFast('/cloud-init/user-data', ip(1));
    expect(ud.status).toBe(200);
    expect(ud.headers.map(([name]) => name)).toEqual(['X-Request-Id', 'Content-Type', 'ETag', 'Content-Length', 'Date', 'Connection']);
    expect(Object.fromEntries(ud.headers)).toMatchObject({ 'X-Request-Id': 'req-1', 'Content-Type': 'text/yaml; charset=utf-8', ETag: expect.stringMatching(/^W\/"/) });
    expect(ud.body.toString()).toMatch(/^#cloud-config\n[\s\S]*echo n1/);

    // meta-data was rendered with user-data, vendor-data needs only the cached node and data: both are hits at once.
    const md = await nestVsFast('/cloud-init/meta-data', ip(1));
    expect(md.body.toString()).toContain('cluster-name: demo');
    const vd = await nestVsFast('/cloud-init/vendor-data', ip(1), { Host: 'boot.example:27780' });
    expect(vd.body.toString()).toBe('#include\nhttp://boot.example:27780/cloud-init/all.yaml\nhttp://boot.example:27780/cloud-init/compute.yaml\n');
    expect(Object.fromEntries(vd.headers)['Content-Type']).toBe('text/plain; charset=utf-8');

    // The spellings Express routes to the same handler are served too, and without a client id the
    // fast path makes one as the access-log middleware does.
    for (const path of ['/cloud-init/user-data/', '/cloud-init/user-data?instance=1', '/cloud-init/user-data/?']) {
      const [res, n] = await counted(() => asNode(path, ip(1)));
      expect([n, res]).toEqual([1, ud]);
    }
    const [anon, n] = await counted(() => rawGet(port, '/cloud-init/user-data', { 'X-Forwarded-For': ip(1) }));
    expect(n).toBe(1);
    expect(Object.fromEntries(anon.headers)['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
    // supertest against app.getHttpServer() goes through the same wrapped listener.
    const [st, m] = await counted(() => request(t.server).get('/cloud-init/user-data').set('X-Forwarded-For', ip(1)));
    expect([m, st.status, st.text]).toEqual([1, 200, ud.body.toString()]);
  });

  it('serves the root layout (cloud-init ≥ v1.4) from the fast path too, identical to the Nest route and to /cloud-init', async () => {
    for (const doc of ['user-data', 'meta-data', 'vendor-data']) {
      const prefixed = await asNode(`/cloud-init/${doc}`, ip(2), { Host: 'h:1' }); // Nest or fast: compared above
      // /USER-DATA: Express routes case-insensitively to the root route, the fast path matches one spelling.
      const [nest, n1] = await counted(() => asNode(`/${doc.toUpperCase()}`, ip(2), { Host: 'h:1' }));
      const [fastRoot, n2] = await counted(() => asNode(`/${doc}`, ip(2), { Host: 'h:1' }));
      const [slash, n3] = await counted(() => asNode(`/${doc}/?x=1`, ip(2), { Host: 'h:1' }));
      expect([n1, n2, n3]).toEqual([0, 1, 1]);
      expect(nest.status).toBe(200);
      expect([fastRoot, slash, prefixed]).toEqual([nest, nest, nest]);
    }
    // Unknown address at the root: the Nest route's 422, never the fast path; the secure stage has no root alias.
    const [unknown, n] = await counted(() => asNode('/user-data', '10.9.9.9'));
    expect([n, unknown.status]).toEqual([0, 422]);
    expect((await asNode('/secure/user-data', ip(2))).status).toBe(404);
  });

  it('answers If-None-Match with the same 304 as Express', async () => {
    const ud = await asNode('/cloud-init/user-data', ip(2));
    const etag = Object.fromEntries(ud.headers).ETag;
    // With a Cache-Control request header the fast path leaves the decision to Express: the reference answer.
    const [viaNest, n1] = await counted(() => asNode('/cloud-init/user-data', ip(2), { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' }));
    const [viaFast, n2] = await counted(() => asNode('/cloud-init/user-data', ip(2), { 'If-None-Match': etag }));
    expect([n1, n2]).toEqual([0, 1]);
    expect(viaNest.status).toBe(304);
    expect(viaFast).toEqual(viaNest);
    expect(viaFast.headers.map(([name]) => name)).toEqual(['X-Request-Id', 'ETag', 'Date', 'Connection']);
    const [other, n3] = await counted(() => asNode('/cloud-init/user-data', ip(2), { 'If-None-Match': 'W/"0-x"' }));
    expect([n3, other]).toEqual([1, ud]);
  });

  it('gives an unknown address the 422 problem (never from the fast path), and never serves the secure stage', async () => {
    for (let i = 0; i < 2; i++) {
      const [res, n] = await counted(() => asNode('/cloud-init/user-data', '10.9.9.9'));
      expect([n, res.status, Object.fromEntries(res.headers)['Content-Type']]).toEqual([0, 422, 'application/problem+json; charset=utf-8']);
      expect(JSON.parse(res.body.toString())).toMatchObject({ status: 422, code: 'CLOUDINIT_UNKNOWN_NODE', detail: expect.stringContaining('10.9.9.9') });
    }
    await request(t.server).put('/cloud-init-secure/compute').set(auth()).send(entry({ write_files: [{ path: '/etc/munge/munge.key', content: 'c2VjcmV0' }] })).expect(201);
    const token = (await request(t.server).post(`/cloud-init/admin/node-tokens/${N1}`).set(auth()).expect(201)).body.token as string;
    const [, n] = await counted(async () => {
      for (let i = 0; i < 2; i++) expect((await asNode('/cloud-init-secure/user-data', ip(1), { Authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await asNode('/cloud-init-secure/user-data', ip(1))).status).toBe(401); // a warm cache opens nothing
    });
    expect(n).toBe(0);
  });

  it('finds the client by the same X-Forwarded-For rule on both paths: the right-most address not a trusted proxy', async () => {
    // The client wrote ip(1) itself; the proxy 127.0.0.1 appended ip(3), the address it saw.
    const spoofed = await nestVsFast('/cloud-init/user-data', `${ip(1)}, ${ip(3)}`);
    expect(spoofed).toEqual(await asNode('/cloud-init/user-data', ip(3)));
    expect(spoofed.body.toString()).not.toContain('echo n1');
    // A garbled header is no evidence: the peer 127.0.0.1 is the client, and no node.
    for (let i = 0; i < 2; i++) expect((await asNode('/cloud-init/user-data', `${ip(1)}, not-an-ip`)).status).toBe(422);
  });

  it('shows an inventory change or a cloud-init write in the very next answer (the fast path misses until Nest re-renders)', async () => {
    const before = await nestVsFast('/cloud-init/user-data', ip(3));
    expect(before.body.toString()).toContain('curl');
    expect(before.body.toString()).not.toContain('slurm-client');

    // Group membership (inventory.changed): N3 joins compute.
    await request(t.server).post('/hsm/v2/groups/compute/members').set(auth()).send({ id: N3 }).expect(201);
    const vd = await firstThenFast('/cloud-init/vendor-data', ip(3), { Host: 'h:1' });
    expect(vd.body.toString()).toBe('#include\nhttp://h:1/cloud-init/all.yaml\nhttp://h:1/cloud-init/compute.yaml\n');
    const joined = await firstThenFast('/cloud-init/user-data', ip(3));
    expect(joined.body.toString()).toContain('slurm-client');

    // A cloud-init entry write (the admin service drops the data cache).
    await request(t.server).put('/cloud-init/compute').set(auth()).send(entry({ packages: ['slurm-client', 'munge'] })).expect(200);
    const written = await firstThenFast('/cloud-init/user-data', ip(3));
    expect(written.body.toString()).toContain('munge');
    await request(t.server).post('/cloud-init/admin/cluster-defaults').set(auth()).send({ 'base-url': 'http://10.0.0.254:27780/cloud-init' }).expect(201);
    expect((await firstThenFast('/cloud-init/vendor-data', ip(3), { Host: 'h:1' })).body.toString()).toBe(
      '#include\nhttp://10.0.0.254:27780/cloud-init/all.yaml\nhttp://10.0.0.254:27780/cloud-init/compute.yaml\n',
    );

    // An address change: the old address is no node's at once, the new one is N3's.
    await request(t.server).patch('/hsm/v2/Inventory/EthernetInterfaces/deadbeef0003').set(auth()).send({ IPAddresses: [{ IPAddress: '172.16.9.3' }] }).expect(200);
    const [gone, n] = await counted(() => asNode('/cloud-init/user-data', ip(3)));
    expect([n, gone.status]).toEqual([0, 422]);
    expect(await firstThenFast('/cloud-init/user-data', '172.16.9.3')).toEqual(written);
  });
});

describe.each(DATABASE_KINDS)('cloud-init fast path without trusted proxies on %s', (kind) => {
  let t: TestApp;
  let port: number;
  let fast: NodeDataFastPath;

  beforeAll(async () => {
    t = await startTestApp(kind);
    port = await listen(t);
    fast = t.app.get(NodeDataFastPath);
    const admin = { Authorization: `Bearer ${await t.token('admin')}` };
    const nodes = [...inventory.nodes, { xname: LOOPBACK_NODE, nid: 4, groups: ['all'], interfaces: nic(4, '127.0.0.1') }];
    await request(t.server).post('/inventory/v1/load').set(admin).send({ nodes }).expect(200);
    await request(t.server).put(`/cloud-init/${LOOPBACK_NODE}`).set(admin).send(entry({ runcmd: ['echo loopback'] })).expect(201);
    await request(t.server).put(`/cloud-init/${N1}`).set(admin).send(entry({ runcmd: ['echo n1'] })).expect(201);
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For from an untrusted peer on both paths: the peer is the node', async () => {
    const get = (xff?: string) => rawGet(port, '/cloud-init/user-data', { 'X-Request-Id': 'r', ...(xff ? { 'X-Forwarded-For': xff } : {}) });
    const before = fast.served;
    const nest = await get(ip(1)); // claims to be N1
    const cached = await get(ip(1));
    expect(fast.served - before).toBe(1);
    expect(cached).toEqual(nest);
    expect(nest.status).toBe(200);
    expect(nest.body.toString()).toContain('echo loopback');
    expect(nest.body.toString()).not.toContain('echo n1');
    expect(await get()).toEqual(nest);
  });
});
