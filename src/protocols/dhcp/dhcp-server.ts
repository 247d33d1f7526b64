/**
 * The DHCPv4 server socket: receive, filter, decode, ask the responder, send, count.
 *
 * Binding. A server must bind 0.0.0.0:67 to receive broadcasts from clients that have no address yet
 * (a socket bound to the interface address receives none; ../shared/peers/PEERS.md §4). dnsmasq and
 * Kea then pin the socket to one interface with SO_BINDTODEVICE / IP_PKTINFO; Node's dgram exposes
 * neither, so this server gets the same effect from addresses:
 *  - receive: a datagram is accepted only when it can have come over the served link — a relayed
 *    message (giaddr set) from a source inside the link's subnet or a configured relay subnet, a
 *    direct one from 0.0.0.0 (a client without address) or from inside the link's subnet. The backend
 *    then only hands out addresses inside the link's subnet to direct clients, so a broadcast that
 *    arrived on another interface gets no answer from the wrong segment.
 *  - send: broadcasts go to the link's *directed* broadcast address (e.g. 10.99.0.255) rather than
 *    255.255.255.255. The kernel routes a directed broadcast out of the interface that owns the subnet
 *    (link-layer ff:ff:ff:ff:ff:ff), while the limited broadcast follows the default route — on a host
 *    without one (a provisioning namespace) sendto fails with ENETUNREACH, and on a multi-homed host it
 *    leaves through the wrong interface. DHCP clients read replies on raw sockets by UDP port 68 and do
 *    not filter on the IP destination (busybox udhcpc, ISC dhclient, iPXE; proven in test/interop).
 * Unicast replies (relay agents, RENEW/INFORM clients with ciaddr) follow the routing table as usual.
 *
 * Nothing a client sends can crash the server: decode errors are counted by reason and dropped,
 * backend failures are counted and logged, send errors are counted.
 */
import * as dgram from 'node:dgram';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, DhcpMessageType } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { DhcpRequest, parseDhcpRequest } from './dhcp-request';
import { broadcastOf, inSubnet } from './ipv4-subnet';
import { DhcpBackend, DhcpResponder, DhcpResponse } from './dhcp-responder';

export interface DhcpLink {
  /** Interface name, for logs. */
  name: string;
  /** The interface's IPv4 address and netmask. */
  address: string;
  netmask: string;
}

export interface DhcpServerLogger {
  /** Per-packet lines; leave undefined unless debugging (it costs an object per packet). */
  debug?(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

export interface DhcpServerOptions {
  link: DhcpLink;
  /** Option 54 and the identity REQUESTs are matched against; usually the link address. */
  serverId: string;
  backend: DhcpBackend;
  /** Bind address; 0.0.0.0 (the default) is the only one that receives client broadcasts. */
  bindAddress?: string;
  port?: number;
  clientPort?: number;
  /** Networks (address + mask) whose relay agents are served besides the link's own subnet. */
  relaySubnets?: { network: string; netmask: string }[];
  /** Kernel receive buffer; bursts of thousands of DISCOVERs must not overflow it. */
  receiveBufferBytes?: number;
  logger?: DhcpServerLogger;
}

export const DHCP_COUNTER_NAMES = [
  'received',
  'malformed',
  'unsupported',
  'filtered',
  'discover',
  'request',
  'decline',
  'release',
  'inform',
  'offer',
  'ack',
  'nak',
  'silent',
  'backendErrors',
  'sendErrors',
] as const;
export type DhcpCounters = Record<(typeof DHCP_COUNTER_NAMES)[number], number>;

const IN_COUNTER: Partial<Record<DhcpMessageType, keyof DhcpCounters>> = {
  [DhcpMessageType.Discover]: 'discover',
  [DhcpMessageType.Request]: 'request',
  [DhcpMessageType.Decline]: 'decline',
  [DhcpMessageType.Release]: 'release',
  [DhcpMessageType.Inform]: 'inform',
};

export class DhcpServer {
  readonly counters: DhcpCounters = Object.fromEntries(DHCP_COUNTER_NAMES.map((n) => [n, 0])) as DhcpCounters;
  private socket?: dgram.Socket;
  private responder: DhcpResponder;
  private readonly broadcast: string;
  private port: number;
  private readonly inflight = new Set<Promise<void>>();
  private lastSendWarning = 0;
  /** One shared send callback (no closure per packet); failures are counted, logged at most once a second. */
  private readonly onSent = (err: Error | null) => {
    if (!err) return;
    this.counters.sendErrors++;
    const now = Date.now();
    if (now - this.lastSendWarning >= 1000) {
      this.lastSendWarning = now;
      this.o.logger?.warn('DHCP send failed', { error: err.message, sendErrors: this.counters.sendErrors });
    }
  };

  constructor(private readonly o: DhcpServerOptions) {
    this.port = o.port ?? DHCP_SERVER_PORT;
    this.broadcast = broadcastOf(o.link.address, o.link.netmask);
    this.responder = this.makeResponder();
  }

  private makeResponder(): DhcpResponder {
    return new DhcpResponder({
      serverId: this.o.serverId,
      backend: this.o.backend,
      // Relay agents listen on the server port (RFC 2131 §4.1): the port we are bound to.
      ports: { server: this.port, client: this.o.clientPort ?? DHCP_CLIENT_PORT },
      broadcast: this.broadcast,
    });
  }

  /** Binds the socket; resolves once listening, rejects (EADDRINUSE, EACCES) otherwise. */
  async start(): Promise<{ address: string; port: number }> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: this.o.bindAddress ?? '0.0.0.0', port: this.port }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.setBroadcast(true);
    try {
      socket.setRecvBufferSize(this.o.receiveBufferBytes ?? 4 * 1024 * 1024);
    } catch {
      // capped by net.core.rmem_max; the default still works, bursts may drop earlier
    }
    socket.on('error', (err) => this.o.logger?.warn('DHCP socket error', { error: err.message }));
    socket.on('message', (buf, rinfo) => this.onMessage(buf, rinfo.address));
    const a = socket.address();
    if (a.port !== this.port) {
      this.port = a.port; // bound to port 0 (tests): answer relays on the port actually used
      this.responder = this.makeResponder();
    }
    return { address: a.address, port: a.port };
  }

