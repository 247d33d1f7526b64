import request from 'supertest';
import { DATABASE_KINDS } from '../helpers/databases';
import { seedCluster } from '../helpers/seed-cluster';
import { startTestApp, TestApp } from '../helpers/test-app';

// "Bad input gets a clear error and loses nothing": every mutating route is sent malformed JSON,
// wrong types, unknown fields and an oversize body. Each must be a 4xx RFC 7807 problem, and a
// dump of the whole inventory must be identical before and after.
type Method = 'post' | 'put' | 'patch';
const ROUTES: { method: Method; path: string; wrongTypes: unknown; unknownField: unknown }[] = [
  { method: 'post', path: '/hsm/v2/State/Components', wrongTypes: { Components: 'x' }, unknownField: { Components: [{ ID: 'x1000c1s7b1n0', State: 'On', Colour: 'blue' }] } },
  { method: 'put', path: '/hsm/v2/State/Components/x1000c1s7b1n0', wrongTypes: { Component: { ID: 5, State: true } }, unknownField: { Component: { ID: 'x1000c1s7b1n0', State: 'On' }, Extra: 1 } },
  { method: 'patch', path: '/hsm/v2/State/Components/x1000c1s7b1n0/StateData', wrongTypes: { State: 7 }, unknownField: { State: 'On', Bogus: true } },
  { method: 'patch', path: '/hsm/v2/State/Components/x1000c1s7b1n0/NID', wrongTypes: { NID: 'one' }, unknownField: { NID: 3, X: 1 } },
  { method: 'patch', path: '/hsm/v2/State/Components/BulkNID', wrongTypes: { Components: [{ ID: 'x1000c1s7b1n0', NID: -1 }] }, unknownField: { Components: [], Y: 1 } },
  { method: 'post', path: '/hsm/v2/State/Components/Query', wrongTypes: { ComponentIDs: [1, 2] }, unknownField: { ComponentIDs: [], Z: 1 } },
  { method: 'post', path: '/hsm/v2/Inventory/RedfishEndpoints', wrongTypes: { FQDN: 42, ID: 'x3000c0s1b0' }, unknownField: { ID: 'x3000c0s1b0', FQDN: '10.0.0.1', Secret: 'x' } },
  { method: 'put', path: '/hsm/v2/Inventory/RedfishEndpoints/x1000c1s7b1', wrongTypes: { Enabled: 'yes' }, unknownField: { FQDN: '10.0.0.1', Unknown: 1 } },
  { method: 'patch', path: '/hsm/v2/Inventory/RedfishEndpoints/x1000c1s7b1', wrongTypes: { Enabled: 'yes' }, unknownField: { Nope: 1 } },
  { method: 'post', path: '/hsm/v2/Inventory/EthernetInterfaces', wrongTypes: { MACAddress: 1234 }, unknownField: { MACAddress: 'aa:bb:cc:dd:ee:ff', Speed: 100 } },
  { method: 'patch', path: `/hsm/v2/Inventory/EthernetInterfaces/deadbeef0001`, wrongTypes: { IPAddresses: 'x' }, unknownField: { Speed: 1 } },
  { method: 'post', path: '/hsm/v2/groups', wrongTypes: { label: ['a'] }, unknownField: { label: 'new', colour: 'red' } },
  { method: 'patch', path: '/hsm/v2/groups/compute', wrongTypes: { tags: 'a' }, unknownField: { owner: 'me' } },
  { method: 'post', path: '/hsm/v2/groups/compute/members', wrongTypes: { id: 5 }, unknownField: { id: 'x1000c1s7b1n0', extra: 1 } },
  { method: 'put', path: '/hsm/v2/groups/compute/members', wrongTypes: { ids: 'x' }, unknownField: { ids: [], extra: 1 } },
  { method: 'post', path: '/inventory/v1/load', wrongTypes: { nodes: [{ xname: 'x1000c1s7b1n0', nid: 'one' }] }, unknownField: { nodes: [], racks: [] } },
];

describe.each(DATABASE_KINDS)('bad input on %s', (kind) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    token = await t.token('admin');
    await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${token}`).send(seedCluster()).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const dump = async () => {
    const paths = ['/hsm/v2/State/Components', '/hsm/v2/Inventory/RedfishEndpoints', '/hsm/v2/Inventory/ComponentEndpoints', '/hsm/v2/Inventory/EthernetInterfaces', '/hsm/v2/groups'];
    const out: unknown[] = [];
    for (const p of paths) out.push((await request(t.server).get(p).set('Authorization', `Bearer ${token}`).expect(200)).body);
    return JSON.stringify(out, (k, v) => (k === 'LastUpdate' ? undefined : v));
  };

  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', status });
    expect(typeof res.body.detail).toBe('string');
    expect(res.body.detail.length).toBeGreaterThan(0);
  };

  describe.each(ROUTES)('$method $path', ({ method, path, wrongTypes, unknownField }) => {
    const call = () => request(t.server)[method](path).set('Authorization', `Bearer ${token}`);

    it('rejects malformed JSON with 400 and keeps the data', async () => {
      const before = await dump();
      const res = await call().set('Content-Type', 'application/json').send('{"Components": [ {"ID": ');
      expectProblem(res, 400);
      expect(res.body.detail).toMatch(/malformed JSON/);
      expect(await dump()).toBe(before);
    });

    it('rejects wrong types with 400 naming the field and keeps the data', async () => {
      const before = await dump();
      const res = await call().send(wrongTypes as object);
      expectProblem(res, 400);
      const field = Object.keys(wrongTypes as object)[0];
      expect(res.body.detail).toContain(field);
      expect(await dump()).toBe(before);
    });

    it('rejects unknown fields with 400 naming them and keeps the data', async () => {
      const before = await dump();
      const res = await call().send(unknownField as object);
      expectProblem(res, 400);
      expect(res.body.detail).toMatch(/unknown field/);
      expect(await dump()).toBe(before);
    });

    it('rejects an oversize body with 413 and keeps the data', async () => {
      const before = await dump();
      const res = await call().set('Content-Type', 'application/json').send(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
      expectProblem(res, 413);
      expect(await dump()).toBe(before);
    });
  });

  it('rejects a load whose last record is bad without storing the good ones before it', async () => {
    const before = await dump();
    const body = seedCluster();
    body.nodes.push({ xname: 'x1000c1s7b9n1', name: 'nid010', nid: 10, groups: ['compute'], interfaces: [{ mac: 'zz:zz', ips: [] }] });
    body.nodes[0].groups = ['newgroup'];
    const res = await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${token}`).send(body);
    expectProblem(res, 400);
    expect(res.body.detail).toContain('nodes[9].interfaces[0].mac');
    expect(await dump()).toBe(before);
  });
});
