import { BOOTREQUEST, DhcpMessageType, DhcpOption } from './dhcp.constants';
import { decodeDhcpPacket, encodeDhcpPacket } from './dhcp-packet.codec';
import { buildInformReply, buildLeaseReply, buildNak, DhcpLease, replyDestination } from './dhcp-reply';
import { parseDhcpRequest } from './dhcp-request';
import { vector } from './testdata/pcap-vectors';
import { broadcastOf, inSubnet } from './ipv4-subnet';

const chaddr = Buffer.from('525400123456' + '00'.repeat(10), 'hex');
const req = (options: [number, number[]][], extra: { ciaddr?: string; giaddr?: string; flags?: number } = {}) =>
  parseDhcpRequest(encodeDhcpPacket({ op: BOOTREQUEST, xid: 0xabcdef01, chaddr, ...extra, options: options.map(([c, v]) => [c, Buffer.from(v)]) }));

const lease: DhcpLease = {
  address: '10.99.0.42',
  leaseSeconds: 3600,
  params: {
    subnetMask: '255.255.255.0',
    routers: ['10.99.0.1'],
    dns: ['10.99.0.1', '10.99.0.2'],
    domain: 'test.invalid',
    hostname: 'nid0042.test.invalid',
    bootfile: 'undionly.kpxe',
    tftpServer: '10.99.0.1',
    nextServer: '10.99.0.1',
  },
};

describe('buildLeaseReply (RFC 2131 Table 3)', () => {
  it('answers the udhcpc DISCOVER with everything it asked for, in its order', () => {
    const r = parseDhcpRequest(vector('udhcpc_discover'));
    const p = decodeDhcpPacket(buildLeaseReply(r, DhcpMessageType.Offer, '10.99.0.1', lease));
    expect(p).toMatchObject({ op: 2, xid: 0x41e36d5f, yiaddr: '10.99.0.42', siaddr: '10.99.0.1', ciaddr: '0.0.0.0', giaddr: '0.0.0.0', file: 'undionly.kpxe' });
    expect(p.chaddr.subarray(0, 6).toString('hex')).toBe('525400123456');
    const codes = [...p.options.keys()];
    expect(codes.slice(0, 5)).toEqual([53, 54, 51, 58, 59]);
    // PRL [1,3,6,12,15,28,42,66,67]: 42 (NTP) is not configured; client id (61) is echoed last (RFC 6842).
    expect(codes.slice(5)).toEqual([1, 3, 6, 12, 15, 28, 66, 67, 61]);
    expect(p.options.get(DhcpOption.LeaseTime)!.readUInt32BE(0)).toBe(3600);
    expect(p.options.get(DhcpOption.RenewalTime)!.readUInt32BE(0)).toBe(1800);
    expect(p.options.get(DhcpOption.RebindingTime)!.readUInt32BE(0)).toBe(3150);
    expect(p.options.get(DhcpOption.BroadcastAddress)).toEqual(Buffer.from([10, 99, 0, 255]));
    expect(p.options.get(DhcpOption.DomainNameServer)).toEqual(Buffer.from([10, 99, 0, 1, 10, 99, 0, 2]));
    expect(p.options.get(DhcpOption.HostName)!.toString()).toBe('nid0042.test.invalid');
    expect(p.options.get(DhcpOption.BootfileName)!.toString()).toBe('undionly.kpxe');
  });

  it('ACK keeps ciaddr from a RENEW and the flags of the request', () => {
    const r = req([[53, [3]]], { ciaddr: '10.99.0.42', flags: 0x8000 });
    const p = decodeDhcpPacket(buildLeaseReply(r, DhcpMessageType.Ack, '10.99.0.1', lease));
    expect(p.options.get(53)).toEqual(Buffer.from([DhcpMessageType.Ack]));
    expect(p).toMatchObject({ ciaddr: '10.99.0.42', flags: 0x8000 });
  });

  it('puts a long boot URL only in option 67 (the file field holds 127 bytes)', () => {
    const url = `http://10.99.0.1:27780/boot/v1/bootscript?mac=52:54:00:12:34:56&x=${'y'.repeat(100)}`;
    const p = decodeDhcpPacket(buildLeaseReply(req([[53, [1]]]), DhcpMessageType.Offer, '10.99.0.1', { ...lease, params: { bootfile: url } }));
    expect(p.file).toBe('');
    expect(p.options.get(67)!.toString()).toBe(url);
  });

  it('echoes relay agent information (82) last, for the relay (RFC 3046 §2.2)', () => {
    const r = req([[53, [1]], [82, [1, 2, 0x61, 0x62]]], { giaddr: '10.1.0.1' });
    const p = decodeDhcpPacket(buildLeaseReply(r, DhcpMessageType.Offer, '10.99.0.1', lease));
    expect(p.giaddr).toBe('10.1.0.1');
    expect([...p.options.keys()].at(-1)).toBe(82);
    expect(p.options.get(82)).toEqual(Buffer.from([1, 2, 0x61, 0x62]));
  });

  it('leaves out the least wanted options to stay within the client maximum message size', () => {
    const many = { ...lease, params: { ...lease.params, dns: Array.from({ length: 70 }, (_, i) => `10.0.${i}.1`) } };
    const r = req([[53, [1]], [55, [67, 1, 3]]]); // max message size 576 (default)
    const buf = buildLeaseReply(r, DhcpMessageType.Offer, '10.99.0.1', many);
    expect(buf.length).toBeLessThanOrEqual(576 - 28);
    const p = decodeDhcpPacket(buf);
    expect(p.options.has(67)).toBe(true);
    expect(p.options.has(1)).toBe(true);
    expect(p.options.has(3)).toBe(true);
    expect(p.options.has(6)).toBe(false);
  });
});

