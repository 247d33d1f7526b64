import request from 'supertest';
import { InventoryReader } from '../../src/inventory/inventory-reader';
import { DATABASE_KINDS } from '../helpers/databases';
import { startTestApp, TestApp } from '../helpers/test-app';

// A site-sized load (10,000 nodes under 2,500 BMCs) in ONE request must work on both databases:
// SQLite caps bound variables and expression depth, which naive bulk writes exceed.
describe.each(DATABASE_KINDS)('10k-node inventory load on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { HWCTL_HTTP_BODY_LIMIT: '16mb' });
  });
  afterAll(() => t.close());

  it('loads 10,000 nodes in one transaction and reads them back', async () => {
    const hex = (n: number) => n.toString(16).padStart(4, '0');
    const nodes = Array.from({ length: 10_000 }, (_, i) => ({
      xname: `x${1000 + Math.floor(i / 256)}c0s${Math.floor((i % 256) / 4)}b${0}n${i % 4}`,
      nid: i + 1,
      groups: ['compute', i % 2 ? 'odd' : 'even'],
      interfaces: [{ mac: `02:00:00:00:${hex(i).slice(0, 2)}:${hex(i).slice(2)}`, ips: [{ ip: `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}` }] }],
    }));
    const res = await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${await t.token()}`).send({ nodes });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ bmcs: 2500, nodes: 10000, interfaces: 10000, groups: 3 });
    const snap = await t.app.get(InventoryReader).snapshot();
    expect(snap.filter((n) => n.type === 'Node')).toHaveLength(10_000);
    expect(snap.find((n) => n.nid === 10_000)?.groups).toEqual(['compute', 'odd']);
  }, 120_000);
});
