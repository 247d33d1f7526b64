import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathKey } from './redfish-json';
import { RedfishTransport } from './redfish-transport';
import { walkBmc } from './redfish-walk';
import { BmcInventory } from './redfish-walk.types';

/**
 * The host-NIC fallbacks of the walk against small JSON trees (fixtures/*.json: path → resource, or
 * {"$status": n}), served over plain HTTP with the case- and slash-insensitive lookup of HPE iLO. Every GET
 * is counted, so the tests also pin down what is NOT fetched.
 */
async function serve(fixture: string): Promise<{ port: number; gets: Map<string, number>; close(): Promise<void> }> {
  const tree = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', fixture), 'utf8')) as Record<string, Record<string, unknown>>;
  const byKey = new Map(Object.entries(tree).map(([p, v]) => [pathKey(p), v]));
  const gets = new Map<string, number>();
  const s = http.createServer((req, res) => {
    const key = pathKey((req.url ?? '/').replace(/\?.*$/, ''));
    gets.set(key, (gets.get(key) ?? 0) + 1);
    const body = byKey.get(key);
    const status = body === undefined ? 404 : typeof body.$status === 'number' ? body.$status : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? body : { error: { code: 'Base.1.8.ResourceMissingAtURI', message: `${req.url} not found` } }));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    port: (s.address() as AddressInfo).port,
    gets,
    close: () =>
      new Promise((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

describe('walk: host NICs from NetworkInterfaces (DSP0268 NetworkInterface → adapter ports / NetworkDeviceFunctions)', () => {
  const transport = new RedfishTransport({ retries: 0, requestTimeoutMs: 2000 });
  afterAll(() => transport.close());

  async function walk(fixture: string): Promise<{ inv: BmcInventory; gets: Map<string, number> }> {
    const s = await serve(fixture);
    try {
      const inv = await transport.with({ host: '127.0.0.1', port: s.port, scheme: 'http', credentials: { username: 'u', password: 'p' } }, (c) => walkBmc(c, { address: '127.0.0.1', port: s.port }));
      return { inv, gets: s.gets };
    } finally {
      await s.close();
    }
  }
  const count = (gets: Map<string, number>, p: string) => gets.get(pathKey(p)) ?? 0;

  it('reads NetworkDeviceFunctions when neither EthernetInterfaces nor adapter ports name a MAC', async () => {
    const { inv, gets } = await walk('ni-device-functions.json');
    const [s] = inv.systems;
    expect(s.nicSource).toBe('network-interfaces');
    // Dashes and upper case normalised; "Disabled" function 2 dropped; function 3 falls back to its permanent
    // MAC (Cisco dotted form); function 4 is kept but marked disabled.
    expect(s.nics.map((n) => [n.id, n.mac, n.enabled])).toEqual([
      ['1', 'aa:bb:cc:00:11:22', true],
      ['3', 'aa:bb:cc:00:11:24', undefined],
      ['4', 'aa:bb:cc:00:11:25', false],
    ]);
    expect(s.nics[0].path).toBe('/redfish/v1/Chassis/1/NetworkAdapters/A1/NetworkDeviceFunctions/1');
    // 404 links are warnings, not failures.
    expect(inv.warnings.map((w) => w.path).sort()).toEqual(['/redfish/v1/Chassis/1/NetworkAdapters/A1/NetworkDeviceFunctions/5', '/redfish/v1/Chassis/2/NetworkAdapters/Gone']);
    // The adapter and its ports were read once, through the chassis; NI 1 does not read them again.
    expect(count(gets, '/redfish/v1/Chassis/1/NetworkAdapters/A1')).toBe(1);
    expect(count(gets, '/redfish/v1/Chassis/1/NetworkAdapters/A1/Ports')).toBe(1);
    expect(count(gets, '/redfish/v1/Chassis/2/NetworkAdapters/Gone')).toBe(1);
  });

  it('prefers the ports of the interface\'s adapter and then never fetches its NetworkDeviceFunctions', async () => {
    const { inv, gets } = await walk('ni-adapter-ports.json');
    const [s] = inv.systems;
    expect(s.nicSource).toBe('network-interfaces');
    expect(s.nics.map((n) => [n.id, n.mac, n.linkUp])).toEqual([
      ['1', '94:40:c9:6a:42:da', false],
      ['2', '94:40:c9:6a:42:db', true],
    ]);
    expect(inv.warnings).toEqual([]);
    // Two interfaces, one adapter (linked with another case and a trailing slash): one GET each.
    expect(count(gets, '/redfish/v1/Chassis/1/NetworkAdapters/DC')).toBe(1);
    expect(count(gets, '/redfish/v1/Chassis/1/NetworkAdapters/DC/NetworkPorts')).toBe(1);
    expect(count(gets, '/redfish/v1/Chassis/1/NetworkAdapters/DC/NetworkDeviceFunctions')).toBe(0);
    expect(count(gets, '/redfish/v1/Chassis/1/NetworkAdapters/DC/NetworkDeviceFunctions/3')).toBe(0);
  });

  it('does not read NetworkInterfaces when EthernetInterfaces or chassis adapters already give MACs', async () => {
    const { inv, gets } = await walk('ni-not-needed.json');
    expect(inv.systems.map((s) => [s.id, s.nicSource, s.nics.map((n) => n.mac)])).toEqual([
      ['A', 'ethernet-interfaces', ['02:00:00:00:0a:01']],
      ['B', 'network-adapters', ['02:00:00:00:0b:01']],
    ]);
    expect(count(gets, '/redfish/v1/Systems/A/NetworkInterfaces')).toBe(0);
    expect(count(gets, '/redfish/v1/Systems/B/NetworkInterfaces')).toBe(0);
  });
});
