/**
 * A big sweep split across worker threads: thread k probes every T-th address starting at k (so each thread
 * sees the same mix of dense and empty ranges), with concurrency/T addresses in flight, and posts its hits
 * and progress back. Abort is forwarded. Resolves undefined when no worker can be started (e.g. a runtime
 * without the compiled worker), and the caller sweeps in-thread instead.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../common/threads/worker-entry';
import { probeConcurrency, type SweepHit, type SweepHooks, type SweepSpec } from './scan-engine';

export type WorkerMessage = { type: 'hit'; hit: SweepHit } | { type: 'probed'; n: number } | { type: 'done'; n: number } | { type: 'error'; message: string };


function share(total: number, threads: number, k: number): number {
  return Math.max(1, Math.floor(total / threads) + (k < total % threads ? 1 : 0));
}

export async function sweepThreaded(spec: SweepSpec, hooks: SweepHooks, threads: number): Promise<number | undefined> {
  const w = workerEntry(__dirname, 'scan-worker');
  if (!w) return undefined;
  const probedBy = new Array<number>(threads).fill(0);
  const workers: Worker[] = [];
  const onAbort = () => workers.forEach((x) => x.postMessage({ type: 'abort' }));
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const runs = Array.from({ length: threads }, (_, k) => {
      const sub: SweepSpec = {
        ...spec,
        threads: 1,
        concurrency: share(spec.concurrency, threads, k),
        probeConcurrency: share(probeConcurrency(spec), threads, k),
      };
      const worker = new Worker(w.file, {
        execArgv: w.execArgv,
        env: w.env,
        workerData: { spec: sub, slice: k, slices: threads },
      });
      workers.push(worker);
      return new Promise<number>((resolve, reject) => {
        worker.on('message', (m: WorkerMessage) => {
          switch (m.type) {
            case 'hit':
              hooks.onHit?.(m.hit);
              break;
            case 'probed':
            case 'done':
              probedBy[k] = m.n;
              hooks.onProbed?.(probedBy.reduce((a, b) => a + b, 0));
              if (m.type === 'done') resolve(m.n);
              break;
            case 'error':
              reject(new Error(m.message));
              break;
          }
        });
        worker.once('error', reject);
        worker.once('exit', (code) => (code === 0 ? resolve(probedBy[k]) : reject(new Error(`scan worker ${k} exited with ${code}`))));
      });
    });
    if (hooks.signal?.aborted) onAbort();
    return (await Promise.all(runs)).reduce((a, b) => a + b, 0);
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((x) => x.terminate()));
  }
}
