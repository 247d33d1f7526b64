/**
 * A read-only TFTP server: RFC 1350 with the option extension (RFC 2347), blksize (RFC 2348), timeout and
 * tsize (RFC 2349) and windowsize (RFC 7440). It exists to hand PXE ROMs their iPXE binary, so:
 *  - write requests are refused with "access violation" (nothing is ever written);
 *  - each read runs on its own ephemeral socket (the transfer ID of RFC 1350 §4), bound to the same
 *    address as the listening socket;
 *  - malformed datagrams are counted and dropped, never answered and never fatal;
 *  - concurrent transfers are capped; beyond the cap a request gets an error instead of a socket.
 */
import * as dgram from 'node:dgram';
import { openSource, TftpFileError } from './file-source';
import { decodePacket, encodeError, TftpDecodeError, TftpErrorCode } from './tftp.codec';
import { negotiate } from './tftp-options';
import { TftpTransfer, TransferCounters, TransferOutcome } from './tftp-transfer';

export interface TftpServerOptions {
  host: string;
  port: number;
  root: string;
  /** Retransmit timeout unless the client negotiates one. */
  timeoutMs: number;
  /** Retransmits of one packet (or window) before the transfer is given up. */
  retries: number;
  maxBlksize: number;
  maxWindowsize: number;
  maxSessions: number;
  /** Told about each finished transfer and each refused request (for logs). */
  onEvent?: (event: TftpEvent) => void;
}

export type TftpEvent =
  | { kind: 'transfer'; peer: string; file: string; outcome: TransferOutcome; bytes: number; blksize: number; windowsize: number; ms: number }
  | { kind: 'refused'; peer: string; file: string; code: number; reason: string };

export interface TftpStats extends TransferCounters {
  requests: number;
  refused: number;
  active: number;
  completed: number;
  failed: number;
}

export class TftpServer {
  private socket?: dgram.Socket;
  private readonly active = new Map<string, TftpTransfer>();
  private readonly counters: TransferCounters = { malformed: 0, retransmits: 0, bytesSent: 0, foreignPackets: 0 };
  private requests = 0;
  private refused = 0;
  private completed = 0;
  private failed = 0;

  constructor(private readonly opts: TftpServerOptions) {}

  /** Binds the listening socket; resolves with the bound port (useful with port 0). */
  listen(): Promise<{ address: string; port: number }> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type: this.opts.host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
      socket.once('error', reject);
      socket.bind(this.opts.port, this.opts.host, () => {
        socket.off('error', reject);
        socket.on('error', () => undefined); // ICMP port-unreachable and the like: per-send failures, not fatal
        socket.on('message', (msg, rinfo) => void this.onRequest(msg, rinfo));
        this.socket = socket;
        resolve(socket.address());
      });
    });
  }

  async close(): Promise<void> {
    for (const t of this.active.values()) t.abort();
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  stats(): TftpStats {
    return { ...this.counters, requests: this.requests, refused: this.refused, active: this.active.size, completed: this.completed, failed: this.failed };
  }

  private async onRequest(msg: Buffer, rinfo: dgram.RemoteInfo): Promise<void> {
    let packet;
    try {
      packet = decodePacket(msg);
    } catch (err) {
      if (!(err instanceof TftpDecodeError)) throw err;
      this.counters.malformed++;
      return;
    }
    if (packet.op !== 'RRQ' && packet.op !== 'WRQ') {
      // DATA/ACK/ERROR/OACK belong on a transfer socket; on the listening port they are strays.
      this.counters.malformed++;
      return;
    }
    this.requests++;
    const peer = `${rinfo.address}:${rinfo.port}`;
    const refuse = (code: number, reason: string) => {
      this.refused++;
      this.socket?.send(encodeError(code, reason), rinfo.port, rinfo.address, () => undefined);
      this.opts.onEvent?.({ kind: 'refused', peer, file: packet.filename, code, reason });
    };
    if (packet.op === 'WRQ') return refuse(TftpErrorCode.AccessViolation, 'access violation: this server is read-only');
    if (packet.mode !== 'octet' && packet.mode !== 'netascii') return refuse(TftpErrorCode.IllegalOperation, `unsupported transfer mode "${packet.mode}"`);
    // A client that retransmits its RRQ before our first answer arrives must not start a second transfer.
    if (this.active.has(peer)) return;
    if (this.active.size >= this.opts.maxSessions) return refuse(TftpErrorCode.NotDefined, 'server busy: too many transfers, try again');

    let source;
    try {
      source = await openSource(this.opts.root, packet.filename, packet.mode);
    } catch (err) {
      if (err instanceof TftpFileError) return refuse(err.code, err.message);
      return refuse(TftpErrorCode.NotDefined, 'cannot read file');
    }
    const negotiated = negotiate(packet.options, source.size, {
      maxBlksize: this.opts.maxBlksize,
      maxWindowsize: this.opts.maxWindowsize,
      defaultTimeoutMs: this.opts.timeoutMs,
    });
    let socket: dgram.Socket;
    try {
      socket = await this.transferSocket();
    } catch {
      await source.close().catch(() => undefined);
      return refuse(TftpErrorCode.NotDefined, 'no transfer socket available');
    }
    if (!this.socket) {
      // closed while we were opening the file
      socket.close();
      await source.close().catch(() => undefined);
      return;
    }
    const started = Date.now();
    const transfer = new TftpTransfer({ socket, peer: { address: rinfo.address, port: rinfo.port }, source, negotiated, retries: this.opts.retries, counters: this.counters });
    this.active.set(peer, transfer);
    transfer.start();
    const outcome = await transfer.done;
    this.active.delete(peer);
    socket.close();
    await source.close().catch(() => undefined);
    if (outcome === 'completed') this.completed++;
    else this.failed++;
    this.opts.onEvent?.({
      kind: 'transfer',
      peer,
      file: packet.filename,
      outcome,
      bytes: transfer.bytesSent,
      blksize: negotiated.blksize,
      windowsize: negotiated.windowsize,
      ms: Date.now() - started,
    });
  }

  private transferSocket(): Promise<dgram.Socket> {
    const local = this.socket!.address();
    return new Promise((resolve, reject) => {
      const s = dgram.createSocket(local.family === 'IPv6' ? 'udp6' : 'udp4');
      s.once('error', reject);
      s.bind(0, local.address, () => {
        s.off('error', reject);
        resolve(s);
      });
    });
  }
}
