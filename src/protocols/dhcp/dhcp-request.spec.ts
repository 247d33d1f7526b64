import { BOOTREQUEST, DhcpMessageType, DhcpOption } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { parseClientArch, parseUserClasses } from './dhcp-options';
import { encodeDhcpPacket } from './dhcp-packet.codec';
import { DhcpRequest, parseDhcpRequest, requestState } from './dhcp-request';
import { vector } from './testdata/pcap-vectors';

const chaddr = Buffer.from('525400123456' + '00'.repeat(10), 'hex');
const packet = (options: [number, number[] | Buffer][], extra: { op?: number; htype?: number; hlen?: number; ciaddr?: string; giaddr?: string } = {}) =>
  encodeDhcpPacket({ op: BOOTREQUEST, xid: 7, chaddr, ...extra, options: options.map(([c, v]) => [c, Buffer.from(v)]) });

function dropReason(buf: Buffer): string {
  try {
    parseDhcpRequest(buf);
  } catch (e) {
    if (e instanceof DhcpDecodeError) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('parseDhcpRequest on real client packets', () => {
  it('udhcpc DISCOVER', () => {
    const r = parseDhcpRequest(vector('udhcpc_discover'));
    expect(r).toMatchObject({ type: DhcpMessageType.Discover, mac: '52:54:00:12:34:56', maxMessageSize: 576, relayed: false, clientArch: [], userClasses: [] });
    expect(r.parameterRequestList).toEqual([1, 3, 6, 12, 15, 28, 42, 66, 67]);
  });

  it('dhclient REQUEST from SELECTING: server id and requested address', () => {
    const r = parseDhcpRequest(vector('dhclient_request'));
    expect(r).toMatchObject({ type: DhcpMessageType.Request, serverId: '10.99.0.1', requestedIp: '10.99.0.42' });
    expect(requestState(r)).toBe('selecting');
    expect(r.maxMessageSize).toBe(576); // no option 57: the RFC 2131 minimum
  });

  it('iPXE DISCOVER: architecture 0, user class "iPXE", max size 1472', () => {
    const r = parseDhcpRequest(vector('ipxe_discover'));
    expect(r).toMatchObject({ mac: '52:54:00:aa:00:01', clientArch: [0], userClasses: ['iPXE'], maxMessageSize: 1472 });
    expect(r.ipxeOptions?.length).toBe(48); // option 175: iPXE's features, bus id, version
    expect(parseDhcpRequest(vector('udhcpc_discover')).ipxeOptions).toBeUndefined();
  });

  it.each(['udhcpc_offer', 'dhclient_ack', 'ipxe_offer'] as const)('drops the server reply %s as unsupported', (name) => {
    expect(dropReason(vector(name))).toBe('unsupported');
  });
});

describe('parseDhcpRequest checks (RFC 2131 §4.3)', () => {
  it.each<[string, Buffer, string]>([
    ['a BOOTREPLY', packet([[53, [1]]], { op: 2 }), 'unsupported'],
    ['IPoIB hardware (htype 32, hlen 0)', packet([[53, [1]]], { htype: 32, hlen: 0 }), 'unsupported'],
    ['a BOOTP request (no option 53)', packet([]), 'unsupported'],
    ['an OFFER sent to the server', packet([[53, [2]]]), 'unsupported'],
    ['message type 9', packet([[53, [9]]]), 'unsupported'],
    ['option 53 of 2 bytes', packet([[53, [1, 1]]]), 'malformed'],
    ['option 50 of 3 bytes', packet([[53, [3]], [50, [10, 0, 0]]]), 'malformed'],
    ['option 54 of 5 bytes', packet([[53, [3]], [54, [10, 0, 0, 1, 1]]]), 'malformed'],
    ['option 57 of 1 byte', packet([[53, [1]], [57, [2]]]), 'malformed'],
    ['option 93 of 3 bytes', packet([[53, [1]], [93, [0, 7, 0]]]), 'malformed'],
    ['a DISCOVER', packet([[53, [1]]]), 'accepted'],
    ['an INFORM', packet([[53, [8]]], { ciaddr: '10.0.0.9' }), 'accepted'],
  ])('%s → %s', (_n, buf, outcome) => {
    expect(dropReason(buf)).toBe(outcome);
  });

  it('clamps option 57 below 576 up to 576 (RFC 2132 §9.10)', () => {
    expect(parseDhcpRequest(packet([[53, [1]], [57, [0x01, 0x00]]])).maxMessageSize).toBe(576);
  });

  it('keeps the client id and relay agent information for echoing', () => {
    const r = parseDhcpRequest(packet([[53, [1]], [61, [1, 0x52, 0x54, 0, 0x12, 0x34, 0x56]], [82, [1, 3, 0x65, 0x74, 0x30]]], { giaddr: '10.1.0.1' }));
    expect(r.clientId).toEqual(Buffer.from([1, 0x52, 0x54, 0, 0x12, 0x34, 0x56]));
    expect(r.relayAgentInfo).toEqual(Buffer.from([1, 3, 0x65, 0x74, 0x30]));
    expect(r.relayed).toBe(true);
  });
});

describe('requestState (RFC 2131 §4.3.2)', () => {
  const req = (o: [number, number[]][], ciaddr?: string) => parseDhcpRequest(packet([[53, [3]], ...o], { ciaddr }));
  it.each<[string, DhcpRequest, string | undefined]>([
    ['server id + requested address', req([[54, [10, 0, 0, 1]], [50, [10, 0, 0, 9]]]), 'selecting'],
    ['requested address, no ciaddr', req([[50, [10, 0, 0, 9]]]), 'init-reboot'],
    ['ciaddr only', req([], '10.0.0.9'), 'renewing'],
    ['nothing to go on', req([]), undefined],
  ])('%s → %s', (_n, r, state) => {
    expect(requestState(r)).toBe(state);
  });
});

describe('option value parsers', () => {
  it.each<[string, number[], string[]]>([
    ['iPXE bare string (what iPXE sends)', [...Buffer.from('iPXE')], ['iPXE']],
    ['RFC 3004 framed, one class', [4, ...Buffer.from('iPXE')], ['iPXE']],
    ['RFC 3004 framed, two classes', [2, 0x61, 0x62, 1, 0x63], ['ab', 'c']],
    ['framing that does not tile the value', [9, 0x61], ['\u0009a']],
    ['empty', [], []],
  ])('user class: %s', (_n, bytes, classes) => {
    expect(parseUserClasses(Buffer.from(bytes))).toEqual(classes);
  });

  it('client architecture: a list of 16-bit values (RFC 4578 §2.1)', () => {
    expect(parseClientArch(Buffer.from([0, 7, 0, 0]))).toEqual([7, 0]);
    expect(DhcpOption.ClientSystemArchitecture).toBe(93);
  });
});