describe('buildLeaseReply: maximum message size with a boot URL over 255 bytes', () => {
  it('counts the URL as the two option instances it is written as (RFC 3396), staying within option 57', () => {
    const url = `http://10.99.0.1:27780/boot/v1/bootscript?mac=52:54:00:12:34:56&x=${'y'.repeat(200)}`; // 265 bytes
    const many = { ...lease, params: { ...lease.params, bootfile: url, dns: Array.from({ length: 15 }, (_, i) => `10.0.${i}.1`) } };
    const buf = buildLeaseReply(req([[53, [1]], [55, [67, 1, 3, 6]]]), DhcpMessageType.Offer, '10.99.0.1', many);
    expect(buf.length).toBeLessThanOrEqual(576 - 28); // was 550: the second instance's 2 bytes were not counted
    expect(decodeDhcpPacket(buf).options.get(67)!.toString()).toBe(url);
  });
});

describe('option 175 NoPxeDhcp for iPXE (DhcpParams.ipxeNoPxeDhcp)', () => {
  const url = 'http://10.99.0.1:27780/boot/v1/bootscript?mac=52:54:00:aa:00:01';
  const ipxeLease: DhcpLease = { ...lease, params: { ...lease.params, bootfile: url, ipxeNoPxeDhcp: true } };

  it.each<[string, boolean | undefined, number[] | undefined]>([
    ['set → 175 = [176, 1, 1]', true, [176, 1, 1]],
    ['false → no 175', false, undefined],
    ['unset → no 175', undefined, undefined],
  ])('%s', (_n, flag, value) => {
    const r = parseDhcpRequest(vector('ipxe_discover'));
    const p = decodeDhcpPacket(buildLeaseReply(r, DhcpMessageType.Offer, '10.99.0.1', { ...ipxeLease, params: { ...ipxeLease.params, ipxeNoPxeDhcp: flag } }));
    const v = p.options.get(DhcpOption.IpxeEncapsulated);
    expect(v && [...v]).toEqual(value);
    expect(p.options.get(DhcpOption.BootfileName)!.toString()).toBe(url);
  });

  it("goes where the iPXE ROM's option 55 puts 175 (after 67, its 22nd code), before the echoed client id", () => {
    const r = parseDhcpRequest(vector('ipxe_request'));
    const p = decodeDhcpPacket(buildLeaseReply(r, DhcpMessageType.Ack, '10.99.0.1', ipxeLease));
    const codes = [...p.options.keys()];
    expect(codes.indexOf(175)).toBeGreaterThan(codes.indexOf(67));
    expect(codes.at(-1)).toBe(DhcpOption.ClientIdentifier);
    // It travels in the options field only: sname/file are never overloaded by our encoder (no option 52).
    expect(p.options.has(DhcpOption.Overload)).toBe(false);
    expect(p.file).toBe(url);
  });

  it('is the first option left out when the reply would exceed the client maximum message size (option 57)', () => {
    // 576 - 28 (IP+UDP) - 240 (header) - 1 (End) - 27 (53, 54, 51, 58, 59) = 280 bytes for the rest: 67 (202) + 1 (6)
    // + 3 (6) + 6 (10) + unrequested 12 (22), 15 (14), 28 (6), 66 (11) = 277; 175 (5) would make it 282.
    const tight = { ...ipxeLease, params: { ...ipxeLease.params, bootfile: `${url}&x=${'y'.repeat(200 - url.length - 3)}`, dns: ['10.0.0.1', '10.0.0.2'] } };
    const r = req([[53, [1]], [77, [...Buffer.from('iPXE')]], [55, [67, 1, 3, 6]]]); // no option 57: 576; 175 not asked for
    const buf = buildLeaseReply(r, DhcpMessageType.Offer, '10.99.0.1', tight);
    expect(buf.length).toBeLessThanOrEqual(576 - 28);
    const p = decodeDhcpPacket(buf);
    expect([...p.options.keys()]).toEqual([53, 54, 51, 58, 59, 67, 1, 3, 6, 12, 15, 28, 66]);
    // With room to spare it is there, even unrequested (RFC 2131 §4.3.1 lets a server add options).
    const roomy = decodeDhcpPacket(buildLeaseReply(r, DhcpMessageType.Offer, '10.99.0.1', ipxeLease));
    expect([...roomy.options.keys()].at(-1)).toBe(175);
  });

  it('INFORM replies carry it too (same parameters)', () => {
    const r = req([[53, [8]], [77, [...Buffer.from('iPXE')]]], { ciaddr: '10.99.0.42' });
    const p = decodeDhcpPacket(buildInformReply(r, '10.99.0.1', ipxeLease.params));
    expect([...p.options.get(175)!]).toEqual([176, 1, 1]);
  });
});

