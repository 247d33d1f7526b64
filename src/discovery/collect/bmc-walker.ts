/**
 * Who runs the Redfish walks of a collect: this thread (InThreadWalker) or worker threads (WorkerWalker).
 *
 * Why threads: a walk is CPU on the client side — a TLS handshake per BMC (~1.5 ms here, OpenSSL 3.0) and
 * HTTP + JSON per request (~0.4 ms) — and so is storing its result through the inventory (TypeORM,
 * ~3–4 ms per BMC). In one event loop the two add up, and a thousand BMCs at 50 ms per request were
 * CPU-bound, not latency-bound. With the walks in a worker, the main thread only stores, and the two
 * overlap on separate cores. Each worker owns its own RedfishTransport (keep-alive pools cannot cross
 * threads) with an equal share of the global in-flight bound, so the configured totals still hold.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../common/threads/worker-entry';
import { BmcInventory, RedfishError, RedfishErrorCode, RedfishTarget, RedfishTransport, RedfishTransportOptions, walkBmc, WalkOptions } from '../../protocols/redfish';

export interface BmcWalker {
  /** Walks one BMC; rejects with a RedfishError (its code, message, target, path, status kept). */
  walk(target: RedfishTarget, where: WalkOptions): Promise<BmcInventory>;
  /** Gets ready to walk (starts the worker threads); resolves when they answer. Idempotent. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export class InThreadWalker implements BmcWalker {
  constructor(private readonly transport: RedfishTransport) {}

  walk(target: RedfishTarget, where: WalkOptions): Promise<BmcInventory> {
    return this.transport.with(target, (c) => walkBmc(c, where));
  }

  warm(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve(); // the transport is closed by its owner
  }
}

/** What crosses the thread boundary (a request without a target is a ping: answered ok with no inventory). */
export type WalkRequest = { id: number; target?: RedfishTarget; where?: WalkOptions };
export type WalkReply =
  | { id: number; ok: true; inventory: BmcInventory }
  | { id: number; ok: true; pong: true }
  | { id: number; ok: false; error: { code?: RedfishErrorCode; message: string; target?: string; path?: string; status?: number } };
/** Transport options a worker can rebuild (no functions). */
export type WorkerTransportOptions = Omit<RedfishTransportOptions, 'random'>;

export class WorkerWalker implements BmcWalker {
  private readonly workers: { worker?: Worker; pending: Map<number, { resolve: (i: BmcInventory | undefined) => void; reject: (e: Error) => void }> }[];
  private nextId = 0;

  private constructor(
    private readonly entry: NonNullable<ReturnType<typeof workerEntry>>,
    private readonly options: WorkerTransportOptions,
    threads: number,
  ) {
    this.workers = Array.from({ length: threads }, () => ({ pending: new Map() }));
  }

  /** Undefined when no worker file exists for this runtime: walk in-thread then. */
  static create(options: WorkerTransportOptions, threads: number): WorkerWalker | undefined {
    const entry = workerEntry(__dirname, 'walk-worker');
    return entry && threads >= 1 ? new WorkerWalker(entry, options, threads) : undefined;
  }

  async walk(target: RedfishTarget, where: WalkOptions): Promise<BmcInventory> {
    // The least busy worker; each is started on first use (or by warm()).
    const slot = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return (await this.send(slot, { target, where }))!;
  }

  /**
   * Starts every worker and waits for each to answer a ping. A scan calls it when it starts, so the
   * threads come up (~30 ms compiled; ~1 s when running from sources through ts-node) while it sweeps.
   */
  async warm(): Promise<void> {
    await Promise.all(this.workers.map((slot) => this.send(slot, {})));
  }

  private send(slot: (typeof this.workers)[number], request: Omit<WalkRequest, 'id'>): Promise<BmcInventory | undefined> {
    const worker = (slot.worker ??= this.spawn(slot));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } satisfies WalkRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (slot) => {
        const w = slot.worker;
        slot.worker = undefined;
        if (!w) return;
        // Ask first: the worker closes its transport (sessions are deleted on the BMCs), then exits.
        const exited = new Promise<void>((r) => w.once('exit', () => r()));
        w.postMessage({ close: true });
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
        await w.terminate();
        this.failAll(slot, new RedfishError('BMC_TIMEOUT', 'discovery is shutting down'));
      }),
    );
  }

  private spawn(slot: (typeof this.workers)[number]): Worker {
    const share = Math.max(1, Math.floor((this.options.globalInFlight ?? 256) / this.workers.length));
    const w = new Worker(this.entry.file, {
      execArgv: this.entry.execArgv,
      env: this.entry.env,
      workerData: { options: { ...this.options, globalInFlight: share } satisfies WorkerTransportOptions },
    });
    w.on('message', (m: WalkReply) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.ok) p.resolve('inventory' in m ? m.inventory : undefined);
      else p.reject(m.error.code ? new RedfishError(m.error.code, m.error.message, m.error) : new Error(m.error.message));
    });
    // A crashed worker fails its walks (each BMC then carries the error) and is replaced on next use.
    const die = (err: Error) => {
      if (slot.worker === w) slot.worker = undefined;
      this.failAll(slot, err);
    };
    w.once('error', die);
    w.once('exit', (code) => code !== 0 && die(new Error(`walk worker exited with ${code}`)));
    w.unref();
    return w;
  }

  private failAll(slot: (typeof this.workers)[number], err: Error): void {
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
  }
}
