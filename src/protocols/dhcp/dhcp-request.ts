/**
 * What a client message means to a server: the checks of RFC 2131 §4.3 on top of the structural
 * decode. Anything a server cannot act on becomes a DhcpDecodeError (counted and dropped).
 */
import { BOOTREQUEST, DHCP_MIN_MAX_MESSAGE, DhcpMessageType, DhcpOption, HTYPE_ETHERNET } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { parseClientArch, parseUserClasses } from './dhcp-options';
import { decodeDhcpPacket, DhcpPacket, ipFromBytes } from './dhcp-packet.codec';

const CLIENT_MESSAGES = new Set([
  DhcpMessageType.Discover,
  DhcpMessageType.Request,
  DhcpMessageType.Decline,
  DhcpMessageType.Release,
  DhcpMessageType.Inform,
]);

export interface DhcpRequest {
  packet: DhcpPacket;
  type: DhcpMessageType;
  /** chaddr as lower-case "aa:bb:cc:dd:ee:ff". */
  mac: string;
  /** Option 50. */
  requestedIp?: string;
  /** Option 54: the server the client selected (REQUEST) or talks to (DECLINE/RELEASE). */
  serverId?: string;
  /** Option 55, in the client's order. */
  parameterRequestList: number[];
  /** Option 57 clamped to at least 576 (RFC 2132 §9.10), or 576 when absent. */
  maxMessageSize: number;
  /** Option 61, echoed in every reply (RFC 6842 §3). */
  clientId?: Buffer;
  /** Option 82, echoed to the relay (RFC 3046 §2.2). */
  relayAgentInfo?: Buffer;
  /** Option 93 architecture types (RFC 4578). */
  clientArch: number[];
  /** Option 77 user classes (see parseUserClasses). */
  userClasses: string[];
  /**
   * Option 175 as sent: iPXE's (and gPXE's) encapsulated options — feature markers, bus id, version
   * (iPXE src/net/udp/dhcp.c `dhcp_create_request`). Its presence marks an iPXE-family client even
   * without user class "iPXE". Left undecoded: nothing reads its sub-options yet.
   */
  ipxeOptions?: Buffer;
  /** giaddr is set: the message came through a relay agent (RFC 2131 §4.1). */
  relayed: boolean;
}

function macOf(p: DhcpPacket): string {
  const hex = p.chaddr.toString('hex', 0, 6);
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}

function ipOption(p: DhcpPacket, code: DhcpOption): string | undefined {
  const v = p.options.get(code);
  if (v === undefined) return undefined;
  if (v.length !== 4) throw new DhcpDecodeError(`option ${code} must be 4 bytes, got ${v.length}`);
  return ipFromBytes(v);
}

/** Decodes and interprets a datagram sent to a server; throws DhcpDecodeError when it must be dropped. */
export function parseDhcpRequest(buf: Buffer): DhcpRequest {
  const p = decodeDhcpPacket(buf);
  if (p.op !== BOOTREQUEST) throw new DhcpDecodeError(`op ${p.op} is not BOOTREQUEST`, 'unsupported');
  // hwctl's inventory is keyed by Ethernet MACs; IPoIB (htype 32, hlen 0) identifies by client id only.
  if (p.htype !== HTYPE_ETHERNET || p.hlen !== 6) {
    throw new DhcpDecodeError(`hardware type ${p.htype}/length ${p.hlen} is not Ethernet`, 'unsupported');
  }
  const mt = p.options.get(DhcpOption.MessageType);
  if (mt === undefined) throw new DhcpDecodeError('no option 53 (a BOOTP request)', 'unsupported');
  if (mt.length !== 1) throw new DhcpDecodeError(`option 53 must be 1 byte, got ${mt.length}`);
  const type = mt[0] as DhcpMessageType;
  if (!CLIENT_MESSAGES.has(type)) throw new DhcpDecodeError(`message type ${mt[0]} is not sent by clients`, 'unsupported');
  const mms = p.options.get(DhcpOption.MaxMessageSize);
  if (mms !== undefined && mms.length !== 2) throw new DhcpDecodeError(`option 57 must be 2 bytes, got ${mms.length}`);
  const arch = p.options.get(DhcpOption.ClientSystemArchitecture);
  if (arch !== undefined && (arch.length === 0 || arch.length % 2 !== 0)) {
    throw new DhcpDecodeError(`option 93 must be a list of 16-bit values, got ${arch.length} bytes`);
  }
  const prl = p.options.get(DhcpOption.ParameterRequestList);
  const uc = p.options.get(DhcpOption.UserClass);
  return {
    packet: p,
    type,
    mac: macOf(p),
    requestedIp: ipOption(p, DhcpOption.RequestedIpAddress),
    serverId: ipOption(p, DhcpOption.ServerIdentifier),
    parameterRequestList: prl ? [...prl] : [],
    maxMessageSize: Math.max(DHCP_MIN_MAX_MESSAGE, mms ? mms.readUInt16BE(0) : 0),
    clientId: p.options.get(DhcpOption.ClientIdentifier),
    relayAgentInfo: p.options.get(DhcpOption.RelayAgentInformation),
    clientArch: arch ? parseClientArch(arch) : [],
    userClasses: uc ? parseUserClasses(uc) : [],
    ipxeOptions: p.options.get(DhcpOption.IpxeEncapsulated),
    relayed: p.giaddr !== '0.0.0.0',
  };
}

/** RFC 2131 §4.3.2 client states a DHCPREQUEST can come from. */
export type RequestState = 'selecting' | 'init-reboot' | 'renewing';

/**
 * Which state a REQUEST was sent from (RFC 2131 §4.3.2): SELECTING carries a server identifier,
 * INIT-REBOOT a requested address and no ciaddr, RENEWING/REBINDING a ciaddr (a server without the
 * destination address cannot tell those two apart, and answers both the same way).
 */
export function requestState(r: DhcpRequest): RequestState | undefined {
  if (r.serverId !== undefined) return 'selecting';
  if (r.packet.ciaddr !== '0.0.0.0') return 'renewing';
  if (r.requestedIp !== undefined) return 'init-reboot';
  return undefined;
}