  /** Stops receiving and waits for replies still being computed (bounded by the backend's own timeouts). */
  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    await Promise.allSettled([...this.inflight]);
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /**
   * Handles one datagram from `source`; exposed so adapters and tests can drive it without a socket.
   * Never throws or rejects. Returns a promise only while a backend call is in flight.
   */
  handle(buf: Buffer, source: string): Promise<void> | undefined {
    const c = this.counters;
    c.received++;
    let req: DhcpRequest;
    try {
      req = parseDhcpRequest(buf);
    } catch (err) {
      if (err instanceof DhcpDecodeError) {
        c[err.reason]++;
        this.o.logger?.debug?.('DHCP datagram dropped', { source, reason: err.reason, detail: err.message });
      } else {
        // A decoder bug must not take the server down either (the fuzz spec hunts for these).
        c.malformed++;
        this.o.logger?.warn('DHCP decoder failed unexpectedly', { source, error: String(err) });
      }
      return undefined;
    }
    const counter = IN_COUNTER[req.type];
    if (counter) c[counter]++;
    if (!this.fromServedLink(req, source)) {
      c.filtered++;
      return undefined;
    }
    let res: DhcpResponse | Promise<DhcpResponse>;
    try {
      res = this.responder.respond(req);
    } catch (err) {
      this.backendFailed(req, err);
      return undefined;
    }
    if (res instanceof Promise) {
      return res.then(
        (r) => this.finish(req, source, r),
        (err) => this.backendFailed(req, err),
      );
    }
    this.finish(req, source, res);
    return undefined;
  }

  private onMessage(buf: Buffer, source: string): void {
    const p = this.handle(buf, source);
    if (p) {
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    }
  }

  private fromServedLink(req: DhcpRequest, source: string): boolean {
    const { address, netmask } = this.o.link;
    if (source !== '0.0.0.0' && inSubnet(source, address, netmask)) return true;
    if (!req.relayed) return source === '0.0.0.0';
    return (this.o.relaySubnets ?? []).some((s) => inSubnet(source, s.network, s.netmask));
  }

  private backendFailed(req: DhcpRequest, err: unknown): void {
    this.counters.backendErrors++;
    this.o.logger?.warn('DHCP backend failed', { mac: req.mac, type: DhcpMessageType[req.type], error: (err as Error)?.message ?? String(err) });
  }

  private finish(req: DhcpRequest, source: string, res: DhcpResponse): void {
    const c = this.counters;
    switch (res.outcome) {
      case 'offer':
      case 'ack':
      case 'nak':
        c[res.outcome]++;
        break;
      case 'inform':
        c.ack++;
        break;
      case 'silent':
        c.silent++;
        break;
      case 'release':
      case 'decline':
        break;
    }
    this.o.logger?.debug?.('DHCP exchange', {
      mac: req.mac,
      in: DhcpMessageType[req.type],
      source,
      giaddr: req.packet.giaddr,
      outcome: res.outcome,
      reason: res.reason,
      to: res.reply ? `${res.reply.to.address}:${res.reply.to.port}` : undefined,
    });
    if (!res.reply || !this.socket) return;
    const { packet, to } = res.reply;
    try {
      this.socket.send(packet, to.port, to.address, this.onSent);
    } catch (err) {
      this.onSent(err as Error); // e.g. the socket closed meanwhile
    }
  }
}
