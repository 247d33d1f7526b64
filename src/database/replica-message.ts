/**
 * The wire form of a change event sent to the other replicas of one PostgreSQL database over
 * `NOTIFY hwctl_events` (pg-event-bridge.ts): compact JSON `{origin, event, change}`, or
 * `{origin, event, all: true}` when the change does not fit in one notification.
 */

/** The channel every replica LISTENs on. */
export const REPLICA_EVENTS_CHANNEL = 'hwctl_events';

/**
 * PostgreSQL NOTIFY: "the payload … must be shorter than 8000 bytes" in the default configuration
 * (https://www.postgresql.org/docs/current/sql-notify.html); a longer one is an error that would roll
 * back the transaction it was sent from.
 */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7999;

/** What every bridged event carries. `all`: the detail was lost (too big, or missed): treat everything as changed. */
export interface ChangeEvent {
  at: string;
  all?: true;
}

export interface ReplicaMessage {
  /** The sending process (its own notifications come back to it and are dropped). */
  origin: string;
  event: string;
  /** The event's payload as emitted in the sending process; absent when `all` is set. */
  change?: object;
  all?: true;
}

/** The NOTIFY payload for one event: the whole change when it fits, else an "everything changed" marker. */
export function encodeReplicaMessage(origin: string, event: string, change: object, maxBytes = NOTIFY_PAYLOAD_MAX_BYTES): string {
  const full = JSON.stringify({ origin, event, change } satisfies ReplicaMessage);
  if (Buffer.byteLength(full, 'utf8') <= maxBytes) return full;
  return JSON.stringify({ origin, event, all: true } satisfies ReplicaMessage);
}

/** Parses a payload; undefined for anything that is not a message of ours (another writer on the channel). */
export function decodeReplicaMessage(text: string): ReplicaMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Record<string, unknown>;
  if (typeof m.origin !== 'string' || typeof m.event !== 'string') return undefined;
  if (m.all === true) return { origin: m.origin, event: m.event, all: true };
  if (typeof m.change !== 'object' || m.change === null || Array.isArray(m.change)) return undefined;
  return { origin: m.origin, event: m.event, change: m.change };
}
