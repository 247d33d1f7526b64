import { Client, ClientConfig } from 'pg';

export interface PgEventBridgeOptions {
  connection: ClientConfig;
  /** An identifier we own (LISTEN takes no parameter, so it is spliced in quoted). */
  channel: string;
  onNotify(payload: string): void;
  /**
   * After each connection made in the background (a reconnection, or a retry after start failed):
   * notifications sent meanwhile are lost for good.
   */
  onResync(): void;
  log: { warn(msg: string, ctx?: Record<string, unknown>): void; info(msg: string, ctx?: Record<string, unknown>): void };
  /** Reconnect delays: doubling from `initialMs` up to `maxMs` while attempts fail. */
  backoff?: { initialMs: number; maxMs: number };
}

/**
 * One dedicated connection that LISTENs on a channel. A pooled connection cannot do it: LISTEN belongs
 * to the session, and the pool hands sessions to queries. PostgreSQL keeps no notification for a session
 * that is gone, so when the connection drops (server restart, failover, pg_terminate_backend) we reconnect
 * with backoff and then report a resync: the caller must assume it missed anything.
 */
export class PgEventBridge {
  private client?: Client;
  private attempt?: Promise<boolean>;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private failures = 0;
  private closed = false;
  /** The backend pid of the listening session (for operators and tests), while connected. */
  pid?: number;

  constructor(private readonly opts: PgEventBridgeOptions) {}

  /**
   * A connection that dies without a reset (a network partition) is noticed by TCP keepalive only after
   * minutes with the OS defaults; a query every HEARTBEAT_MS, which must answer within the same time,
   * notices it in seconds.
   */
  static readonly HEARTBEAT_MS = 15_000;

  /** Connects once; if that fails, keeps retrying in the background (the daemon still starts). */
  async start(): Promise<void> {
    if (await this.connect()) return;
    this.failures = 1;
    this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    clearInterval(this.heartbeat);
    await this.attempt;
    const client = this.client;
    this.client = undefined;
    this.pid = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<boolean> {
    this.attempt = this.open().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  private async open(): Promise<boolean> {
    const client = new Client({ query_timeout: PgEventBridge.HEARTBEAT_MS, ...this.opts.connection });
    let ended = false;
    // Without an 'error' listener a dropped connection would be an uncaught exception.
    client.on('error', (err) => this.dropped(client, err));
    client.on('end', () => {
      ended = true;
      this.dropped(client);
    });
    client.on('notification', (n) => {
      if (n.channel === this.opts.channel && n.payload !== undefined) this.opts.onNotify(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.opts.channel}"`);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (this.closed || ended) throw new Error(this.closed ? 'closed' : 'connection ended');
      this.client = client;
      this.pid = rows[0].pid;
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => void client.query('SELECT 1').catch((err: Error) => this.dropped(client, err)), PgEventBridge.HEARTBEAT_MS);
      this.heartbeat.unref();
      this.opts.log.info('listening for changes of other replicas', { channel: this.opts.channel, pid: this.pid });
      return true;
    } catch (err) {
      if (!this.closed) this.opts.log.warn('cannot listen for changes of other replicas', { error: String(err) });
      await client.end().catch(() => undefined);
      return false;
    }
  }

  /** The live connection is gone: forget it and reconnect (attempts that fail are handled by open()). */
  private dropped(client: Client, err?: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.pid = undefined;
    clearInterval(this.heartbeat);
    if (this.closed) return;
    this.opts.log.warn('lost the connection listening for changes of other replicas; reconnecting', { error: err ? String(err) : 'ended' });
    void client.end().catch(() => undefined);
    this.failures = 0;
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 250, maxMs: 30_000 };
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 20));
    // Jitter, so replicas that lost the server together do not all come back in the same millisecond.
    const delay = base * (0.8 + Math.random() * 0.4);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect()
        .then((ok) => {
          if (!ok) {
            this.failures++;
            this.schedule();
            return;
          }
          this.failures = 0;
          this.opts.onResync();
        })
        .catch((err) => this.opts.log.warn('resync after reconnecting failed', { error: String(err) }));
    }, delay);
    this.timer.unref();
  }
}
