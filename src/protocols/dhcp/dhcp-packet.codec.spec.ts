import { BOOTREPLY, BOOTREQUEST, DhcpMessageType, DhcpOption, MAGIC_COOKIE } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { decodeDhcpPacket, DhcpPacketInit, encodeDhcpPacket } from './dhcp-packet.codec';
import { PCAP_VECTORS, vector } from './testdata/pcap-vectors';

const MAC = Buffer.from('525400123456', 'hex');
const chaddr = Buffer.concat([MAC, Buffer.alloc(10)]);

function base(options: [number, Buffer][], extra: Partial<DhcpPacketInit> = {}): DhcpPacketInit {
  return { op: BOOTREQUEST, xid: 0x01020304, chaddr, options: [[DhcpOption.MessageType, Buffer.from([1])], ...options], ...extra };
}

describe('DHCP packet codec: real captures (../shared/peers/pcaps)', () => {
  // dnsmasq's replies to udhcpc carry option 67 twice, which decodes as one concatenated value (below).
  const DUPLICATED_OPTION = new Set(['udhcpc_offer', 'udhcpc_ack']);
  const names = Object.keys(PCAP_VECTORS) as (keyof typeof PCAP_VECTORS)[];

  it.each(names.filter((n) => !DUPLICATED_OPTION.has(n)))('%s decodes, and re-encodes to the same bytes', (name) => {
    const buf = vector(name);
    const p = decodeDhcpPacket(buf);
    expect(p.htype).toBe(1);
    expect(p.hlen).toBe(6);
    // Options are written in the decoded order; the captures have no pad options between options.
    const again = encodeDhcpPacket({ ...p, options: p.options });
    expect(again.subarray(0, buf.length).toString('hex')).toBe(buf.toString('hex'));
    expect(again.subarray(buf.length).every((b) => b === 0)).toBe(true);
  });

  it.each([...DUPLICATED_OPTION])('%s re-encodes to a packet that decodes to the same fields and options', (name) => {
    const p = decodeDhcpPacket(vector(name as keyof typeof PCAP_VECTORS));
    expect(decodeDhcpPacket(encodeDhcpPacket({ ...p, options: p.options }))).toEqual(p);
  });

  it('udhcpc DISCOVER: PRL, max message size, vendor class, client id', () => {
    const p = decodeDhcpPacket(vector('udhcpc_discover'));
    expect(p.op).toBe(BOOTREQUEST);
    expect(p.xid).toBe(0x41e36d5f);
    expect(p.chaddr.subarray(0, 6)).toEqual(MAC);
    expect(p.options.get(DhcpOption.MessageType)).toEqual(Buffer.from([DhcpMessageType.Discover]));
    expect([...p.options.get(DhcpOption.ParameterRequestList)!]).toEqual([1, 3, 6, 12, 15, 28, 42, 66, 67]);
    expect(p.options.get(DhcpOption.MaxMessageSize)!.readUInt16BE(0)).toBe(576);
    expect(p.options.get(DhcpOption.VendorClassIdentifier)!.toString()).toBe('udhcp 1.35.0');
    expect(p.options.get(DhcpOption.ClientIdentifier)).toEqual(Buffer.concat([Buffer.from([1]), MAC]));
  });

  it('dnsmasq OFFER to udhcpc: yiaddr, siaddr, option 67 sent twice is concatenated (RFC 3396)', () => {
    const p = decodeDhcpPacket(vector('udhcpc_offer'));
    expect(p.op).toBe(BOOTREPLY);
    expect(p.yiaddr).toBe('10.99.0.42');
    expect(p.siaddr).toBe('10.99.0.1');
    expect(p.options.get(DhcpOption.ServerIdentifier)).toEqual(Buffer.from([10, 99, 0, 1]));
    expect(p.options.get(DhcpOption.HostName)!.toString()).toBe('node42');
    // dnsmasq 2.90 put option 67 in twice (PEERS.md §4); RFC 3396 §7 says instances concatenate.
    // dnsmasq NUL-terminates the name; RFC 2132 §2 says options need no NUL (we send none).
    expect(p.options.get(DhcpOption.BootfileName)).toEqual(Buffer.from('undionly.kpxe\0undionly.kpxe\0', 'latin1'));
  });

  it('dnsmasq OFFER to dhclient: boot file in the BOOTP file/sname fields', () => {
    const p = decodeDhcpPacket(vector('dhclient_offer'));
    expect(p.sname).toBe('bootsrv');
    expect(p.file).toBe('undionly.kpxe');
  });

  it('nmap DISCOVER: broadcast flag set, 64-entry parameter request list', () => {
    const p = decodeDhcpPacket(vector('nmap_discover'));
    expect(p.flags).toBe(0x8000);
    expect(p.chaddr.subarray(0, 6).toString('hex')).toBe('deadc0decafe');
    expect(p.options.get(DhcpOption.ParameterRequestList)!.length).toBe(64);
  });

  it('iPXE REQUEST: options 93, 77, 175, 97 and the server id / requested address', () => {
    const p = decodeDhcpPacket(vector('ipxe_request'));
    expect(p.options.get(DhcpOption.ClientSystemArchitecture)).toEqual(Buffer.from([0, 0]));
    expect(p.options.get(DhcpOption.UserClass)!.toString()).toBe('iPXE');
    expect(p.options.get(175)!.length).toBe(48);
    expect(p.options.get(DhcpOption.ClientMachineIdentifier)!.length).toBe(17);
    expect(p.options.get(DhcpOption.RequestedIpAddress)).toEqual(Buffer.from([10, 99, 0, 51]));
    expect(p.options.get(DhcpOption.MaxMessageSize)!.readUInt16BE(0)).toBe(1472);
  });
});

