/**
 * HTTP(S) to many BMCs: one undici keep-alive Pool per BMC (a BMC pays for every TLS handshake), at most
 * `perBmcInFlight` requests in flight per BMC (BMCs serve 1–2 at a time and drop or 503 the rest,
 * reference/redfish.md §4) and at most `globalInFlight` across all of them. Per-request timeouts, a
 * per-BMC deadline, and retries with backoff on connection errors and 5xx (SMD retries 3 times with
 * growing sleeps, reference §(b)). TLS verification is off by default because BMC certificates are
 * self-signed almost everywhere (quirk 1); turn it on and pin a CA with `tls`.
 */
import * as tls from 'node:tls';
import { Limiter } from './limiter';
import { RedfishConnection } from './redfish-connection';

export interface RedfishTlsOptions {
  /** Verify the BMC certificate chain and name (default false). */
  verify?: boolean;
  /** PEM CA bundle to trust instead of the system store (CA pinning); implies nothing unless verify is on. */
  ca?: string | Buffer;
}

export interface RedfishTransportOptions {
  /** Requests in flight per BMC (default 2; 1–3 is what BMCs tolerate). */
  perBmcInFlight?: number;
  /** Requests in flight across every BMC (default 256). */
  globalInFlight?: number;
  /** Deadline of one HTTP exchange, connect to last body byte (default 15 s; slow BMCs need 10–30 s, quirk 3). */
  requestTimeoutMs?: number;
  /** Extra attempts after a connection error, timeout or 5xx (default 2). */
  retries?: number;
  /** First backoff pause; later ones grow ×3 with jitter, capped at retryMaxMs (defaults 300 ms, 5 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * A BMC starts with one keep-alive connection; once one of its answers took longer than this (default
   * 1 s), more connections (up to perBmcInFlight) are opened for it. A fast BMC gains little from a
   * second TLS handshake, a slow one a lot.
   */
  slowAfterMs?: number;
  /** Idle keep-alive sockets are closed after this (default 10 s). */
  keepAliveMs?: number;
  /** Bodies larger than this are refused (default 16 MiB; iLO's biggest resources are ~1 MB). */
  maxBodyBytes?: number;
  tls?: RedfishTlsOptions;
  /** Injected clock/random for tests. */
  random?: () => number;
}

export type ResolvedTransportOptions = Required<Omit<RedfishTransportOptions, 'tls'>> & {
  tls: RedfishTlsOptions;
  /**
   * One TLS context for every BMC connection: without it each connection builds its own (key material and,
   * with verification on, the CA store parsed again) — the largest single CPU cost of a thousand-BMC collect.
   */
  secureContext: tls.SecureContext;
};

export interface RedfishCredentials {
  username: string;
  password: string;
}

export interface RedfishTarget {
  host: string;
  port?: number;
  scheme?: 'https' | 'http';
  credentials?: RedfishCredentials;
  /**
   * basic (default): Authorization on every request, nothing to clean up (magellan, SMD, Foreman do this).
   * session: one X-Auth-Token session, re-created on 401 and always deleted on close (slots are scarce, quirk 2).
   */
  auth?: 'basic' | 'session';
  /** Everything with this BMC must finish within this (default 120 s). */
  deadlineMs?: number;
}

export class RedfishTransport {
  readonly options: ResolvedTransportOptions;
  readonly global: Limiter;
  private readonly open = new Set<RedfishConnection>();

  constructor(opts: RedfishTransportOptions = {}) {
    this.options = {
      perBmcInFlight: opts.perBmcInFlight ?? 2,
      globalInFlight: opts.globalInFlight ?? 256,
      requestTimeoutMs: opts.requestTimeoutMs ?? 15_000,
      retries: opts.retries ?? 2,
      retryBaseMs: opts.retryBaseMs ?? 300,
      retryMaxMs: opts.retryMaxMs ?? 5_000,
      slowAfterMs: opts.slowAfterMs ?? 1000,
      keepAliveMs: opts.keepAliveMs ?? 10_000,
      maxBodyBytes: opts.maxBodyBytes ?? 16 * 1024 * 1024,
      random: opts.random ?? Math.random,
      tls: { verify: opts.tls?.verify ?? false, ca: opts.tls?.ca },
      secureContext: tls.createSecureContext(opts.tls?.ca ? { ca: opts.tls.ca } : {}),
    };
    this.global = new Limiter(this.options.globalInFlight);
  }

  /** A connection to one BMC. Close it (deletes the session, if any, and the socket pool). */
  connect(target: RedfishTarget): RedfishConnection {
    const conn = new RedfishConnection(target, this.options, this.global, () => this.open.delete(conn));
    this.open.add(conn);
    return conn;
  }

  /** Runs `fn` with a connection and always closes it, whatever `fn` does. */
  async with<T>(target: RedfishTarget, fn: (c: RedfishConnection) => Promise<T>): Promise<T> {
    const conn = this.connect(target);
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  }

  /** Closes every connection still open (sessions deleted first). */
  async close(): Promise<void> {
    await Promise.all([...this.open].map((c) => c.close()));
  }
}
