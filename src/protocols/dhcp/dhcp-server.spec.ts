import * as dgram from 'node:dgram';
import { BOOTREQUEST } from './dhcp.constants';
import { decodeDhcpPacket, encodeDhcpPacket } from './dhcp-packet.codec';
import { DhcpBackend } from './dhcp-responder';
import { DhcpServer } from './dhcp-server';
import { vector } from './testdata/pcap-vectors';

const link = { name: 'test0', address: '10.99.0.1', netmask: '255.255.255.0' };
const backend: DhcpBackend = {
  offer: () => ({ address: '10.99.0.42', leaseSeconds: 60, params: {} }),
  request: () => ({ kind: 'ack', lease: { address: '10.99.0.42', leaseSeconds: 60, params: {} } }),
  inform: () => ({}),
  release: () => undefined,
  decline: () => undefined,
};
const chaddr = Buffer.from('525400123456' + '00'.repeat(10), 'hex');
const relayed = (giaddr: string) => encodeDhcpPacket({ op: BOOTREQUEST, xid: 1, chaddr, giaddr, options: [[53, Buffer.from([1])]] });

describe('DhcpServer counters and link filter (no socket)', () => {
  it('counts malformed, unsupported and answered datagrams without throwing', async () => {
    const s = new DhcpServer({ link, serverId: link.address, backend });
    await s.handle(Buffer.alloc(10), '0.0.0.0');
    await s.handle(Buffer.alloc(300), '0.0.0.0'); // no cookie: BOOTP
    await s.handle(vector('udhcpc_offer'), '10.99.0.1'); // a BOOTREPLY
    await s.handle(vector('udhcpc_discover'), '0.0.0.0');
    await s.handle(vector('dhclient_request'), '0.0.0.0');
    expect(s.counters).toMatchObject({ received: 5, malformed: 1, unsupported: 2, discover: 1, request: 1, offer: 1, ack: 1, filtered: 0 });
  });

  it.each([
    ['a client without address', vector('udhcpc_discover'), '0.0.0.0', 0],
    ['a unicast from inside the link subnet', vector('udhcpc_discover'), '10.99.0.77', 0],
    ['a unicast from another subnet (arrived on another interface)', vector('udhcpc_discover'), '192.168.5.5', 1],
    ['a relay inside the link subnet', relayed('10.99.0.2'), '10.99.0.2', 0],
    ['a relay elsewhere, not configured', relayed('10.7.0.1'), '10.7.0.1', 1],
  ])('%s → filtered %d', async (_n, buf, source, filtered) => {
    const s = new DhcpServer({ link, serverId: link.address, backend });
    await s.handle(buf, source);
    expect(s.counters.filtered).toBe(filtered);
  });

  it('serves relays from HWCTL_DHCP_RELAY_SUBNETS', async () => {
    const s = new DhcpServer({ link, serverId: link.address, backend, relaySubnets: [{ network: '10.7.0.0', netmask: '255.255.0.0' }] });
    await s.handle(relayed('10.7.0.1'), '10.7.0.1');
    expect(s.counters).toMatchObject({ filtered: 0, offer: 1 });
  });

  it('counts a failing backend and keeps going', async () => {
    const s = new DhcpServer({ link, serverId: link.address, backend: { ...backend, offer: () => Promise.reject(new Error('db down')) } });
    await s.handle(vector('udhcpc_discover'), '0.0.0.0');
    expect(s.counters.backendErrors).toBe(1);
  });
});

describe('DhcpServer on a loopback socket', () => {
  it('answers a relay agent by unicast on the server port', async () => {
    // The server binds 127.0.0.1 (relay-only, no broadcasts needed); the "relay" is 127.0.0.2 on the same port.
    const server = new DhcpServer({ link: { name: 'lo', address: '127.0.0.1', netmask: '255.0.0.0' }, serverId: '127.0.0.1', backend, bindAddress: '127.0.0.1', port: 0 });
    const { port } = await server.start();
    const relay = dgram.createSocket('udp4');
    await new Promise<void>((r) => relay.bind(port, '127.0.0.2', r));
    try {
      const got = new Promise<Buffer>((resolve) => relay.once('message', resolve));
      relay.send(relayed('127.0.0.2'), port, '127.0.0.1');
      const reply = decodeDhcpPacket(await got);
      expect(reply).toMatchObject({ op: 2, yiaddr: '10.99.0.42', giaddr: '127.0.0.2' });
      expect(server.counters).toMatchObject({ received: 1, discover: 1, offer: 1, sendErrors: 0 });
    } finally {
      relay.close();
      await server.stop();
    }
  });
});
