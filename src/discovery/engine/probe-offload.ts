/**
 * Service-root probes on a thread of their own, while the sweeping thread keeps connecting.
 *
 * Why: a sweep is two kinds of work. Connects are cheap in JavaScript but cost kernel time, and several
 * threads connecting at once contend in the kernel (a /16 with two sweeping threads was no faster than
 * one). The service-root GET is a TLS handshake: ~1.5 ms of CPU per BMC here (OpenSSL 3.0 alone ~0.75 ms,
 * measured with `openssl s_time -new`), all of it on the thread that runs it. In one thread a rack of
 * BMCs stalls the connect loop for seconds; on a second thread the two overlap. So one worker runs every
 * GET (bounded by `concurrency`, as in-thread) and the sweeping thread only posts addresses to it.
 *
 * The worker is started lazily, on the first open port, so an empty range costs nothing. When no worker
 * can be started (a runtime without the compiled worker file), `start` returns undefined and the caller
 * probes in-thread.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../common/threads/worker-entry';
import type { RedfishProbeHit } from './redfish-probe';

export interface ProbeRequest {
  id: number;
  scheme: 'https' | 'http';
  address: string;
  port: number;
  timeoutMs: number;
}
export type ProbeReply = { id: number; hit: RedfishProbeHit | undefined };

export class ProbeOffload {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, (hit: RedfishProbeHit | undefined) => void>();
  private failed?: Error;

  private constructor(private readonly entry: NonNullable<ReturnType<typeof workerEntry>>, private readonly concurrency: number) {}

  static start(concurrency: number): ProbeOffload | undefined {
    const entry = workerEntry(__dirname, 'probe-worker');
    return entry ? new ProbeOffload(entry, concurrency) : undefined;
  }

  probe(scheme: 'https' | 'http', address: string, port: number, timeoutMs: number): Promise<RedfishProbeHit | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    const w = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      w.postMessage({ id, scheme, address, port, timeoutMs } satisfies ProbeRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
    this.settleAll(undefined);
  }

  private spawn(): Worker {
    const w = new Worker(this.entry.file, {
      execArgv: this.entry.execArgv,
      env: this.entry.env,
      workerData: { concurrency: this.concurrency },
    });
    w.on('message', (m: ProbeReply) => {
      const resolve = this.pending.get(m.id);
      this.pending.delete(m.id);
      resolve?.(m.hit);
    });
    // A dead worker must not hang the sweep: its outstanding probes count as "no Redfish here" and later
    // ones fail loudly (the scan is recorded as failed rather than silently missing BMCs).
    const die = (err: Error) => {
      this.failed = err;
      this.settleAll(undefined);
    };
    w.once('error', die);
    w.once('exit', (code) => code !== 0 && this.worker === w && die(new Error(`probe worker exited with ${code}`)));
    w.unref();
    return w;
  }

  private settleAll(hit: undefined): void {
    for (const resolve of this.pending.values()) resolve(hit);
    this.pending.clear();
  }
}
