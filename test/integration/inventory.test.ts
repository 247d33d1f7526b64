import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { INVENTORY_CHANGED, InventoryChangedEvent } from '../../src/inventory/inventory-events';
import { DATABASE_KINDS } from '../helpers/databases';
import { bmcMac, nodeMac, seedCluster } from '../helpers/seed-cluster';
import { startTestApp, TestApp } from '../helpers/test-app';

// Acceptance of issue #2 on SQLite AND PostgreSQL: the seeds' 9-node cluster, SMD lookups,
// errors as RFC 7807 problems, auth, and write-only BMC passwords.
describe.each(DATABASE_KINDS)('inventory on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  const events: InventoryChangedEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.token('admin');
    t.app.get(EventEmitter2).on(INVENTORY_CHANGED, (e: InventoryChangedEvent) => events.push(e));
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, token = admin) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);
  const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown, token = admin) => {
    const r = request(t.server)[method](path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? r : r.send(body as object);
  };

  it('loads the seeds 9-node cluster in one request', async () => {
    const res = await send('post', '/inventory/v1/load', seedCluster()).expect(200);
    expect(res.body).toEqual({ bmcs: 9, nodes: 9, interfaces: 18, groups: 1 });
    expect(events.at(-1)!.changes.map((c) => c.kind)).toEqual(
      expect.arrayContaining(['component', 'redfishEndpoint', 'ethernetInterface', 'group']),
    );
  });

  it('has 18 components with the right Types and NIDs', async () => {
    const res = await get('/hsm/v2/State/Components').expect(200);
    const comps = res.body.Components as any[];
    expect(comps).toHaveLength(18);
    expect(comps.filter((c) => c.Type === 'NodeBMC').map((c) => c.ID).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `x1000c1s7b${i}`));
    const nodes = comps.filter((c) => c.Type === 'Node');
    expect(nodes.map((c) => [c.ID, c.NID])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [`x1000c1s7b${i}n0`, i]));
    expect(nodes.every((n) => n.State === 'On' && n.Role === 'Compute' && n.Enabled === true)).toBe(true);
  });

  it('finds interfaces by MAC (any spelling) and by component', async () => {
    const byMac = await get(`/hsm/v2/Inventory/EthernetInterfaces?MACAddress=${nodeMac(4).toUpperCase().replace(/:/g, '-')}`).expect(200);
    expect(byMac.body).toEqual([
      expect.objectContaining({
        ID: nodeMac(4).replace(/:/g, ''),
        MACAddress: nodeMac(4),
        ComponentID: 'x1000c1s7b4n0',
        Type: 'Node',
        IPAddresses: [{ IPAddress: '172.16.0.4', Network: 'management' }],
      }),
    ]);
    const byComp = await get('/hsm/v2/Inventory/EthernetInterfaces?componentid=x1000c1s7b7').expect(200);
    expect(byComp.body.map((e: any) => e.MACAddress)).toEqual([bmcMac(7)]);
    const byIp = await get('/hsm/v2/Inventory/EthernetInterfaces?IPAddress=172.16.0.9').expect(200);
    expect(byIp.body.map((e: any) => e.ComponentID)).toEqual(['x1000c1s7b9n0']);
  });

  it('shows the compute group with 9 members and each node membership', async () => {
    const g = await get('/hsm/v2/groups/compute').expect(200);
    expect(g.body.members.ids).toHaveLength(9);
    const m = await get('/hsm/v2/memberships/x1000c1s7b3n0').expect(200);
    expect(m.body).toEqual({ id: 'x1000c1s7b3n0', groupLabels: ['compute'], partitionName: '' });
    expect((await get('/hsm/v2/groups/labels').expect(200)).body).toEqual(['compute']);
    const inGroup = await get('/hsm/v2/State/Components?group=compute&nid_start=3&nid_end=5').expect(200);
    expect(inGroup.body.Components.map((c: any) => c.NID)).toEqual([3, 4, 5]);
  });

  it('filters like SMD: case-insensitive names and values, repeat = OR, ! = NOT', async () => {
    const or = await get('/hsm/v2/State/Components?TYPE=node&nid=2&NID=3').expect(200);
    expect(or.body.Components.map((c: any) => c.ID)).toEqual(['x1000c1s7b2n0', 'x1000c1s7b3n0']);
    const not = await get('/hsm/v2/State/Components?type=!NodeBMC&nid=!1').expect(200);
    expect(not.body.Components).toHaveLength(8);
    const only = await get('/hsm/v2/State/Components?id=x1000c1s7b1n0&stateonly=true').expect(200);
    expect(only.body.Components).toEqual([{ ID: 'x1000c1s7b1n0', Type: 'Node', State: 'On', Flag: 'OK' }]);
    const bad = await get('/hsm/v2/State/Components?colour=blue').expect(400);
    expect(bad.body.detail).toContain('colour');
    expect((await get('/hsm/v2/State/Components/ByNID/7').expect(200)).body.ID).toBe('x1000c1s7b7n0');
    const q = await send('post', '/hsm/v2/State/Components/Query', { ComponentIDs: ['x1000c1s7b1n0', 'X1000C1S7B2N0'] }).expect(200);
    expect(q.body.Components.map((c: any) => c.ID)).toEqual(['x1000c1s7b1n0', 'x1000c1s7b2n0']);
  });

  it('answers a duplicate MAC with a 409 problem', async () => {
    const res = await send('post', '/hsm/v2/Inventory/EthernetInterfaces', {
      MACAddress: nodeMac(1), ComponentID: 'x1000c1s7b1n0', IPAddresses: [{ IPAddress: '10.0.0.1' }],
    }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Conflict', status: 409 });
  });

  it('answers a bad xname with a 400 naming the field', async () => {
    const res = await send('post', '/hsm/v2/State/Components', { Components: [{ ID: 'x1000c1s7b1n0', State: 'On' }, { ID: 'y99', State: 'On' }] }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain('Components[1].ID');
    expect(res.body.errors[0].field).toBe('Components[1].ID');
    const comps = await get('/hsm/v2/State/Components').expect(200);
    expect(comps.body.Components).toHaveLength(18);
  });

  it('needs a token (401), the right scope (403), and rejects expired tokens', async () => {
    await request(t.server).get('/hsm/v2/State/Components').expect(401);
    await request(t.server).post('/hsm/v2/groups').send({ label: 'x' }).expect(401);
    const read = await t.token('read');
    const forbidden = await send('post', '/hsm/v2/groups', { label: 'x' }, read).expect(403);
    expect(forbidden.body.detail).toContain('write');
    await get('/hsm/v2/State/Components', read).expect(200);
    const expired = await t.token('admin', 0.001);
    await new Promise((r) => setTimeout(r, 1100));
    await get('/hsm/v2/State/Components', expired).expect(401);
    await get('/hsm/v2/State/Components', 'not.a.token').expect(401);
    await request(t.server).get('/hsm/v2/service/liveness').expect(204);
    expect((await request(t.server).get('/hsm/v2/service/ready').expect(200)).body).toEqual({ code: 0, message: 'HSM is healthy' });
    expect((await request(t.server).get('/health').expect(200)).body.status).toBe('ok');
  });

  it('stores BMC passwords encrypted and never returns or logs them', async () => {
    const secret = 'Tr0ub4dor&3-unique';
    await send('patch', '/hsm/v2/Inventory/RedfishEndpoints/x1000c1s7b1', { User: 'admin', Password: secret }).expect(200);
    await send('post', '/hsm/v2/Inventory/RedfishEndpoints', { ID: 'x3000c0s1b0', FQDN: '10.1.0.1', User: 'root', Password: secret }).expect(201);
    const all = [
      await get('/hsm/v2/Inventory/RedfishEndpoints'),
      await get('/hsm/v2/Inventory/RedfishEndpoints/x1000c1s7b1'),
      await get('/hsm/v2/Inventory/RedfishEndpoints/x3000c0s1b0'),
      await get('/hsm/v2/Inventory/ComponentEndpoints'),
    ];
    for (const r of all) {
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(secret);
      expect(r.text).not.toContain('Password');
    }
    expect(all[1].body.User).toBe('admin');
    const stored = await t.app.get(DataSource).query(`SELECT password_sealed FROM redfish_endpoints WHERE id = 'x3000c0s1b0'`);
    expect(stored[0].password_sealed).toMatch(/^v1:/);
    expect(stored[0].password_sealed).not.toContain(secret);
    expect(t.logger.lines.join('\n')).not.toContain(secret);
  });

  it('creates BMC, nodes, component endpoints and NICs from a magellan payload (SchemaVersion 1)', async () => {
    const payload = magellanPayload('x3000c0s5b0', '10.1.0.5', 5);
    const res = await send('post', '/hsm/v2/Inventory/RedfishEndpoints', payload).expect(201);
    expect(res.body).toEqual([{ URI: '/hsm/v2/Inventory/RedfishEndpoints/x3000c0s5b0' }]);
    expect(res.headers.location).toBe('/hsm/v2/Inventory/RedfishEndpoints/x3000c0s5b0');
    const comps = (await get('/hsm/v2/State/Components?id=x3000c0s5b0&id=x3000c0s5b0n0&id=x3000c0s5b0n1').expect(200)).body.Components;
    expect(comps.map((c: any) => [c.ID, c.Type, c.State])).toEqual([
      ['x3000c0s5b0', 'NodeBMC', 'Ready'],
      ['x3000c0s5b0n0', 'Node', 'On'],
      ['x3000c0s5b0n1', 'Node', 'Off'],
    ]);
    // NIDs do not restart at 1 per BMC (SMD's quirk): they follow the default NID formula.
    expect(comps[1].NID).toBe((3000 + 1) * 16384 + 0 * 2048 + 5 * 32 + 0 + 0);
    const ces = (await get('/hsm/v2/Inventory/ComponentEndpoints?redfish_ep=x3000c0s5b0').expect(200)).body.ComponentEndpoints;
    expect(ces.map((c: any) => c.ID)).toEqual(['x3000c0s5b0', 'x3000c0s5b0n0', 'x3000c0s5b0n1']);
    expect(ces[1].RedfishSystemInfo.Actions['#ComputerSystem.Reset']).toEqual({
      'ResetType@Redfish.AllowableValues': ['On', 'ForceOff', 'ForceRestart'],
      target: '/redfish/v1/Systems/Node0/Actions/ComputerSystem.Reset',
    });
    expect(ces[1].RedfishURL).toBe('10.1.0.5/redfish/v1/Systems/Node0');
    const noIp = (await get('/hsm/v2/Inventory/EthernetInterfaces?MACAddress=02:00:05:00:01:02').expect(200)).body;
    expect(noIp).toEqual([expect.objectContaining({ ComponentID: 'x3000c0s5b0n1', IPAddresses: [] })]);
    const ep = (await get('/hsm/v2/Inventory/RedfishEndpoints/x3000c0s5b0').expect(200)).body;
    expect(ep.DiscoveryInfo.LastDiscoveryStatus).toBe('DiscoverOK');

    // A second BMC gets its own NIDs (never n0 → 1 again) and a duplicate MAC is all-or-nothing.
    const dup = magellanPayload('x3000c0s6b0', '10.1.0.6', 5);
    await send('post', '/hsm/v2/Inventory/RedfishEndpoints', dup).expect(409);
    expect((await get('/hsm/v2/Inventory/RedfishEndpoints?id=x3000c0s6b0').expect(200)).body.RedfishEndpoints).toEqual([]);
    expect((await get('/hsm/v2/State/Components?id=x3000c0s6b0n0').expect(200)).body.Components).toEqual([]);
    // PUT forces the update through: the NICs move to the new BMC.
    await send('put', '/hsm/v2/Inventory/RedfishEndpoints/x3000c0s6b0', dup).expect(200);
    const moved = (await get('/hsm/v2/Inventory/EthernetInterfaces?MACAddress=02:00:05:00:01:01').expect(200)).body;
    expect(moved[0].ComponentID).toBe('x3000c0s6b0n0');
  });

  it('cascades a RedfishEndpoint delete to its ComponentEndpoints', async () => {
    expect((await send('delete', '/hsm/v2/Inventory/RedfishEndpoints/x3000c0s5b0').expect(200)).body).toEqual({ code: 0, message: 'deleted 1 entry' });
    expect((await get('/hsm/v2/Inventory/ComponentEndpoints?redfish_ep=x3000c0s5b0').expect(200)).body.ComponentEndpoints).toEqual([]);
    await get('/hsm/v2/Inventory/ComponentEndpoints/x3000c0s5b0n0').expect(404);
    const gone = await get('/hsm/v2/Inventory/RedfishEndpoints/x3000c0s5b0').expect(404);
    expect(gone.body.detail).toBe('no such xname.');
  });

  it('manages groups, members and exclusive groups', async () => {
    await send('post', '/hsm/v2/groups', { label: 'Blue', description: 'd', tags: ['Gpu'], exclusiveGroup: 'colour', members: { ids: ['x1000c1s7b1n0'] } }).expect(201);
    await send('post', '/hsm/v2/groups', { label: 'red', exclusiveGroup: 'colour' }).expect(201);
    await send('post', '/hsm/v2/groups/red/members', { id: 'x1000c1s7b1n0' }).expect(409);
    await send('post', '/hsm/v2/groups/red/members', { id: 'x1000c1s7b2n0' }).expect(201);
    await send('post', '/hsm/v2/groups', { label: 'blue' }).expect(409);
    await send('post', '/hsm/v2/groups', { label: 'bad label!' }).expect(400);
    expect((await get('/hsm/v2/groups?tag=gpu').expect(200)).body.map((g: any) => g.label)).toEqual(['blue']);
    await send('patch', '/hsm/v2/groups/blue', { description: 'new' }).expect(204);
    expect((await get('/hsm/v2/memberships/x1000c1s7b1n0').expect(200)).body.groupLabels).toEqual(['compute', 'blue']);
    await send('delete', '/hsm/v2/groups/blue/members/x1000c1s7b1n0').expect(200);
    await send('delete', '/hsm/v2/groups/blue').expect(200);
    await send('delete', '/hsm/v2/groups/red').expect(200);
    await get('/hsm/v2/memberships/x9999c0s0b0n0').expect(404);
  });

  it('patches component sub-resources and bulk NIDs', async () => {
    await send('patch', '/hsm/v2/State/Components/x1000c1s7b9n0/StateData', { State: 'off' }).expect(204);
    await send('patch', '/hsm/v2/State/Components/BulkEnabled', { ComponentIDs: ['x1000c1s7b8n0'], Enabled: false }).expect(204);
    await send('patch', '/hsm/v2/State/Components/x1000c1s7b9n0/StateData', { State: 'Sideways' }).expect(400);
    const c9 = (await get('/hsm/v2/State/Components/x1000c1s7b9n0').expect(200)).body;
    expect(c9.State).toBe('Off');
    expect((await get('/hsm/v2/State/Components/x1000c1s7b8n0').expect(200)).body.Enabled).toBe(false);
    await send('patch', '/hsm/v2/State/Components/x1000c9s9b9n9/NID', { NID: 5 }).expect(404);
  });
});

