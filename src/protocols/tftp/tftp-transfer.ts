/**
 * One read transfer, from the server's side, on its own socket (its transfer ID, RFC 1350 §4).
 *
 * - Blocks are counted in absolute numbers here and put on the wire modulo 65536, so files of more than
 *   65535 blocks roll over to block 0 the way tftp-hpa, curl, busybox and iPXE all expect (RFC 1350 is
 *   silent; RFC 7440 §3 notes the wrap).
 * - With RFC 7440 windowsize W, up to W blocks go out before an ACK is awaited. An ACK for any block of
 *   the window moves the window to start right after it (the receiver ACKs the last in-order block when
 *   it notices a gap, §4). An ACK for a block already acknowledged is ignored: only the timer
 *   retransmits, which avoids the Sorcerer's Apprentice syndrome (RFC 1123 §4.2.3.1).
 * - Retransmits are bounded (`retries`); after the last one the transfer ends silently, as RFC 1350 §2
 *   prescribes for a peer that went away.
 */
import * as dgram from 'node:dgram';
import { BlockSource } from './file-source';
import { decodePacket, encodeData, encodeError, encodeOack, TftpDecodeError, TftpErrorCode } from './tftp.codec';
import { Negotiated } from './tftp-options';

const READ_AHEAD = 256 * 1024;

export type TransferOutcome = 'completed' | 'timeout' | 'peer-error' | 'read-error' | 'aborted';

export interface TransferCounters {
  malformed: number;
  retransmits: number;
  bytesSent: number;
  foreignPackets: number;
}

export interface TransferParams {
  socket: dgram.Socket;
  peer: { address: string; port: number };
  source: BlockSource;
  negotiated: Negotiated;
  retries: number;
  counters: TransferCounters;
}

export class TftpTransfer {
  /** Absolute number of the last block the client acknowledged (0 = none, or the OACK). */
  private lastAcked = 0;
  /** Absolute number of the last block put on the wire in the current window. */
  private lastSent = 0;
  private readonly totalBlocks: number;
  private retriesLeft: number;
  private timer?: NodeJS.Timeout;
  /** Bumped whenever a new window starts, so a window still being read from disk stops sending. */
  private generation = 0;
  private awaitingOackAck: boolean;
  private finished = false;
  private chunk?: { offset: number; data: Buffer };
  /** Data octets put on the wire by this transfer, retransmits included. */
  bytesSent = 0;
  private resolveDone!: (o: TransferOutcome) => void;
  readonly done: Promise<TransferOutcome>;

  constructor(private readonly p: TransferParams) {
    // A file whose size is a multiple of blksize ends with an empty block (RFC 1350 §6).
    this.totalBlocks = Math.floor(p.source.size / p.negotiated.blksize) + 1;
    this.retriesLeft = p.retries;
    this.awaitingOackAck = p.negotiated.oack !== undefined;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    p.socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    p.socket.on('error', () => this.finish('aborted'));
  }

  start(): void {
    if (this.awaitingOackAck) this.sendOack();
    else void this.sendWindow(1);
  }

  abort(): void {
    this.finish('aborted');
  }

  private sendOack(): void {
    this.send(encodeOack(this.p.negotiated.oack!));
    this.arm();
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (this.finished) return;
    if (rinfo.address !== this.p.peer.address || rinfo.port !== this.p.peer.port) {
      // RFC 1350 §4: a packet from another TID gets an error, and our transfer goes on.
      this.p.counters.foreignPackets++;
      this.p.socket.send(encodeError(TftpErrorCode.UnknownTransferId, 'unknown transfer ID'), rinfo.port, rinfo.address, () => undefined);
      return;
    }
    let packet;
    try {
      packet = decodePacket(msg);
    } catch (err) {
      if (!(err instanceof TftpDecodeError)) throw err;
      this.p.counters.malformed++;
      return;
    }
    if (packet.op === 'ERROR') return this.finish('peer-error');
    if (packet.op !== 'ACK') {
      this.p.counters.malformed++;
      return;
    }
    if (this.awaitingOackAck) {
      // RFC 2347: the client confirms the OACK with ACK 0.
      if (packet.block !== 0) return;
      this.awaitingOackAck = false;
      this.retriesLeft = this.p.retries;
      void this.sendWindow(1);
      return;
    }
    const acked = this.absolute(packet.block);
    if (acked === undefined) return; // a duplicate or stray ACK: wait for the timer (no Sorcerer's Apprentice)
    this.lastAcked = acked;
    this.retriesLeft = this.p.retries;
    if (acked >= this.totalBlocks) return this.finish('completed');
    void this.sendWindow(acked + 1);
  }

  /** Maps a wire block number to the one block of the in-flight window it can name. */
  private absolute(wire: number): number | undefined {
    for (let b = this.lastAcked + 1; b <= this.lastSent; b++) if ((b & 0xffff) === wire) return b;
    return undefined;
  }

  private async sendWindow(first: number): Promise<void> {
    const gen = ++this.generation;
    this.disarm();
    const { blksize, windowsize } = this.p.negotiated;
    const last = Math.min(first + windowsize - 1, this.totalBlocks);
    let data: Buffer;
    try {
      data = await this.window((first - 1) * blksize, (last - first + 1) * blksize);
    } catch {
      this.send(encodeError(TftpErrorCode.NotDefined, 'read error'));
      return this.finish('read-error');
    }
    if (gen !== this.generation || this.finished) return;
    this.lastSent = first - 1;
    for (let b = first; b <= last; b++) {
      const off = (b - first) * blksize;
      const block = data.subarray(Math.min(off, data.length), Math.min(off + blksize, data.length));
      this.lastSent = b;
      this.p.counters.bytesSent += block.length;
      this.bytesSent += block.length;
      this.send(encodeData(b, block));
    }
    this.arm();
  }

  /**
   * The bytes of one window. Reads go to the file in chunks of at least READ_AHEAD bytes and windows are
   * cut from the chunk in memory: at blksize 512 a thread-pool read per block would cost more than the
   * round trip itself.
   */
  private async window(offset: number, length: number): Promise<Buffer> {
    const c = this.chunk;
    const reachesEof = c !== undefined && c.offset + c.data.length >= this.p.source.size;
    if (c && offset >= c.offset && (offset + length <= c.offset + c.data.length || reachesEof)) {
      return c.data.subarray(offset - c.offset, offset - c.offset + length);
    }
    const data = await this.p.source.read(offset, Math.max(length, READ_AHEAD));
    this.chunk = { offset, data };
    return data.subarray(0, Math.min(length, data.length));
  }

  private arm(): void {
    this.disarm();
    this.timer = setTimeout(() => this.onTimeout(), this.p.negotiated.timeoutMs);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onTimeout(): void {
    if (this.finished) return;
    if (this.retriesLeft-- <= 0) return this.finish('timeout');
    this.p.counters.retransmits++;
    if (this.awaitingOackAck) this.sendOack();
    else void this.sendWindow(this.lastAcked + 1);
  }

  private send(packet: Buffer): void {
    this.p.socket.send(packet, this.p.peer.port, this.p.peer.address, () => undefined);
  }

  private finish(outcome: TransferOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.disarm();
    this.generation++;
    this.resolveDone(outcome);
  }
}
