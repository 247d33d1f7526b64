/**
 * Building server replies (RFC 2131 §4.3.1 Table 3) and choosing where they go (§4.1).
 */
import {
  BOOTREPLY,
  DhcpMessageType,
  DhcpOption,
  FLAG_BROADCAST,
  IP_UDP_HEADERS,
  OPTIONS_OFFSET,
} from './dhcp.constants';
import { IPXE_NO_PXEDHCP, optionValue } from './dhcp-options';
import { encodeDhcpPacket, encodedOptionLength } from './dhcp-packet.codec';
import { broadcastOf } from './ipv4-subnet';
import { DhcpRequest } from './dhcp-request';

/** Configuration a client receives with an address (OFFER/ACK) or without one (INFORM). */
export interface DhcpParams {
  subnetMask?: string;
  routers?: string[];
  dns?: string[];
  domain?: string;
  hostname?: string;
  /** Option 67 and, when it fits (≤ 127 bytes), the BOOTP `file` field that older PXE ROMs read. */
  bootfile?: string;
  /** Option 66. */
  tftpServer?: string;
  /** siaddr: the server of the next bootstrap step (RFC 2131 §2). */
  nextServer?: string;
  /**
   * Option 175 with iPXE's NoPxeDhcp flag (IPXE_NO_PXEDHCP): the iPXE client stops waiting for ProxyDHCP
   * offers. Only for iPXE clients: other PXE firmware does not know option 175 (the caller decides).
   */
  ipxeNoPxeDhcp?: boolean;
}

export interface DhcpLease {
  address: string;
  leaseSeconds: number;
  params: DhcpParams;
}

export interface Destination {
  address: string;
  port: number;
}

function paramOptions(p: DhcpParams, address: string | undefined): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  if (p.subnetMask) out.push([DhcpOption.SubnetMask, optionValue.ip(p.subnetMask)]);
  if (p.routers?.length) out.push([DhcpOption.Router, optionValue.ips(p.routers)]);
  if (p.dns?.length) out.push([DhcpOption.DomainNameServer, optionValue.ips(p.dns)]);
  if (p.hostname) out.push([DhcpOption.HostName, optionValue.text(p.hostname)]);
  if (p.domain) out.push([DhcpOption.DomainName, optionValue.text(p.domain)]);
  if (p.subnetMask && address && address !== '0.0.0.0') {
    out.push([DhcpOption.BroadcastAddress, optionValue.ip(broadcastOf(address, p.subnetMask))]);
  }
  if (p.tftpServer) out.push([DhcpOption.TftpServerName, optionValue.text(p.tftpServer)]);
  if (p.bootfile) out.push([DhcpOption.BootfileName, optionValue.text(p.bootfile)]);
  // 5 bytes; iPXE lists 175 in its option 55, so fitOptions ranks it where the client put it (and, like
  // any optional option, leaves it out before the boot file when the reply would exceed option 57).
  if (p.ipxeNoPxeDhcp) out.push([DhcpOption.IpxeEncapsulated, IPXE_NO_PXEDHCP]);
  return out;
}

/**
 * Options the client asked for (option 55) first in its order, then the rest; when the reply would
 * exceed the client's maximum message size (option 57) the least wanted are left out.
 */
function fitOptions(head: [number, Buffer][], params: [number, Buffer][], tail: [number, Buffer][], req: DhcpRequest) {
  const prl = req.parameterRequestList;
  const rank = (code: number) => {
    const i = prl.indexOf(code);
    return i === -1 ? 1000 + code : i;
  };
  const optional = [...params].sort((a, b) => rank(a[0]) - rank(b[0]));
  // Counted as encodeDhcpPacket writes them: a value over 255 bytes (a long boot URL) costs 2 bytes per instance.
  const size = (list: [number, Buffer][]) => list.reduce((n, [, v]) => n + encodedOptionLength(v), 0);
  const budget = req.maxMessageSize - IP_UDP_HEADERS - OPTIONS_OFFSET - 1 - size(head) - size(tail);
  while (optional.length > 0 && size(optional) > budget) optional.pop();
  return [...head, ...optional, ...tail];
}

function echoed(req: DhcpRequest): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  if (req.clientId) out.push([DhcpOption.ClientIdentifier, req.clientId]); // RFC 6842 §3
  if (req.relayAgentInfo) out.push([DhcpOption.RelayAgentInformation, req.relayAgentInfo]); // RFC 3046 §2.2: last
  return out;
}