function magellanPayload(bmc: string, ip: string, seed: number) {
  const base = `https://${ip}:443`;
  const mac = (a: number, b: number) => `02:00:0${seed}:00:0${a}:0${b}`.toUpperCase();
  return {
    ID: bmc, Type: '', Name: '', FQDN: ip, User: 'admin', Password: 'pw', MACRequired: true, RediscoverOnUpdate: false,
    SchemaVersion: 1, MACAddr: mac(0, 1),
    Managers: [{
      uri: `${base}/redfish/v1/Managers/BMC`, uuid: `m-${seed}`, name: 'Manager', model: 'sim', type: 'BMC', firmware_version: '1',
      ethernet_interfaces: [{ uri: `${base}/redfish/v1/Managers/BMC/EthernetInterfaces/eth0`, mac: mac(0, 1), ip, name: 'eth0', description: '', enabled: true }],
      serial_console: null, command_shell: ['SSH'],
    }],
    Systems: [
      {
        uri: `${base}/redfish/v1/Systems/Node0`, uuid: `s0-${seed}`, manufacturer: 'x', system_type: 'Physical', name: 'Node0',
        ethernet_interfaces: [{ uri: `${base}/redfish/v1/Systems/Node0/EthernetInterfaces/0`, mac: mac(1, 1), ip: '10.2.0.1' }],
        actions: ['On', 'ForceOff', 'ForceRestart'], power: { state: 'On' },
      },
      {
        uri: `${base}/redfish/v1/Systems/Node1`, uuid: `s1-${seed}`, system_type: 'Physical', name: 'Node1',
        ethernet_interfaces: [{ uri: `${base}/redfish/v1/Systems/Node1/EthernetInterfaces/0`, mac: mac(1, 2), ip: '' }],
        actions: ['On'], power: { state: 'Off' },
      },
      { uri: `${base}/redfish/v1/Systems/Node0`, uuid: `s0-${seed}`, name: 'duplicate listing of Node0' },
    ],
  };
}
