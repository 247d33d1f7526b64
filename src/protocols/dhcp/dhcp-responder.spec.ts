import { BOOTREQUEST, DhcpMessageType } from './dhcp.constants';
import { decodeDhcpPacket, encodeDhcpPacket } from './dhcp-packet.codec';
import { DhcpLease } from './dhcp-reply';
import { DhcpRequest, parseDhcpRequest, RequestState } from './dhcp-request';
import { DhcpBackend, DhcpResponder, RequestVerdict } from './dhcp-responder';
import { vector } from './testdata/pcap-vectors';

const SERVER = '10.99.0.1';
const chaddr = Buffer.from('525400123456' + '00'.repeat(10), 'hex');
const req = (options: [number, number[]][], extra: { ciaddr?: string; giaddr?: string } = {}) =>
  parseDhcpRequest(encodeDhcpPacket({ op: BOOTREQUEST, xid: 9, chaddr, ...extra, options: options.map(([c, v]) => [c, Buffer.from(v)]) }));

/** A table backend: one known MAC at 10.99.0.42; records what it was asked. */
class TableBackend implements DhcpBackend {
  calls: string[] = [];
  lease = (): DhcpLease => ({ address: '10.99.0.42', leaseSeconds: 600, params: { subnetMask: '255.255.255.0' } });
  offer(r: DhcpRequest) {
    this.calls.push(`offer ${r.mac}`);
    return r.mac === '52:54:00:12:34:56' ? this.lease() : undefined;
  }
  async request(_r: DhcpRequest, address: string, state: RequestState): Promise<RequestVerdict> {
    this.calls.push(`request ${address} ${state}`);
    if (address === '10.99.0.42') return { kind: 'ack', lease: this.lease() };
    return state === 'init-reboot' && address === '10.5.5.5' ? { kind: 'silent', reason: 'no record' } : { kind: 'nak', message: 'no' };
  }
  inform(r: DhcpRequest) {
    this.calls.push(`inform ${r.packet.ciaddr}`);
    return { routers: ['10.99.0.1'] };
  }
  release(_r: DhcpRequest, a: string) {
    this.calls.push(`release ${a}`);
  }
  decline(_r: DhcpRequest, a: string) {
    this.calls.push(`decline ${a}`);
  }
}

describe('DhcpResponder (RFC 2131 §4.3)', () => {
  let backend: TableBackend;
  let responder: DhcpResponder;
  beforeEach(() => {
    backend = new TableBackend();
    responder = new DhcpResponder({ serverId: SERVER, backend, ports: { server: 67, client: 68 }, broadcast: '10.99.0.255' });
  });

  it('DISCOVER from a known client → OFFER, broadcast', async () => {
    const res = await responder.respond(parseDhcpRequest(vector('udhcpc_discover')));
    expect(res.outcome).toBe('offer');
    expect(res.reply!.to).toEqual({ address: '10.99.0.255', port: 68 });
    expect(decodeDhcpPacket(res.reply!.packet).yiaddr).toBe('10.99.0.42');
  });

  it('DISCOVER the backend does not answer → silent', async () => {
    expect(await responder.respond(parseDhcpRequest(vector('ipxe_discover')))).toEqual({ outcome: 'silent', reason: 'no-offer' });
  });

  it('REQUEST (SELECTING) for us → the backend decides on option 50', async () => {
    const res = await responder.respond(req([[53, [3]], [54, [10, 99, 0, 1]], [50, [10, 99, 0, 42]]]));
    expect(res.outcome).toBe('ack');
    expect(backend.calls).toEqual(['request 10.99.0.42 selecting']);
  });

  it('REQUEST naming another server → silent, backend not asked (the client took that offer)', async () => {
    const res = await responder.respond(parseDhcpRequest(vector('dhclient_request'))); // server id 10.99.0.1...
    expect(res.outcome).toBe('ack');
    const other = await responder.respond(req([[53, [3]], [54, [10, 99, 0, 9]], [50, [10, 99, 0, 42]]]));
    expect(other).toEqual({ outcome: 'silent', reason: 'other-server' });
    expect(backend.calls).toEqual(['request 10.99.0.42 selecting']);
  });

  it('REQUEST (RENEWING) uses ciaddr and unicasts the ACK to it', async () => {
    const res = await responder.respond(req([[53, [3]]], { ciaddr: '10.99.0.42' }));
    expect(backend.calls).toEqual(['request 10.99.0.42 renewing']);
    expect(res.reply!.to).toEqual({ address: '10.99.0.42', port: 68 });
  });

  it('REQUEST (INIT-REBOOT) for a wrong address → NAK, broadcast', async () => {
    const res = await responder.respond(req([[53, [3]], [50, [10, 99, 0, 77]]]));
    expect(res.outcome).toBe('nak');
    expect(res.reply!.type).toBe(DhcpMessageType.Nak);
    expect(res.reply!.to).toEqual({ address: '10.99.0.255', port: 68 });
  });

  it('REQUEST the backend has no record of → silent', async () => {
    expect((await responder.respond(req([[53, [3]], [50, [10, 5, 5, 5]]]))).outcome).toBe('silent');
  });

  it('REQUEST with neither server id, ciaddr nor option 50 → silent', async () => {
    expect(await responder.respond(req([[53, [3]]]))).toEqual({ outcome: 'silent', reason: 'no-address-in-request' });
  });

  it('relayed REQUEST → reply to the relay on port 67', async () => {
    const res = await responder.respond(req([[53, [3]], [54, [10, 99, 0, 1]], [50, [10, 99, 0, 42]]], { giaddr: '10.1.0.1' }));
    expect(res.reply!.to).toEqual({ address: '10.1.0.1', port: 67 });
  });

  it('INFORM → ACK unicast to ciaddr', async () => {
    const res = await responder.respond(req([[53, [8]]], { ciaddr: '10.99.0.42' }));
    expect(res.outcome).toBe('inform');
    expect(res.reply!.to).toEqual({ address: '10.99.0.42', port: 68 });
  });

  it('RELEASE (ciaddr) and DECLINE (option 50) reach the backend, with no reply', async () => {
    expect(await responder.respond(req([[53, [7]], [54, [10, 99, 0, 1]]], { ciaddr: '10.99.0.42' }))).toEqual({ outcome: 'release' });
    expect(await responder.respond(req([[53, [4]], [54, [10, 99, 0, 1]], [50, [10, 99, 0, 42]]]))).toEqual({ outcome: 'decline' });
    expect(await responder.respond(req([[53, [4]], [54, [10, 99, 0, 9]], [50, [10, 99, 0, 42]]]))).toEqual({ outcome: 'silent', reason: 'other-server' });
    expect(backend.calls).toEqual(['release 10.99.0.42', 'decline 10.99.0.42']);
  });
});
