/**
 * Change events across replicas (src/database/replica-events.ts): two apps on ONE PostgreSQL database,
 * writes through replica A, caches of replica B. Cache TTLs are 1 h, so only an event can explain what B
 * sees. Every wait is bounded and polls for state; nothing asserts on timing. On SQLite (one process by
 * construction) nothing listens.
 */
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Client, Notification } from 'pg';
import request from 'supertest';
import { ReplicaEvents } from '../../src/database/replica-events';
import { decodeReplicaMessage, REPLICA_EVENTS_CHANNEL, ReplicaMessage } from '../../src/database/replica-message';
import { DhcpHostTable } from '../../src/dhcp/hosts/dhcp-host-table';
import { INVENTORY_CHANGED, InventoryChangedEvent } from '../../src/inventory/inventory-events';
import { startTestApp, TestApp } from '../helpers/test-app';

const N1 = 'x1000c1s7b1n0';
const N2 = 'x1000c1s7b2n0';
const MAC1 = 'de:ad:be:ef:00:01';
const ENV = {
  HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1',
  HWCTL_CLOUDINIT_CACHE_TTL: '1h',
  HWCTL_BOOT_CACHE_TTL: '1h',
  HWCTL_BOOT_ADVERTISE_URL: 'http://172.16.0.254:27780',
};