describe('DHCP packet codec: encoding', () => {
  it('round-trips every header field', () => {
    const init = base([[DhcpOption.HostName, Buffer.from('nid0001')]], {
      hops: 2,
      secs: 7,
      flags: 0x8000,
      ciaddr: '10.0.0.5',
      yiaddr: '10.0.0.6',
      siaddr: '10.0.0.7',
      giaddr: '10.0.0.8',
      sname: 'boot',
      file: 'undionly.kpxe',
    });
    const p = decodeDhcpPacket(encodeDhcpPacket(init));
    expect(p).toMatchObject({ op: 1, htype: 1, hlen: 6, hops: 2, xid: 0x01020304, secs: 7, flags: 0x8000 });
    expect(p).toMatchObject({ ciaddr: '10.0.0.5', yiaddr: '10.0.0.6', siaddr: '10.0.0.7', giaddr: '10.0.0.8', sname: 'boot', file: 'undionly.kpxe' });
    expect(p.options.get(DhcpOption.HostName)!.toString()).toBe('nid0001');
  });

  it('pads to the 300-byte BOOTP minimum and ends the options with 255', () => {
    const buf = encodeDhcpPacket(base([]));
    expect(buf.length).toBe(300);
    expect(buf.readUInt32BE(236)).toBe(MAGIC_COOKIE);
    expect(buf[240]).toBe(53);
    expect(buf[243]).toBe(255);
  });

  it('splits a value over 255 bytes into several instances, which decode back into one (RFC 3396)', () => {
    const long = Buffer.alloc(600, 0x61);
    const buf = encodeDhcpPacket(base([[DhcpOption.BootfileName, long]]));
    expect(buf[243]).toBe(67);
    expect(buf[244]).toBe(255);
    expect(decodeDhcpPacket(buf).options.get(DhcpOption.BootfileName)).toEqual(long);
  });

  it('truncates sname/file so a NUL terminator always fits', () => {
    const p = decodeDhcpPacket(encodeDhcpPacket(base([], { file: 'f'.repeat(200), sname: 's'.repeat(80) })));
    expect(p.file).toBe('f'.repeat(127));
    expect(p.sname).toBe('s'.repeat(63));
  });
});

describe('DHCP packet codec: RFC 2132 option field rules', () => {
  const withRawOptions = (raw: number[], header: (b: Buffer) => void = () => undefined) => {
    const b = Buffer.alloc(240 + raw.length);
    b[0] = 1;
    b[1] = 1;
    b[2] = 6;
    b.writeUInt32BE(MAGIC_COOKIE, 236);
    Buffer.from(raw).copy(b, 240);
    header(b);
    return b;
  };

  it('skips pad options (0) anywhere between options (§3.1)', () => {
    const p = decodeDhcpPacket(withRawOptions([0, 53, 1, 1, 0, 0, 55, 2, 1, 3, 255]));
    expect(p.options.get(53)).toEqual(Buffer.from([1]));
    expect(p.options.get(55)).toEqual(Buffer.from([1, 3]));
  });

  it('stops at the end option and ignores what follows (§3.2)', () => {
    const p = decodeDhcpPacket(withRawOptions([53, 1, 1, 255, 12, 200]));
    expect([...p.options.keys()]).toEqual([53]);
  });

  it('accepts a missing end option at the end of the datagram', () => {
    expect(decodeDhcpPacket(withRawOptions([53, 1, 3])).options.get(53)).toEqual(Buffer.from([3]));
  });

  it('reads overloaded options from file, then sname (option 52, RFC 2131 §4.1)', () => {
    const buf = withRawOptions([53, 1, 1, 52, 1, 3, 12, 1, 0x61, 255], (b) => {
      Buffer.from([12, 1, 0x62, 67, 3, 0x61, 0x62, 0x63, 255]).copy(b, 108); // file
      Buffer.from([12, 1, 0x63, 255]).copy(b, 44); // sname
    });
    const p = decodeDhcpPacket(buf);
    expect(p.options.get(12)!.toString()).toBe('abc');
    expect(p.options.get(67)!.toString()).toBe('abc');
    expect(p.file).toBe('');
    expect(p.sname).toBe('');
  });

  it.each([
    ['shorter than the fixed header', Buffer.alloc(100), 'malformed'],
    ['no magic cookie (plain BOOTP)', Buffer.alloc(300), 'unsupported'],
    ['an option running past the end', withRawOptions([53, 1, 1, 12, 200, 0x61]), 'malformed'],
    ['an option without its length byte', withRawOptions([53, 1, 1, 12]), 'malformed'],
    ['an overload value out of range', withRawOptions([53, 1, 1, 52, 1, 7, 255]), 'malformed'],
    ['an overload option of 2 bytes', withRawOptions([53, 1, 1, 52, 2, 1, 1, 255]), 'malformed'],
    ['an option overrunning the file field', withRawOptions([53, 1, 1, 52, 1, 1, 255], (b) => Buffer.from([12, 200]).copy(b, 108)), 'malformed'],
  ])('refuses %s', (_name, buf, reason) => {
    let err: unknown;
    try {
      decodeDhcpPacket(buf);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DhcpDecodeError);
    expect((err as DhcpDecodeError).reason).toBe(reason);
  });
});
