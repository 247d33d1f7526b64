/**
 * The DHCP module wired into the real app on SQLite AND PostgreSQL: the inventory snapshot and its
 * refresh on `inventory.changed`, pool leases in the database (shared by replicas), the status
 * counters. The server binds 127.0.0.1 on a free port (HWCTL_DHCP_BIND_ADDRESS) and is spoken to as
 * a relay agent from 127.0.0.5 on the same port — the real UDP path, on loopback only. Real DHCP
 * clients are in test/interop/dhcp-clients.test.ts.
 */
import * as dgram from 'node:dgram';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { DhcpLeasesRepository } from '../../src/dhcp/leases/dhcp-leases.repository';
import { PoolLeases } from '../../src/dhcp/leases/pool-leases.service';
import { BOOTREQUEST, decodeDhcpPacket, DhcpPacket, encodeDhcpPacket } from '../../src/protocols/dhcp';
import { DATABASE_KINDS } from '../helpers/databases';
import { freePort } from '../helpers/processes';
import { nodeMac, seedCluster } from '../helpers/seed-cluster';
import { startTestApp, TestApp } from '../helpers/test-app';

const RELAY = '127.0.0.5';
const POOL = ['127.0.0.100', '127.0.0.101', '127.0.0.102'];

describe.each(DATABASE_KINDS)('DHCP on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let port: number;
  let relay: dgram.Socket;
  let xid = 1;

  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp(kind, {
      HWCTL_DHCP_INTERFACE: 'lo',
      HWCTL_DHCP_BIND_ADDRESS: '127.0.0.1',
      HWCTL_DHCP_PORT: String(port),
      HWCTL_DHCP_DNS: '10.0.0.53',
      HWCTL_DHCP_DOMAIN: 'cluster.local',
      HWCTL_DHCP_UNKNOWN_POLICY: 'pool',
      HWCTL_DHCP_POOL: `${POOL[0]}-${POOL[2]}`,
      HWCTL_BOOT_ADVERTISE_URL: 'http://10.0.0.1:27780',
    });
    admin = await t.token('admin');
    await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${admin}`).send(seedCluster()).expect(200);
    await hostsReach(18); // 9 nodes + 9 BMCs
    relay = dgram.createSocket('udp4');
    await new Promise<void>((r) => relay.bind(port, RELAY, r));
  });
  beforeEach(async () => {
    await t.app.get(DataSource).query('DELETE FROM dhcp_leases');
  });
  afterAll(async () => {
    relay?.close();
    await t?.close();
  });

  const chaddr = (mac: string) => Buffer.concat([Buffer.from(mac.replace(/:/g, ''), 'hex'), Buffer.alloc(10)]);
  /** Sends as the relay agent and waits (≤ 1.5 s) for the reply with the same xid; undefined = no answer. */
  async function exchange(mac: string, options: [number, number[]][], extra: { ciaddr?: string } = {}): Promise<DhcpPacket | undefined> {
    const id = xid++;
    const pkt = encodeDhcpPacket({ op: BOOTREQUEST, xid: id, chaddr: chaddr(mac), giaddr: RELAY, ...extra, options: options.map(([c, v]) => [c, Buffer.from(v)]) });
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), 1_500);
      const onMessage = (buf: Buffer) => {
        const p = decodeDhcpPacket(buf);
        if (p.xid === id) done(p);
      };
      const done = (p: DhcpPacket | undefined) => {
        clearTimeout(timer);
        relay.off('message', onMessage);
        resolve(p);
      };
      relay.on('message', onMessage);
      relay.send(pkt, port, '127.0.0.1');
    });
  }
  /** RELEASE and DECLINE get no reply (RFC 2131 §4.3.3–4): send and return. */
  async function sendOnly(mac: string, options: [number, number[]][], extra: { ciaddr?: string } = {}): Promise<void> {
    const pkt = encodeDhcpPacket({ op: BOOTREQUEST, xid: xid++, chaddr: chaddr(mac), giaddr: RELAY, ...extra, options: options.map(([c, v]) => [c, Buffer.from(v)]) });
    await new Promise<void>((r) => relay.send(pkt, port, '127.0.0.1', () => r()));
  }
  const ip = (a: string) => a.split('.').map(Number);
  const discover = (mac: string, more: [number, number[]][] = []) => exchange(mac, [[53, [1]], ...more]);
  const requestFor = (mac: string, addr: string) => exchange(mac, [[53, [3]], [54, [127, 0, 0, 1]], [50, ip(addr)]]);
  const type = (p?: DhcpPacket) => p?.options.get(53)?.[0];
  const status = async () => (await request(t.server).get('/dhcp/v1/status').set('Authorization', `Bearer ${admin}`).expect(200)).body;
  /**
   * The snapshot reloads on `inventory.changed`, which is emitted after the commit, just before the
   * HTTP response; the reload itself finishes a few milliseconds later. Wait for it (bounded).
   */
  async function hostsReach(n: number): Promise<void> {
    for (let i = 0; i < 100 && (await status()).hosts !== n; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await status()).hosts).toBe(n);
  }
  const leases = () => t.app.get(DataSource).query('SELECT ip, mac, state FROM dhcp_leases ORDER BY ip');

  it('answers a known node from the inventory: address, hostname, boot file; the relay is its router', async () => {
    const offer = await discover(nodeMac(1), [[93, [0, 7]], [82, [1, 4, 0x70, 0x6f, 0x72, 0x74]]]);
    expect(type(offer)).toBe(2);
    expect(offer!.yiaddr).toBe('172.16.0.1');
    expect(offer!.giaddr).toBe(RELAY);
    expect(offer!.options.get(12)!.toString()).toBe('nid0001.cluster.local');
    expect(offer!.options.get(67)!.toString()).toBe('snponly.efi');
    expect(offer!.options.get(3)).toEqual(Buffer.from(ip(RELAY)));
    expect(offer!.options.get(6)).toEqual(Buffer.from([10, 0, 0, 53]));
    expect(offer!.options.get(82)).toEqual(Buffer.from([1, 4, 0x70, 0x6f, 0x72, 0x74])); // RFC 3046 echo
    const ack = await requestFor(nodeMac(1), '172.16.0.1');
    expect(type(ack)).toBe(5);
    const ipxe = await discover(nodeMac(1), [[77, [...Buffer.from('iPXE')]]]);
    expect(ipxe!.options.get(67)!.toString()).toBe(`http://10.0.0.1:27780/boot/v1/bootscript?mac=${nodeMac(1)}`);
    expect(await leases()).toEqual([]); // known nodes never touch the pool table
  });

  it('sees inventory changes at once (inventory.changed), without polling', async () => {
    const mac = '02:00:00:00:0a:01';
    expect((await discover(mac))!.yiaddr).toBe(POOL[0]); // unknown: pool
    const before = (await status()).hosts;
    await request(t.server)
      .post('/inventory/v1/load')
      .set('Authorization', `Bearer ${admin}`)
      .send({ nodes: [{ xname: 'x1000c1s7b9n1', nid: 91, interfaces: [{ mac, ips: [{ ip: '172.16.9.1' }] }] }] })
      .expect(200);
    await hostsReach(before + 1);
    const offer = await discover(mac);
    expect(offer!.yiaddr).toBe('172.16.9.1');
    expect(offer!.options.get(12)!.toString()).toBe('nid0091.cluster.local');
    // Its pool address is NAKed on renew and freed (coresmd bootloop behaviour).
    const renew = await exchange(mac, [[53, [3]]], { ciaddr: POOL[0] });
    expect(type(renew)).toBe(6);
    expect(await leases()).toEqual([]);
  });

  it('leases the pool to unknown MACs, one address each, persisted, and frees them on RELEASE', async () => {
    const [a, b] = ['02:00:00:00:0b:01', '02:00:00:00:0b:02'];
    const oa = await discover(a);
    const ob = await discover(b);
    expect([oa!.yiaddr, ob!.yiaddr]).toEqual([POOL[0], POOL[1]]);
    expect(oa!.options.get(51)!.readUInt32BE(0)).toBe(300);
    expect(oa!.options.has(12)).toBe(false);
    expect((await discover(a))!.yiaddr).toBe(POOL[0]); // the same address again
    expect(type(await requestFor(a, POOL[0]))).toBe(5);
    expect(type(await requestFor(a, POOL[1]))).toBe(6); // b's address: NAK
    expect(await leases()).toEqual([
      { ip: POOL[0], mac: a, state: 'bound' },
      { ip: POOL[1], mac: b, state: 'offered' },
    ]);
    await sendOnly(a, [[53, [7]], [54, [127, 0, 0, 1]]], { ciaddr: POOL[0] });
    await sendOnly(b, [[53, [7]], [54, [127, 0, 0, 1]]], { ciaddr: POOL[1] });
    for (let i = 0; i < 20 && (await leases()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await leases()).toEqual([]);
  });

  it('takes a declined address out of the pool and stays silent when the pool is exhausted', async () => {
    await sendOnly('02:00:00:00:0c:01', [[53, [4]], [54, [127, 0, 0, 1]], [50, ip(POOL[0])]]);
    for (let i = 0; i < 20 && (await leases()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await leases()).toEqual([{ ip: POOL[0], mac: null, state: 'declined' }]);
    expect((await discover('02:00:00:00:0c:02'))!.yiaddr).toBe(POOL[1]);
    expect((await discover('02:00:00:00:0c:03'))!.yiaddr).toBe(POOL[2]);
    const silentBefore = (await status()).counters.silent;
    expect(await discover('02:00:00:00:0c:04')).toBeUndefined();
    expect((await status()).counters.silent).toBe(silentBefore + 1);
  });

  it('replicas on one database never give a MAC two addresses nor an address two MACs', async () => {
    // A second data source and allocator on the same database stand in for another hwctld replica.
    const other = new DataSource(dataSourceOptions(t.config.database));
    await other.initialize();
    try {
      const mine = t.app.get(PoolLeases);
      const theirs = new PoolLeases(new DhcpLeasesRepository(other), t.config);
      const none = new Set<string>();
      const same = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? mine : theirs).offer('02:00:00:00:0d:01', none)));
      expect(new Set(same)).toEqual(new Set([POOL[0]]));
      const distinct = await Promise.all(['02:00:00:00:0d:02', '02:00:00:00:0d:03'].map((m, i) => (i ? mine : theirs).offer(m, none)));
      expect(new Set(distinct).size).toBe(2);
      const rows = await leases();
      expect(rows).toHaveLength(3);
      expect(new Set(rows.map((r: { mac: string }) => r.mac)).size).toBe(3);
    } finally {
      await other.destroy();
    }
  });

  it('counts malformed datagrams and drops them; status needs a token', async () => {
    const before = (await status()).counters;
    const bad = Buffer.concat([Buffer.from([1, 1, 6, 0]), Buffer.alloc(232), Buffer.from([0x63, 0x82, 0x53, 0x63, 53, 1, 1, 12, 99, 1])]);
    await new Promise<void>((r) => relay.send(bad, port, '127.0.0.1', () => r()));
    await new Promise<void>((r) => relay.send(Buffer.alloc(20), port, '127.0.0.1', () => r()));
    for (let i = 0; i < 20 && (await status()).counters.malformed < before.malformed + 2; i++) await new Promise((r) => setTimeout(r, 50));
    const after = (await status()).counters;
    expect(after.malformed).toBe(before.malformed + 2);
    expect(after.received).toBe(before.received + 2);
    const body = await status();
    expect(body).toMatchObject({ enabled: true, interface: 'lo', address: '127.0.0.1', port, unknownPolicy: 'pool' });
    await request(t.server).get('/dhcp/v1/status').expect(401);
  });
});