/** Polls `probe` until it returns something other than undefined; fails after `ms` (no answer is an assertion). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('change events between replicas on postgres', () => {
  let a: TestApp;
  let b: TestApp;
  let authA: string;
  let authB: string;
  /** A third session: LISTENs like a replica (what was sent at all) and kills B's listener. */
  let spy: Client;
  const sent: ReplicaMessage[] = [];
  const heardByB: InventoryChangedEvent[] = [];

  const userDataOnB = (ip: string) => request(b.server).get('/cloud-init/user-data').set('X-Forwarded-For', ip);
  const nodeIn = (xname: string, i: number, ip: string) => ({
    xname,
    nid: i,
    groups: ['all'],
    interfaces: [{ mac: `de:ad:be:ef:00:${String(i).padStart(2, '0')}`, ips: [{ ip }] }],
  });

  beforeAll(async () => {
    a = await startTestApp('postgres', ENV);
    b = await startTestApp('postgres', ENV, { db: a.db });
    authA = `Bearer ${await a.token('admin')}`;
    authB = `Bearer ${await b.token('admin')}`;
    b.app.get(EventEmitter2).on(INVENTORY_CHANGED, (e: InventoryChangedEvent) => heardByB.push(e));
    spy = new Client({ connectionString: a.db.url });
    await spy.connect();
    spy.on('notification', (n: Notification) => {
      const m = n.payload === undefined ? undefined : decodeReplicaMessage(n.payload);
      if (m) sent.push(m);
    });
    await spy.query(`LISTEN ${REPLICA_EVENTS_CHANNEL}`);
    await request(a.server).post('/inventory/v1/load').set('Authorization', authA).send({ nodes: [nodeIn(N1, 1, '172.16.0.1')] }).expect(200);
    await request(a.server).put('/cloud-init/all').set('Authorization', authA).send({ 'cloud-init': { userdata: { runcmd: ['echo one'] } } }).expect(201);
  });
  afterAll(async () => {
    await spy?.end();
    await b?.close();
    await a?.close(); // A owns the database and drops it
  });

  it('listens on each replica with its own origin', () => {
    const [ra, rb] = [a.app.get(ReplicaEvents), b.app.get(ReplicaEvents)];
    expect(ra.enabled && rb.enabled).toBe(true);
    expect(ra.listenerPid).toEqual(expect.any(Number));
    expect(rb.listenerPid).toEqual(expect.any(Number));
    expect(ra.origin).not.toBe(rb.origin);
  });

  it('a NIC address changed through A is how B finds the node for cloud-init, within the 1 h cache TTL', async () => {
    // B builds its node index and renders N1 first, so a stale cache would keep answering the old address.
    await eventually('B to know N1 by 172.16.0.1', async () => ((await userDataOnB('172.16.0.1')).status === 200 ? true : undefined));
    const nic = MAC1.replace(/:/g, '');
    await request(a.server).patch(`/hsm/v2/Inventory/EthernetInterfaces/${nic}`).set('Authorization', authA).send({ IPAddresses: [{ IPAddress: '172.16.9.1' }] }).expect(200);
    await eventually('B to know N1 by 172.16.9.1', async () => ((await userDataOnB('172.16.9.1')).status === 200 ? true : undefined));
    await userDataOnB('172.16.0.1').expect(422);
  });

  it('a cloud-init write through A is what B serves next (cloudinit.changed)', async () => {
    expect((await userDataOnB('172.16.9.1').expect(200)).text).toContain('echo one');
    await request(a.server).put('/cloud-init/all').set('Authorization', authA).send({ 'cloud-init': { userdata: { runcmd: ['echo two'] } } }).expect(200);
    const text = await eventually('B to serve the new user-data', async () => {
      const res = await userDataOnB('172.16.9.1').expect(200);
      return res.text.includes('echo two') ? res.text : undefined;
    });
    expect(text).not.toContain('echo one');
  });

  it('a boot-parameter write through A is what B scripts next (boot-parameters.changed)', async () => {
    const script = () => request(b.server).get(`/boot/v1/bootscript?mac=${MAC1}`);
    await request(a.server).put('/boot/v1/bootparameters').set('Authorization', authA).send({ macs: [MAC1], kernel: 'http://s/k1', initrd: 'http://s/i1' }).expect(200);
    await eventually('B to script kernel k1', async () => ((await script()).text.includes('http://s/k1') ? true : undefined));
    await request(a.server).put('/boot/v1/bootparameters').set('Authorization', authA).send({ macs: [MAC1], kernel: 'http://s/k2' }).expect(200);
    await eventually('B to script kernel k2', async () => ((await script()).text.includes('http://s/k2') ? true : undefined));
  });

  it('a node added through A reaches B’s DHCP host table', async () => {
    const hosts = b.app.get(DhcpHostTable);
    await hosts.enable(); // what DhcpService does at start, without binding port 67
    expect(hosts.get('de:ad:be:ef:00:02')).toBeUndefined();
    await request(a.server).post('/inventory/v1/load').set('Authorization', authA).send({ nodes: [nodeIn(N2, 2, '172.16.0.2')] }).expect(200);
    const host = await eventually('B’s DHCP table to hold N2', () => hosts.get('de:ad:be:ef:00:02'));
    expect(host).toMatchObject({ xname: N2, ips: ['172.16.0.2'] });
  });

  it('a change too big for one notification arrives as "everything changed", and B reloads it all', async () => {
    const from = heardByB.length;
    const nodes = Array.from({ length: 200 }, (_, i) => nodeIn(`x1001c0s${i}b0n0`, 100 + i, `172.17.${i >> 8}.${i & 255}`));
    nodes.forEach((n, i) => (n.interfaces[0].mac = `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`));
    await request(a.server).post('/inventory/v1/load').set('Authorization', authA).send({ nodes }).expect(200);
    const ev = await eventually('B to hear the load', () => heardByB.slice(from).find((e) => e.all));
    expect(ev.changes).toEqual([]);
    const hosts = b.app.get(DhcpHostTable);
    await eventually('B’s DHCP table to hold the 200 nodes', () => (hosts.get('02:00:00:00:00:c7') ? true : undefined));
    expect(nodes.every((n) => hosts.get(n.interfaces[0].mac)?.ips[0] === n.interfaces[0].ips[0].ip)).toBe(true);
  });

  it('a rolled-back load sends nothing', async () => {
    const [sentFrom, heardFrom] = [sent.length, heardByB.length];
    // Inside the transaction: the component is written, then the MAC already owned by N1 fails it (409).
    const bad = await request(a.server).post('/inventory/v1/load').set('Authorization', authA)
      .send({ nodes: [{ ...nodeIn('x1000c1s7b5n0', 5, '172.16.0.5'), interfaces: [{ mac: MAC1, ips: [{ ip: '172.16.0.5' }] }] }] });
    expect(bad.status).toBe(409);
    await request(a.server).get('/hsm/v2/State/Components/x1000c1s7b5n0').set('Authorization', authA).expect(404);
    // A marker committed after it: notifications arrive in commit order, so anything the failed load had
    // sent would be in front of the marker's.
    await request(a.server).post('/inventory/v1/load').set('Authorization', authA).send({ nodes: [nodeIn('x1000c1s7b6n0', 6, '172.16.0.6')] }).expect(200);
    await eventually('the marker notification', () => (sent.length > sentFrom ? true : undefined));
    await eventually('B to hear the marker', () => (heardByB.length > heardFrom ? true : undefined));
    expect(sent.slice(sentFrom)).toHaveLength(1);
    expect(JSON.stringify(sent[sentFrom].change)).toContain('x1000c1s7b6n0');
    expect(JSON.stringify(sent[sentFrom].change)).not.toContain('x1000c1s7b5n0');
    expect(heardByB.slice(heardFrom)).toHaveLength(1);
  });

  it('B reconnects after its listener is killed, resyncs, and hears the next change', async () => {
    const events = b.app.get(ReplicaEvents);
    const old = events.listenerPid!;
    const from = heardByB.length;
    const killed = await spy.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [old]);
    expect(killed.rows[0].ok).toBe(true);
    const pid = await eventually('B to listen again', () => (events.listenerPid !== undefined && events.listenerPid !== old ? events.listenerPid : undefined));
    expect(pid).not.toBe(old);
    // Changes sent while it was away are lost: it tells its caches that anything may have changed.
    await eventually('B’s resync event', () => heardByB.slice(from).find((e) => e.all));
    expect(b.logger.lines.some((l) => l.includes('lost the connection listening for changes'))).toBe(true);

    const hosts = b.app.get(DhcpHostTable);
    await request(a.server).post('/inventory/v1/load').set('Authorization', authA).send({ nodes: [nodeIn('x1000c1s7b7n0', 7, '172.16.0.7')] }).expect(200);
    await eventually('B’s DHCP table to hold the node added after the reconnect', () => hosts.get('de:ad:be:ef:00:07'));
    await eventually('B’s cloud-init to know it', async () => ((await userDataOnB('172.16.0.7')).status === 200 ? true : undefined));
  });

  it('B’s own writes reach A too, and neither replica re-emits its own', async () => {
    const heardByA: InventoryChangedEvent[] = [];
    const onA = (e: InventoryChangedEvent) => heardByA.push(e);
    a.app.get(EventEmitter2).on(INVENTORY_CHANGED, onA);
    try {
      const fromB = heardByB.length;
      await request(b.server).post('/inventory/v1/load').set('Authorization', authB).send({ nodes: [nodeIn('x1000c1s7b8n0', 8, '172.16.0.8')] }).expect(200);
      const ev = await eventually('A to hear B’s load', () => heardByA.find((e) => JSON.stringify(e.changes).includes('x1000c1s7b8n0')));
      expect(ev.all).toBeUndefined();
      await request(a.server).get('/cloud-init/user-data').set('X-Forwarded-For', '172.16.0.8').expect(200);
      // B emitted its own change once, locally; its notification came back to it and was dropped. B's
      // listener gets notifications in commit order, so once it hears A's next load it has seen its own.
      await request(a.server).post('/inventory/v1/load').set('Authorization', authA).send({ nodes: [nodeIn('x1000c1s7b9n0', 9, '172.16.0.9')] }).expect(200);
      await eventually('B to hear A’s next load', () => heardByB.slice(fromB).find((e) => JSON.stringify(e.changes).includes('x1000c1s7b9n0')));
      expect(heardByB.slice(fromB).filter((e) => JSON.stringify(e.changes).includes('x1000c1s7b8n0'))).toHaveLength(1);
    } finally {
      a.app.get(EventEmitter2).off(INVENTORY_CHANGED, onA);
    }
  });
});

describe('change events between replicas on sqlite', () => {
  it('listens to nothing: one process by construction', async () => {
    const t = await startTestApp('sqlite');
    try {
      const events = t.app.get(ReplicaEvents);
      expect(events.enabled).toBe(false);
      expect(events.listenerPid).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
