/**
 * The remote-console end of Serial over LAN (§15.9, activation §24.1): receives numbered character packets,
 * acknowledges each with the count accepted, and sends typed input as numbered packets retransmitted until
 * the BMC acknowledges them. Emits 'data' (Buffer) for console output and 'close' when SOL ends.
 */
import { EventEmitter } from 'node:events';
import { AppCmd, NetFn, PayloadType } from './ipmi.constants';
import { decodeActivatePayloadResponse, encodeActivatePayloadRequest, encodeDeactivatePayloadRequest } from './payload-commands.codec';
import { IpmiSession } from './ipmi-session';
import { decodeSolPacket, encodeSolPacket, nextSolSequence, SolStatus } from './sol.codec';

export interface SolConsoleOptions {
  retransmitMs?: number;
  retries?: number;
}

export class SolConsole extends EventEmitter {
  private seq = 0;
  private lastInbound = 0;
  private queue = Buffer.alloc(0);
  private outstanding?: { seq: number; data: Buffer; tries: number; timer?: NodeJS.Timeout };
  private closed = false;

  private constructor(
    private readonly session: IpmiSession,
    /** Largest payload the BMC accepts from us (Activate Payload "inbound payload size"). */
    private readonly maxPayload: number,
    private readonly opts: Required<SolConsoleOptions>,
  ) {
    super();
    session.onPayload(PayloadType.Sol, (p) => this.onPacket(p));
  }

  /** Activate SOL instance 1. A BMC whose SOL is already taken answers 80h → IpmiError IPMI_COMPLETION_CODE. */
  static async activate(session: IpmiSession, opts: SolConsoleOptions = {}): Promise<SolConsole> {
    const data = await session.request(NetFn.App, AppCmd.ActivatePayload, encodeActivatePayloadRequest({ payloadType: PayloadType.Sol, instance: 1 }));
    const rsp = decodeActivatePayloadResponse(data);
    // Some BMCs report nonsense sizes (ipmi_sim: 0x4000); clamp to what fits a datagram comfortably.
    const maxPayload = Math.min(Math.max(rsp.inboundPayloadSize, 16), 255);
    return new SolConsole(session, maxPayload, { retransmitMs: opts.retransmitMs ?? 500, retries: opts.retries ?? 5 });
  }

  write(data: Buffer | string): void {
    if (this.closed) return;
    this.queue = Buffer.concat([this.queue, typeof data === 'string' ? Buffer.from(data, 'latin1') : data]);
    this.flush();
  }

  /** Deactivate Payload (§24.2) and stop; the session stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.end();
    await this.session.request(NetFn.App, AppCmd.DeactivatePayload, encodeDeactivatePayloadRequest()).catch(() => undefined);
  }

  private end(): void {
    this.closed = true;
    if (this.outstanding) clearTimeout(this.outstanding.timer);
    this.outstanding = undefined;
    this.session.onPayload(PayloadType.Sol, undefined);
    this.emit('close');
  }

  private onPacket(payload: Buffer): void {
    const p = decodeSolPacket(payload);
    const o = this.outstanding;
    // A NACK (§15.9 status bit 6) means "not accepted now": keep the packet for the retransmit timer.
    if (o && p.ackSequence === o.seq && (p.flags & SolStatus.Nack) === 0) {
      clearTimeout(o.timer);
      this.outstanding = undefined;
      if (p.acceptedCount < o.data.length) this.queue = Buffer.concat([o.data.subarray(p.acceptedCount), this.queue]);
    }
    if (p.sequence !== 0) {
      void this.session.sendPayload(PayloadType.Sol, encodeSolPacket({ ackSequence: p.sequence, acceptedCount: p.data.length }));
      // A retransmission of the packet we already took repeats its sequence number: ack again, deliver once.
      if (p.sequence !== this.lastInbound && p.data.length > 0) this.emit('data', p.data);
      this.lastInbound = p.sequence;
    }
    if (p.flags & SolStatus.Deactivating) return this.end();
    this.flush();
  }

  private flush(): void {
    if (this.closed || this.outstanding || this.queue.length === 0) return;
    const data = this.queue.subarray(0, this.maxPayload - 4);
    this.queue = this.queue.subarray(data.length);
    this.seq = nextSolSequence(this.seq);
    this.outstanding = { seq: this.seq, data, tries: 0 };
    this.transmit();
  }

  private transmit(): void {
    const o = this.outstanding;
    if (!o || this.closed) return;
    if (o.tries > this.opts.retries) {
      this.outstanding = undefined;
      this.emit('error', new Error('SOL: the BMC did not acknowledge console input'));
      return this.flush();
    }
    o.tries++;
    void this.session.sendPayload(PayloadType.Sol, encodeSolPacket({ sequence: o.seq, data: o.data }));
    o.timer = setTimeout(() => this.transmit(), this.opts.retransmitMs);
  }
}