describe('buildInformReply (RFC 2131 §4.3.5)', () => {
  it('sends configuration but no address and no lease times', () => {
    const r = req([[53, [8]]], { ciaddr: '10.99.0.42' });
    const p = decodeDhcpPacket(buildInformReply(r, '10.99.0.1', lease.params));
    expect(p.options.get(53)).toEqual(Buffer.from([DhcpMessageType.Ack]));
    expect(p).toMatchObject({ yiaddr: '0.0.0.0', ciaddr: '10.99.0.42' });
    for (const code of [51, 58, 59]) expect(p.options.has(code)).toBe(false);
    expect(p.options.get(3)).toEqual(Buffer.from([10, 99, 0, 1]));
  });
});

describe('buildNak', () => {
  it('carries only type, server id, message and the echoed client id; broadcast bit when relayed', () => {
    const r = req([[53, [3]], [61, [1, 2, 3]]], { giaddr: '10.1.0.1' });
    const p = decodeDhcpPacket(buildNak(r, '10.99.0.1', 'wrong address'));
    expect([...p.options.keys()]).toEqual([53, 54, 56, 61]);
    expect(p.options.get(56)!.toString()).toBe('wrong address');
    expect(p).toMatchObject({ yiaddr: '0.0.0.0', siaddr: '0.0.0.0', flags: 0x8000, giaddr: '10.1.0.1' });
  });
});

describe('replyDestination (RFC 2131 §4.1)', () => {
  const ports = { server: 67, client: 68 };
  const B = '10.99.0.255';
  it.each<[string, ReturnType<typeof req>, DhcpMessageType, string]>([
    ['relayed OFFER → relay agent, server port', req([[53, [1]]], { giaddr: '10.1.0.1' }), DhcpMessageType.Offer, '10.1.0.1:67'],
    ['relayed NAK → relay agent', req([[53, [3]]], { giaddr: '10.1.0.1', ciaddr: '10.1.0.9' }), DhcpMessageType.Nak, '10.1.0.1:67'],
    ['NAK → broadcast even with ciaddr', req([[53, [3]]], { ciaddr: '10.99.0.42' }), DhcpMessageType.Nak, `${B}:68`],
    ['ACK to a RENEW → ciaddr', req([[53, [3]]], { ciaddr: '10.99.0.42' }), DhcpMessageType.Ack, '10.99.0.42:68'],
    ['OFFER, broadcast flag → broadcast', req([[53, [1]]], { flags: 0x8000 }), DhcpMessageType.Offer, `${B}:68`],
    ['OFFER, no flag → broadcast (no ARP entry for yiaddr)', req([[53, [1]]]), DhcpMessageType.Offer, `${B}:68`],
  ])('%s', (_n, r, type, to) => {
    const d = replyDestination(r, type, ports, B);
    expect(`${d.address}:${d.port}`).toBe(to);
  });
});

describe('ipv4 subnet helpers', () => {
  it('directed broadcast and membership', () => {
    expect(broadcastOf('10.99.0.1', '255.255.255.0')).toBe('10.99.0.255');
    expect(broadcastOf('10.98.3.4', '255.255.0.0')).toBe('10.98.255.255');
    expect(broadcastOf('192.168.1.9', '255.255.255.252')).toBe('192.168.1.11');
    expect(inSubnet('10.99.0.42', '10.99.0.1', '255.255.255.0')).toBe(true);
    expect(inSubnet('10.99.1.42', '10.99.0.1', '255.255.255.0')).toBe(false);
    expect(inSubnet('200.1.2.3', '200.1.0.0', '255.255.0.0')).toBe(true);
  });
});
