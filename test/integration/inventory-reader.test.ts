import request from 'supertest';
import { InventoryReader } from '../../src/inventory/inventory-reader';
import { DATABASE_KINDS } from '../helpers/databases';
import { nodeMac, seedCluster } from '../helpers/seed-cluster';
import { startTestApp, TestApp } from '../helpers/test-app';

describe.each(DATABASE_KINDS)('InventoryReader port on %s', (kind) => {
  let t: TestApp;
  let reader: InventoryReader;
  beforeAll(async () => {
    t = await startTestApp(kind);
    reader = t.app.get(InventoryReader);
    await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${await t.token()}`).send(seedCluster()).expect(200);
  });
  afterAll(() => t.close());

  it('finds a node by MAC, IP, NID and xname with its groups and NICs', async () => {
    const expected = {
      xname: 'x1000c1s7b3n0', type: 'Node', nid: 3, role: 'Compute', state: 'On', enabled: true, groups: ['compute'],
      interfaces: [{ mac: nodeMac(3), description: 'Interface 0 for nid003', ips: [{ ip: '172.16.0.3', network: 'management' }] }],
    };
    expect(await reader.getByMac(nodeMac(3).toUpperCase())).toEqual(expected);
    expect(await reader.getByIp('172.16.0.3')).toEqual(expected);
    expect(await reader.getByNid(3)).toEqual(expected);
    expect(await reader.getByXname('X1000C1S7B3N0')).toEqual(expected);
  });

  it('says "not found" as undefined, distinct from failure', async () => {
    expect(await reader.getByMac('02:00:00:00:00:99')).toBeUndefined();
    expect(await reader.getByMac('not-a-mac')).toBeUndefined();
    expect(await reader.getByIp('10.255.255.1')).toBeUndefined();
    expect(await reader.getByNid(999)).toBeUndefined();
  });

  it('gives a full snapshot', async () => {
    const all = await reader.snapshot();
    expect(all).toHaveLength(18);
    expect(all.filter((n) => n.type === 'Node').every((n) => n.interfaces.length === 1)).toBe(true);
  });
});
