/**
 * One BMC: its keep-alive pool, its in-flight bound, its deadline, its credentials and (optionally) its
 * Redfish session. `request` is the only way out; it applies the limits, retries and session handling.
 */
import { Pool } from 'undici';
import { Limiter } from './limiter';
import { classifyNetworkError, RedfishError } from './redfish-error';
import { parseBody, ParsedBody, requestPath, toPath } from './redfish-json';
import { RedfishTarget, ResolvedTransportOptions } from './redfish-transport';

export interface HttpAnswer {
  status: number;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: ParsedBody;
}

export interface ConnectionStats {
  requests: number;
  retries: number;
  relogins: number;
}

/** DSP0266 §13.3.4: the sessions collection, unless the service root links another one. */
export const DEFAULT_SESSIONS_PATH = '/redfish/v1/SessionService/Sessions';

export class RedfishConnection {
  readonly target: string;
  readonly stats: ConnectionStats = { requests: 0, retries: 0, relogins: 0 };
  sessionsPath = DEFAULT_SESSIONS_PATH;
  private readonly origin: string;
  private readonly pools: { pool: Pool; busy: number }[] = [];
  /** Requests of this BMC waiting for a free connection (they hold no global slot meanwhile). */
  private readonly connWaiters: (() => void)[] = [];
  /** An answer took longer than slowAfterMs: more connections are worth their handshakes. */
  private slow = false;
  private readonly deadline: number;
  /** Aborts whatever this connection still waits for when the per-BMC deadline passes (one timer per BMC). */
  private deadlineSignal?: AbortSignal;
  private session?: { token: string; location?: string };
  private login?: Promise<void>;
  private closed = false;

  constructor(
    private readonly t: RedfishTarget,
    private readonly opts: ResolvedTransportOptions,
    private readonly global: Limiter,
    private readonly onClose: () => void,
  ) {
    const scheme = t.scheme ?? 'https';
    const port = t.port ?? (scheme === 'https' ? 443 : 80);
    this.target = `${t.host}:${port}`;
    this.deadline = Date.now() + (t.deadlineMs ?? 120_000);
    this.origin = `${scheme}://${t.host.includes(':') ? `[${t.host}]` : t.host}:${port}`;
    this.pools.push(this.newPool());
  }

  /**
   * One keep-alive connection to start with; a second (up to perBmcInFlight) only once this BMC has shown
   * itself slow (an answer took longer than slowAfterMs). Each connection costs a TLS handshake on both
   * ends — the dominant CPU cost of walking a thousand fast BMCs — while a slow BMC is exactly the one whose
   * walk a second connection shortens.
   */
  private newPool(): { pool: Pool; busy: number } {
    const o = this.opts;
    return {
      busy: 0,
      pool: new Pool(this.origin, {
        connections: 1,
        pipelining: 1,
        keepAliveTimeout: o.keepAliveMs,
        headersTimeout: o.requestTimeoutMs,
        bodyTimeout: o.requestTimeoutMs,
        maxResponseSize: o.maxBodyBytes,
        connect: { rejectUnauthorized: o.tls.verify === true, secureContext: o.secureContext, timeout: o.requestTimeoutMs },
      }),
    };
  }

