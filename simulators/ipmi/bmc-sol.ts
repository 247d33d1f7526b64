/**
 * The BMC end of one Serial-over-LAN payload instance (§15.9): console output goes out in numbered packets
 * (1…15), one outstanding at a time, resent until the remote console acknowledges it; console input is
 * acknowledged with its accepted-character count and handed to the host's serial port.
 */
import { decodeSolPacket, encodeSolPacket, nextSolSequence, SolOperation, SolStatus } from '../../src/protocols/ipmi';
import { SerialConsole } from '../fleet/serial-console';

export interface SolChannelOptions {
  /** SOL configuration parameter "SOL retry" interval (§26): how long to wait for an ack before resending. */
  retryIntervalMs?: number;
  /** SOL configuration parameter "SOL retry" count (§26): resends before a packet is given up. */
  retries?: number;
  /** Character bytes per packet (payload size minus the 4-byte SOL header). */
  maxData?: number;
  /** Output kept while the console is slow; older bytes are dropped beyond this. */
  maxBuffered?: number;
}

interface Outstanding {
  seq: number;
  data: Buffer;
  tries: number;
  timer?: NodeJS.Timeout;
}

export class SolChannel {
  private queue = Buffer.alloc(0);
  private outstanding?: Outstanding;
  private seq = 0;
  private lastInboundSeq = 0;
  private stopped = false;
  private readonly retryIntervalMs: number;
  private readonly retries: number;
  private readonly maxData: number;
  private readonly maxBuffered: number;
  private readonly onData = (d: Buffer) => this.enqueue(d);

  constructor(
    private readonly serial: SerialConsole,
    private readonly send: (payload: Buffer) => void,
    opts: SolChannelOptions = {},
  ) {
    this.retryIntervalMs = opts.retryIntervalMs ?? 500;
    this.retries = opts.retries ?? 7;
    this.maxData = opts.maxData ?? 252;
    this.maxBuffered = opts.maxBuffered ?? 64 * 1024;
    serial.on('data', this.onData);
  }

  /** A SOL payload from the remote console (already authenticated and decrypted). */
  handle(payload: Buffer): void {
    if (this.stopped) return;
    const p = decodeSolPacket(payload);
    const o = this.outstanding;
    if (p.ackSequence !== 0 && o && p.ackSequence === o.seq && (p.flags & SolOperation.Nack) === 0) {
      clearTimeout(o.timer);
      this.outstanding = undefined;
      // A partial ack means the console took only the first acceptedCount characters: resend the rest first.
      if (p.acceptedCount < o.data.length) this.queue = Buffer.concat([o.data.subarray(p.acceptedCount), this.queue]);
    }
    if (p.sequence !== 0) {
      const duplicate = p.sequence === this.lastInboundSeq;
      this.lastInboundSeq = p.sequence;
      this.send(encodeSolPacket({ sequence: 0, ackSequence: p.sequence, acceptedCount: p.data.length }));
      if (!duplicate && p.data.length > 0) this.serial.write(p.data);
    }
    this.flush();
  }

  /** Stop sending; `notify` tells the console with the "SOL deactivating" status bit (§15.9). */
  stop(notify = false): void {
    if (this.stopped) return;
    this.stopped = true;
    this.serial.off('data', this.onData);
    if (this.outstanding) clearTimeout(this.outstanding.timer);
    this.outstanding = undefined;
    if (notify) this.send(encodeSolPacket({ sequence: nextSolSequence(this.seq), flags: SolStatus.Deactivating }));
  }

  private enqueue(data: Buffer): void {
    if (this.stopped) return;
    this.queue = Buffer.concat([this.queue, data]);
    if (this.queue.length > this.maxBuffered) this.queue = this.queue.subarray(this.queue.length - this.maxBuffered);
    this.flush();
  }

  private flush(): void {
    if (this.stopped || this.outstanding || this.queue.length === 0) return;
    const data = this.queue.subarray(0, this.maxData);
    this.queue = this.queue.subarray(data.length);
    this.seq = nextSolSequence(this.seq);
    this.outstanding = { seq: this.seq, data, tries: 0 };
    this.transmit();
  }

  private transmit(): void {
    const o = this.outstanding;
    if (!o || this.stopped) return;
    if (o.tries > this.retries) {
      // Given up: the data is lost, as on a real BMC whose console went away; carry on with the next packet.
      this.outstanding = undefined;
      this.flush();
      return;
    }
    o.tries++;
    this.send(encodeSolPacket({ sequence: o.seq, data: o.data }));
    o.timer = setTimeout(() => this.transmit(), this.retryIntervalMs);
    o.timer.unref();
  }
}
