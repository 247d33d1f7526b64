import request from 'supertest';
import { DATABASE_KINDS } from '../helpers/databases';
import { seedCluster } from '../helpers/seed-cluster';
import { startTestApp, TestApp } from '../helpers/test-app';

// /boot/v1/bootparameters on SQLite AND PostgreSQL: BSS status codes, bodies and headers
// (reference §3.1 and summary points 9–10), group targets, and bad input that stores nothing.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CLOUD_INIT = {
  'meta-data': null,
  'user-data': null,
  'phone-home': { pub_key_dsa: '', pub_key_rsa: '', pub_key_ecdsa: '', instance_id: '', hostname: '', fqdn: '' },
};

describe.each(DATABASE_KINDS)('/boot/v1/bootparameters on %s', (kind) => {
  let t: TestApp;
  let auth: string;
  const bp = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', query = '') => request(t.server)[method](`/boot/v1/bootparameters${query}`).set('Authorization', auth);
  const all = async () => (await bp('get').expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp(kind);
    auth = `Bearer ${await t.token('admin')}`;
    await request(t.server).post('/inventory/v1/load').set('Authorization', auth).send(seedCluster()).expect(200);
  });
  afterAll(() => t.close());

  it('starts empty', async () => {
    expect(await all()).toEqual([]);
  });

  it('POST stores new nodes: 201, empty body, BSS-Referral-Token; again → 400 duplicate', async () => {
    const body = { macs: ['DE:AD:BE:EF:00:01', 'de:ad:be:ef:00:02'], kernel: 'http://s/k', initrd: 'http://s/i', params: 'console=ttyS0' };
    const res = await bp('post').send(body).expect(201);
    expect(res.text).toBe('');
    expect(res.headers['bss-referral-token']).toMatch(UUID);
    const dup = await bp('post').send(body).expect(400);
    expect(dup.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(dup.body.detail).toMatch(/already exist for de:ad:be:ef:00:01, de:ad:be:ef:00:02/);
    // Lowercase keys, MACs stored lowercase, `cloud-init` always present (seeds/003 output).
    expect(await all()).toEqual([{ macs: ['de:ad:be:ef:00:01', 'de:ad:be:ef:00:02'], params: 'console=ttyS0', kernel: 'http://s/k', initrd: 'http://s/i', 'cloud-init': CLOUD_INIT }]);
  });

  it('POST uses one kind of key (hosts before macs before nids), as BSS does', async () => {
    await bp('post').send({ hosts: ['x1000c1s7b3n0'], nids: [3], kernel: 'http://s/k3' }).expect(201);
    await bp('get', '?nid=3').expect(404);
    expect((await bp('get', '?name=x1000c1s7b3n0').expect(200)).body).toEqual([{ hosts: ['x1000c1s7b3n0'], kernel: 'http://s/k3', 'cloud-init': CLOUD_INIT }]);
  });

  it('GET by mac/name/nid: comma lists and repeats, only the matched keys, 404 in BSS words', async () => {
    const res = await bp('get', '?mac=de:ad:be:ef:00:02,de:ad:be:ef:00:09&name=x1000c1s7b3n0').expect(200);
    expect(res.body).toEqual([
      { hosts: ['x1000c1s7b3n0'], kernel: 'http://s/k3', 'cloud-init': CLOUD_INIT },
      { macs: ['de:ad:be:ef:00:02'], params: 'console=ttyS0', kernel: 'http://s/k', initrd: 'http://s/i', 'cloud-init': CLOUD_INIT },
    ]);
    expect((await bp('get', '?mac=02:00:00:00:00:01').expect(404)).body).toMatchObject({ status: 404, title: 'Not Found', detail: 'Cannot find boot parameters for requested MACs' });
    expect((await bp('get', '?name=x9c0s0b0n0&mac=02:00:00:00:00:01&nid=77').expect(404)).body.detail).toBe(
      'Cannot find boot parameters for requested Hosts, MACs or NIDs',
    );
    expect((await bp('get', '?nid=abc').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'nid' })]);
  });

  it('PUT upserts (200 + token); on an existing node only the given fields change', async () => {
    const res = await bp('put').send({ macs: ['de:ad:be:ef:00:01', 'de:ad:be:ef:00:04'], params: 'quiet' }).expect(200);
    expect(res.headers['bss-referral-token']).toMatch(UUID);
    expect((await bp('get', '?mac=de:ad:be:ef:00:01,de:ad:be:ef:00:04').expect(200)).body).toEqual([
      { macs: ['de:ad:be:ef:00:01'], params: 'quiet', kernel: 'http://s/k', initrd: 'http://s/i', 'cloud-init': CLOUD_INIT },
      { macs: ['de:ad:be:ef:00:04'], params: 'quiet', 'cloud-init': CLOUD_INIT },
    ]);
  });

  it('PATCH changes existing nodes only: 200, or 404 naming the missing ones (nothing changed)', async () => {
    await bp('patch').send({ macs: ['de:ad:be:ef:00:04'], kernel: 'http://s/k4' }).expect(200);
    const miss = await bp('patch').send({ macs: ['de:ad:be:ef:00:04', 'de:ad:be:ef:00:08'], kernel: 'http://s/other' }).expect(404);
    expect(miss.body.detail).toBe('Not Found: no boot parameters for de:ad:be:ef:00:08');
    expect((await bp('get', '?mac=de:ad:be:ef:00:04').expect(200)).body[0].kernel).toBe('http://s/k4');
  });

  it('targets inventory groups through hosts (BSS boot groups); GET lists them under hosts', async () => {
    await bp('put').send({ hosts: ['Compute'], kernel: 'http://s/group-k' }).expect(200);
    expect((await bp('get', '?name=compute').expect(200)).body).toEqual([{ hosts: ['compute'], kernel: 'http://s/group-k', 'cloud-init': CLOUD_INIT }]);
  });

  it('DELETE by nodes or by configuration: 200', async () => {
    await bp('delete').send({ macs: ['de:ad:be:ef:00:04'] }).expect(200);
    await bp('get', '?mac=de:ad:be:ef:00:04').expect(404);
    await bp('delete').send({ kernel: 'http://s/k', initrd: 'http://s/i' }).expect(200);
    await bp('get', '?mac=de:ad:be:ef:00:01,de:ad:be:ef:00:02').expect(404);
    await bp('delete').send({ hosts: ['compute'] }).expect(200);
    expect(await all()).toEqual([{ hosts: ['x1000c1s7b3n0'], kernel: 'http://s/k3', 'cloud-init': CLOUD_INIT }]);
  });

  it('accepts the ochami CLI payload verbatim (cloud-init object included) and one 10k-MAC PUT', async () => {
    await bp('put').send({ nids: [7], kernel: 'http://s/k7', 'cloud-init': CLOUD_INIT }).expect(200);
    const macs = Array.from({ length: 10000 }, (_, i) => `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`);
    await bp('put').send({ macs, kernel: 'http://s/bulk' }).expect(200);
    const bulk = (await all()).find((e: { kernel?: string }) => e.kernel === 'http://s/bulk');
    expect(bulk.macs).toHaveLength(10000);
    await bp('delete').send({ macs }).expect(200);
  });

  it('bad input → 400 naming the field, and nothing is stored', async () => {
    const before = await all();
    const cases: [object, string][] = [
      [{ hosts: ['x1000c1s7b5n0'], macs: [], kernel: 'http://k', params: 'a\nkernel http://evil' }, 'params'],
      [{ hosts: ['x1000c1s7b5n0'], kernel: 'http://k evil' }, 'kernel'],
      [{ hosts: ['x1000c1s7b5n0', 'x1000c1s7b5'], kernel: 'http://k' }, 'hosts[1]'],
      [{ hosts: ['x1000c1s7b5n0', 'x1000c1s7b5q'], kernel: 'http://k' }, 'hosts[1]'],
      [{ hosts: ['no-such-group'], kernel: 'http://k' }, 'hosts[0]'],
      [{ macs: ['de:ad:be:ef:00:05', 'de:ad:be:ef:00'], kernel: 'http://k' }, 'macs[1]'],
      [{ nids: [5, 'six'], kernel: 'http://k' }, 'nids'],
      [{ nids: [0], kernel: 'http://k' }, 'nids'],
      [{ macs: ['de:ad:be:ef:00:05'], kernel: 'http://k', bogus: 1 }, 'bogus'],
      [{ macs: ['de:ad:be:ef:00:05'] }, 'kernel'],
      [{ kernel: 'http://k' }, 'hosts'],
    ];
    for (const [body, field] of cases) {
      for (const method of ['post', 'put'] as const) {
        const res = await bp(method).send(body);
        // POST without kernel/initrd/params is allowed by BSS; every other case is refused.
        if (method === 'post' && field === 'kernel') continue;
        expect({ method, body, status: res.status }).toEqual({ method, body, status: 400 });
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    }
    await bp('delete').send({ macs: ['de:ad:be:ef:00:05'] }).expect(200); // the one POST that may store
    await bp('delete').send({}).expect(400);
    await bp('patch').send({ macs: ['de:ad:be:ef:00:05'] }).expect(400);
    expect(await all()).toEqual(before);
  });

  it('needs a token to read and a write-scoped one to change; bootscript needs none', async () => {
    await request(t.server).get('/boot/v1/bootparameters').expect(401);
    const read = `Bearer ${await t.token('read')}`;
    await request(t.server).get('/boot/v1/bootparameters').set('Authorization', read).expect(200);
    await request(t.server).put('/boot/v1/bootparameters').set('Authorization', read).send({ nids: [8], kernel: 'http://k' }).expect(403);
    await request(t.server).get('/boot/v1/bootscript?nid=8').expect(200);
  });
});
