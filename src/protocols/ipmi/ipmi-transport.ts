/**
 * One UDP socket shared by every session of a client (the FreeIPMI ipmipower model: one poll loop, thousands
 * of BMCs). Inbound datagrams are routed without decrypting anything:
 *   - RMCP+ with a session ID: that ID is the SIDm we chose, unique per socket → the owning session;
 *   - RMCP+ pre-session answers (Open Session Response, RAKP 2, RAKP 4) carry SIDm at payload bytes 4–7;
 *   - session-less answers (IPMI v1.5 Get Channel Auth Capabilities, RMCP+ with session 0, ASF pong) → whoever
 *     is waiting on that BMC address and port.
 * Nothing here throws on a bad datagram: it is counted and dropped.
 */
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import { PayloadType, RmcpClass } from './ipmi.constants';
import { peekConsoleSessionId } from './open-session.codec';
import { RMCP_HEADER_LENGTH } from './rmcp.codec';
import { isRmcpPlus, peekRmcpPlusSessionId } from './rmcpplus.codec';

export type DatagramHandler = (datagram: Buffer) => void;

export interface TransportStats {
  received: number;
  /** Not RMCP at all, too short to route, or refused by the decoders (or integrity check) of the session it reached. */
  malformed: number;
  /** Well-formed but nobody was waiting for it (late retransmit answers, closed sessions). */
  unrouted: number;
  sent: number;
  sendErrors: number;
  /** Exceptions thrown by a session while handling a datagram (bugs, never expected). */
  handlerErrors: number;
}

const PRE_SESSION_ANSWERS = new Set<number>([PayloadType.OpenSessionResponse, PayloadType.Rakp2, PayloadType.Rakp4]);

export class IpmiTransport {
  readonly stats: TransportStats = { received: 0, malformed: 0, unrouted: 0, sent: 0, sendErrors: 0, handlerErrors: 0 };
  private readonly bySessionId = new Map<number, DatagramHandler>();
  private readonly byPeer = new Map<string, Set<DatagramHandler>>();
  private closed = false;

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg, rinfo) => this.route(msg, rinfo.address, rinfo.port));
    // ICMP errors surface here on some platforms; a send failure is reported per send instead.
    socket.on('error', () => undefined);
  }

  /**
   * Open the socket on an ephemeral port (`bindAddress` picks the source interface). The receive buffer is
   * raised (default 4 MiB, capped by net.core.rmem_max): a thousand BMCs answering one burst of requests
   * overflow Linux's default ~208 KiB, and every overflowed answer costs a retransmit timeout.
   */
  static open(opts: { bindAddress?: string; receiveBufferBytes?: number } = {}): Promise<IpmiTransport> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: opts.receiveBufferBytes ?? 4 * 1024 * 1024 });
      socket.once('error', reject);
      socket.bind({ address: opts.bindAddress, port: 0 }, () => {
        socket.off('error', reject);
        resolve(new IpmiTransport(socket));
      });
    });
  }

  get localPort(): number {
    return this.socket.address().port;
  }

  /** A fresh SIDm not in use on this socket (never 0: 0 means "no session", §13.6). */
  allocateSessionId(handler: DatagramHandler): number {
    for (;;) {
      const id = randomBytes(4).readUInt32LE(0);
      if (id !== 0 && !this.bySessionId.has(id)) {
        this.bySessionId.set(id, handler);
        return id;
      }
    }
  }

  releaseSessionId(id: number): void {
    this.bySessionId.delete(id);
  }

  /** Receive session-less datagrams from `address:port` until the returned function is called. */
  listenPeer(address: string, port: number, handler: DatagramHandler): () => void {
    const key = `${address}:${port}`;
    let set = this.byPeer.get(key);
    if (!set) this.byPeer.set(key, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.byPeer.delete(key);
    };
  }

  /** Send one datagram; resolves false (never rejects) when the OS refused it, e.g. no route to host. */
  send(datagram: Buffer, address: string, port: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.send(datagram, port, address, (err) => {
        if (err) this.stats.sendErrors++;
        else this.stats.sent++;
        resolve(!err);
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.bySessionId.clear();
    this.byPeer.clear();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private route(msg: Buffer, address: string, port: number): void {
    this.stats.received++;
    if (msg.length < RMCP_HEADER_LENGTH + 1 || msg[0] !== 0x06) {
      this.stats.malformed++;
      return;
    }
    let handler: DatagramHandler | undefined;
    if (isRmcpPlus(msg)) {
      const sid = peekRmcpPlusSessionId(msg);
      if (sid === undefined) {
        this.stats.malformed++;
        return;
      }
      const payloadType = msg[RMCP_HEADER_LENGTH + 1] & 0x3f;
      if (sid !== 0) handler = this.bySessionId.get(sid);
      else if (PRE_SESSION_ANSWERS.has(payloadType)) {
        const sidm = peekConsoleSessionId(msg.subarray(RMCP_HEADER_LENGTH + 12));
        handler = sidm === undefined ? undefined : this.bySessionId.get(sidm);
      }
      if (handler) return this.deliver(handler, msg);
    }
    if (handler === undefined && (msg[3] & 0x7f) !== RmcpClass.Ipmi && (msg[3] & 0x7f) !== RmcpClass.Asf) {
      this.stats.malformed++;
      return;
    }
    const peers = this.byPeer.get(`${address}:${port}`);
    if (!peers || peers.size === 0) {
      this.stats.unrouted++;
      return;
    }
    for (const h of [...peers]) this.deliver(h, msg);
  }

  /** A handler bug must not kill the socket that every other session shares. */
  private deliver(handler: DatagramHandler, msg: Buffer): void {
    try {
      handler(msg);
    } catch {
      this.stats.handlerErrors++;
    }
  }
}