/** DHCPOFFER / DHCPACK with an address. T1 = 50 %, T2 = 87.5 % of the lease (RFC 2131 §4.4.5). */
export function buildLeaseReply(req: DhcpRequest, type: DhcpMessageType.Offer | DhcpMessageType.Ack, serverId: string, lease: DhcpLease): Buffer {
  const head: [number, Buffer][] = [
    [DhcpOption.MessageType, optionValue.u8(type)],
    [DhcpOption.ServerIdentifier, optionValue.ip(serverId)],
    [DhcpOption.LeaseTime, optionValue.u32(lease.leaseSeconds)],
    [DhcpOption.RenewalTime, optionValue.u32(lease.leaseSeconds / 2)],
    [DhcpOption.RebindingTime, optionValue.u32((lease.leaseSeconds * 7) / 8)],
  ];
  const p = req.packet;
  const bootfile = lease.params.bootfile;
  return encodeDhcpPacket({
    op: BOOTREPLY,
    xid: p.xid,
    flags: p.flags,
    ciaddr: type === DhcpMessageType.Ack ? p.ciaddr : '0.0.0.0',
    yiaddr: lease.address,
    siaddr: lease.params.nextServer ?? '0.0.0.0',
    giaddr: p.giaddr,
    chaddr: p.chaddr,
    file: bootfile && bootfile.length <= 127 ? bootfile : undefined,
    options: fitOptions(head, paramOptions(lease.params, lease.address), echoed(req), req),
  });
}

/** DHCPACK to a DHCPINFORM: configuration only, no address and no lease times (RFC 2131 §4.3.5). */
export function buildInformReply(req: DhcpRequest, serverId: string, params: DhcpParams): Buffer {
  const head: [number, Buffer][] = [
    [DhcpOption.MessageType, optionValue.u8(DhcpMessageType.Ack)],
    [DhcpOption.ServerIdentifier, optionValue.ip(serverId)],
  ];
  const p = req.packet;
  return encodeDhcpPacket({
    op: BOOTREPLY,
    xid: p.xid,
    flags: p.flags,
    ciaddr: p.ciaddr,
    siaddr: params.nextServer ?? '0.0.0.0',
    giaddr: p.giaddr,
    chaddr: p.chaddr,
    file: params.bootfile && params.bootfile.length <= 127 ? params.bootfile : undefined,
    options: fitOptions(head, paramOptions(params, p.ciaddr), echoed(req), req),
  });
}

/** DHCPNAK (Table 3): no addresses, no parameters; broadcast bit set when it goes through a relay (§4.1). */
export function buildNak(req: DhcpRequest, serverId: string, message: string): Buffer {
  const p = req.packet;
  return encodeDhcpPacket({
    op: BOOTREPLY,
    xid: p.xid,
    flags: p.giaddr !== '0.0.0.0' ? p.flags | FLAG_BROADCAST : p.flags,
    giaddr: p.giaddr,
    chaddr: p.chaddr,
    options: [
      [DhcpOption.MessageType, optionValue.u8(DhcpMessageType.Nak)],
      [DhcpOption.ServerIdentifier, optionValue.ip(serverId)],
      [DhcpOption.Message, optionValue.text(message.slice(0, 255))],
      ...echoed(req),
    ],
  });
}

/**
 * Where a reply goes (RFC 2131 §4.1): to the relay agent on the server port when giaddr is set;
 * a NAK is broadcast; a client that has an address (ciaddr: RENEW, REBIND, INFORM) gets it unicast;
 * everything else is broadcast. The RFC prefers unicast to yiaddr/chaddr for clients that did not set
 * the broadcast flag, but that needs an ARP entry a UDP socket cannot create; the RFC allows the
 * broadcast instead ("If unicasting is not possible, the message MAY be sent as an IP broadcast").
 * `broadcast` is the interface's directed broadcast address (see dhcp-server.ts for why).
 */
export function replyDestination(
  req: DhcpRequest,
  type: DhcpMessageType,
  ports: { server: number; client: number },
  broadcast: string,
): Destination {
  const p = req.packet;
  if (p.giaddr !== '0.0.0.0') return { address: p.giaddr, port: ports.server };
  if (type === DhcpMessageType.Nak) return { address: broadcast, port: ports.client };
  if (p.ciaddr !== '0.0.0.0') return { address: p.ciaddr, port: ports.client };
  return { address: broadcast, port: ports.client };
}
