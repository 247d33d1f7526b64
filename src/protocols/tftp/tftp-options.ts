/**
 * Option negotiation for a read request (RFC 2347): the server answers only the options it accepts,
 * with the value it will use; options it does not know or whose value is out of range are left out of
 * the OACK, which tells the client the default applies (RFC 2347 "Negotiation Protocol").
 */
import { MAX_BLKSIZE } from './tftp.codec';

export interface OptionLimits {
  /** Largest block we agree to (RFC 2348 allows 8–65464). */
  maxBlksize: number;
  /** Largest window we agree to (RFC 7440 allows 1–65535). */
  maxWindowsize: number;
  /** Retransmit timeout when the client does not ask for one. */
  defaultTimeoutMs: number;
}

export interface Negotiated {
  blksize: number;
  windowsize: number;
  timeoutMs: number;
  /** The OACK to send first, or undefined when no option was accepted (then DATA 1 goes out at once). */
  oack?: Map<string, string>;
}

const DECIMAL = /^\d{1,10}$/;

/**
 * `fileSize` is the number of octets the client will receive (after netascii conversion), the value
 * RFC 2349 §"Transfer Size Option" tells us to return for a read request's `tsize`.
 */
export function negotiate(requested: ReadonlyMap<string, string>, fileSize: number, limits: OptionLimits): Negotiated {
  const out: Negotiated = { blksize: 512, windowsize: 1, timeoutMs: limits.defaultTimeoutMs };
  const oack = new Map<string, string>();
  const num = (name: string): number | undefined => {
    const v = requested.get(name);
    return v !== undefined && DECIMAL.test(v) ? Number(v) : undefined;
  };

  // RFC 2348: 8..65464 octets; we may answer with a smaller value than asked.
  const blksize = num('blksize');
  if (blksize !== undefined && blksize >= 8 && blksize <= MAX_BLKSIZE) {
    out.blksize = Math.min(blksize, limits.maxBlksize);
    oack.set('blksize', String(out.blksize));
  }
  // RFC 2349: 1..255 seconds, and the server must answer with the same value or leave it out.
  const timeout = num('timeout');
  if (timeout !== undefined && timeout >= 1 && timeout <= 255) {
    out.timeoutMs = timeout * 1000;
    oack.set('timeout', String(timeout));
  }
  // RFC 2349: a read request carries tsize 0; the answer is the size the client will receive.
  if (num('tsize') !== undefined) oack.set('tsize', String(fileSize));
  // RFC 7440: 1..65535 blocks per window; we may answer with a smaller value.
  const windowsize = num('windowsize');
  if (windowsize !== undefined && windowsize >= 1 && windowsize <= 65535) {
    out.windowsize = Math.min(windowsize, limits.maxWindowsize);
    oack.set('windowsize', String(out.windowsize));
  }
  if (oack.size > 0) out.oack = oack;
  return out;
}