  /**
   * Waits for a connection of this BMC that can carry a request now: an idle one, or a new one when this
   * BMC has shown itself slow and has fewer than perBmcInFlight. One request per connection (no HTTP
   * pipelining: BMCs mishandle it), so this is also the per-BMC in-flight bound. The wait comes BEFORE the
   * global slot is taken: a request queued behind its BMC's only connection must not hold one of the global
   * slots other BMCs could use (with one connection per fast BMC, that held half the slots idle and doubled
   * a thousand-BMC walk).
   */
  private async takePool(signal: AbortSignal): Promise<{ pool: Pool; busy: number }> {
    for (;;) {
      const idle = this.pools.find((p) => p.busy === 0);
      const slot = idle ?? (this.slow && this.pools.length < this.opts.perBmcInFlight ? this.pools[this.pools.push(this.newPool()) - 1] : undefined);
      if (slot) {
        slot.busy++;
        return slot;
      }
      if (signal.aborted) throw signal.reason;
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.connWaiters.indexOf(wake);
          if (i >= 0) this.connWaiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.connWaiters.push(wake);
      });
    }
  }

  /** Frees the connection and wakes every waiter to look again: one takes it, and if this BMC just turned slow, others open connections of their own. */
  private releasePool(slot: { busy: number }): void {
    slot.busy--;
    for (const wake of this.connWaiters.splice(0)) wake();
  }

  get host(): string {
    return this.t.host;
  }

  get usesSession(): boolean {
    return this.t.auth === 'session';
  }

  /** Milliseconds left before the per-BMC deadline. */
  get remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** GET with credentials (unless `auth: false`, for the service root and /redfish). */
  get(path: string, opts: { auth?: boolean } = {}): Promise<HttpAnswer> {
    return this.request('GET', path, undefined, opts.auth ?? true);
  }

  post(path: string, body: unknown): Promise<HttpAnswer> {
    return this.request('POST', path, body, true);
  }

  /**
   * One HTTP exchange with retries: connection errors, timeouts and 5xx are retried with backoff (honouring
   * Retry-After) while attempts and the deadline last; a 401 on a session re-logs in once. Other statuses
   * are returned as they are — what a 404 means is the caller's business. Throws RedfishError.
   */
  async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', rawPath: string, body: unknown, auth: boolean): Promise<HttpAnswer> {
    const path = requestPath(rawPath) || '/';
    let relogged = false;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new RedfishError('BMC_UNREACHABLE', `${this.target}: connection closed`, { target: this.target, path });
      let answer: HttpAnswer | undefined;
      let failure: RedfishError | undefined;
      // Outside the try: a failed login has already been retried and is final (auth or busy).
      const headers = auth ? await this.authHeaders() : {};
      try {
        answer = await this.once(method, path, body, headers);
      } catch (err) {
        failure = err instanceof RedfishError ? err : classifyNetworkError(err, this.target, path);
      }
      if (answer && answer.status === 401 && auth && this.usesSession && !relogged) {
        relogged = true;
        this.stats.relogins++;
        this.session = undefined; // expired or revoked: log in again, once
        attempt--;
        continue;
      }
      const retryable = failure ? failure.transient && failure.code !== 'BMC_TLS_FAILED' : answer!.status >= 500;
      if (!retryable) {
        if (failure) throw failure;
        return answer!;
      }
      const pause = this.backoff(attempt, answer?.headers['retry-after']);
      if (attempt >= this.opts.retries || pause >= this.remainingMs) {
        if (failure) throw failure;
        throw new RedfishError('BMC_BUSY', `${this.target}: ${method} ${path} answered ${answer!.status} after ${attempt + 1} attempt(s)`, {
          target: this.target,
          path,
          status: answer!.status,
        });
      }
      this.stats.retries++;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** Deletes the session (if we made one) and closes the sockets. Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.login?.catch(() => undefined);
      if (this.session?.location) {
        const location = this.session.location;
        // Bounded: a session we fail to delete times out on the BMC (SessionService.SessionTimeout).
        await this.once('DELETE', location, undefined, { 'x-auth-token': this.session.token }, 5_000).catch(() => undefined);
      }
    } finally {
      this.closed = true;
      this.session = undefined;
      this.onClose();
      await Promise.all(this.pools.map((p) => p.pool.close().catch(() => p.pool.destroy())));
    }
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const c = this.t.credentials;
    if (!c) return {};
    if (!this.usesSession) return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` };
    if (!this.session) {
      this.login ??= this.createSession().finally(() => (this.login = undefined));
      await this.login;
    }
    return { 'x-auth-token': this.session!.token };
  }

  /** DSP0266 §13.3.4: POST {UserName, Password} → 201 with X-Auth-Token and Location. */
  private async createSession(): Promise<void> {
    const c = this.t.credentials!;
    const path = this.sessionsPath;
    for (let attempt = 0; ; attempt++) {
      let a: HttpAnswer;
      try {
        a = await this.once('POST', path, { UserName: c.username, Password: c.password }, {});
      } catch (err) {
        const e = err instanceof RedfishError ? err : classifyNetworkError(err, this.target, path);
        if (!e.transient || attempt >= this.opts.retries) throw e;
        await new Promise((r) => setTimeout(r, this.backoff(attempt, undefined)));
        continue;
      }
      const token = header(a.headers['x-auth-token']);
      if ((a.status === 201 || a.status === 200) && token) {
        const location = header(a.headers.location) ?? (a.body.kind === 'resource' && typeof a.body.json['@odata.id'] === 'string' ? a.body.json['@odata.id'] : undefined);
        this.session = { token, location: location ? toPath(location) : undefined };
        return;
      }
      if (a.status === 401 || a.status === 403) {
        throw new RedfishError('BMC_AUTH_FAILED', `${this.target}: session login refused (${a.status})`, { target: this.target, path, status: a.status });
      }
      // 503 here usually means every session slot is taken (iDRAC RAC0218, quirk 2): retry, then give up.
      if (a.status >= 500 && attempt < this.opts.retries) {
        this.stats.retries++;
        await new Promise((r) => setTimeout(r, this.backoff(attempt, a.headers['retry-after'])));
        continue;
      }
      throw new RedfishError(a.status >= 500 ? 'BMC_BUSY' : 'REDFISH_HTTP_ERROR', `${this.target}: session login answered ${a.status}${token ? '' : ' without X-Auth-Token'}`, {
        target: this.target,
        path,
        status: a.status,
      });
    }
  }

  /** One attempt: waits for a per-BMC and a global slot, then sends with the per-request timeout. */
  private async once(method: string, path: string, body: unknown, headers: Record<string, string>, timeoutMs?: number): Promise<HttpAnswer> {
    const left = this.remainingMs;
    if (left <= 0) throw new RedfishError('BMC_TIMEOUT', `${this.target}: per-BMC deadline passed before ${method} ${path}`, { target: this.target, path });
    // One deadline signal per BMC rather than timers per request: a walk is ~6 requests and a thousand-BMC
    // collect spent ~5 % of its CPU creating and clearing per-request AbortSignal timers.
    const wait = (this.deadlineSignal ??= AbortSignal.timeout(left));
    let slot: { pool: Pool; busy: number } | undefined;
    let releaseGlobal: (() => void) | undefined;
    try {
      slot = await this.takePool(wait);
      releaseGlobal = await this.global.acquire(wait);
    } catch (err) {
      if (slot) this.releasePool(slot);
      throw new RedfishError('BMC_TIMEOUT', `${this.target}: per-BMC deadline passed waiting to send ${method} ${path}`, { target: this.target, path, cause: err });
    }
    try {
      this.stats.requests++;
      const ms = Math.max(1, Math.min(timeoutMs ?? this.opts.requestTimeoutMs, this.remainingMs));
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const sent = Date.now();
      try {
        const res = await slot.pool.request({
          method: method as 'GET',
          path,
          headers: {
            accept: 'application/json',
            'odata-version': '4.0',
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: payload,
          // The request's own bound: headers within `ms` of sending, then no gap over `ms` in the body
          // (undici's timers); the BMC's deadline caps the whole exchange through `wait`.
          headersTimeout: ms,
          bodyTimeout: ms,
          signal: wait,
        });
        const text = await res.body.text();
        return { status: res.statusCode, path, headers: res.headers, body: text ? parseBody(text) : { kind: 'not-json', snippet: '' } };
      } finally {
        if (Date.now() - sent > this.opts.slowAfterMs) this.slow = true;
      }
    } catch (err) {
      throw classifyNetworkError(err, this.target, path);
    } finally {
      releaseGlobal?.();
      this.releasePool(slot);
    }
  }

  /** base × 3^attempt ± 25 %, at most retryMaxMs; a Retry-After (seconds) is honoured up to the same cap. */
  private backoff(attempt: number, retryAfter: string | string[] | undefined): number {
    const ra = Number(header(retryAfter));
    const base = Number.isFinite(ra) && ra > 0 ? ra * 1000 : this.opts.retryBaseMs * 3 ** attempt;
    const jitter = 0.75 + this.opts.random() * 0.5;
    return Math.min(this.opts.retryMaxMs, Math.round(base * jitter));
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
