/**
 * Inbound session sequence number check (§6.12.13 "Session Sequence Numbers" for RMCP+): a receiver accepts a
 * sequence number that is up to 16 behind or 15 ahead of the highest one it has accepted, and drops one it has
 * already seen. UDP reorders and duplicates; the window tolerates the first and stops replays of the second.
 * Call `accept` only after the packet's AuthCode verified, so a forged packet cannot move the window.
 * Sequence number 0 is never valid inside a session (§13.6: the counters start at 1 and skip 0 on wrap).
 */
export class ReplayWindow {
  private top = 0;
  /** Bit i set = (top - i) was accepted; bit 0 is top itself. */
  private seen = 0;
  private started = false;

  constructor(
    private readonly behind = 16,
    private readonly ahead = 15,
  ) {}

  accept(seq: number): boolean {
    return this.check(seq) === 'new';
  }

  /**
   * Classify and (when new) record `seq`. A 'duplicate' is a number already accepted and still inside the
   * window: a replay, or a client retransmitting without a fresh number after our answer was lost — a BMC may
   * answer that from a cache of recent replies instead of executing the request twice.
   */
  check(seq: number): 'new' | 'duplicate' | 'out-of-window' {
    seq >>>= 0;
    if (seq === 0) return 'out-of-window';
    if (!this.started) {
      this.started = true;
      this.top = seq;
      this.seen = 1;
      return 'new';
    }
    // Modular difference so that a wrap from FFFFFFFFh to 1 still looks like "one ahead".
    const diff = (seq - this.top) | 0;
    if (diff > this.ahead || diff < -this.behind) return 'out-of-window';
    if (diff > 0) {
      this.seen = diff >= 32 ? 1 : ((this.seen << diff) | 1) >>> 0;
      this.top = seq;
      return 'new';
    }
    const bit = 1 << -diff;
    if (this.seen & bit) return 'duplicate';
    this.seen = (this.seen | bit) >>> 0;
    return 'new';
  }
}

/** Outbound counter: starts at 1 and skips 0 on wrap (§13.6). */
export class SequenceCounter {
  private value: number;

  constructor(start = 1) {
    this.value = start >>> 0 || 1;
  }

  next(): number {
    const v = this.value;
    this.value = (this.value + 1) >>> 0 || 1;
    return v;
  }
}
