/** Worker-thread entry of a threaded sweep (scan-threads.ts): sweeps its slice and reports to the parent. */
import { parentPort, workerData } from 'node:worker_threads';
import { sweepSlice, SweepSpec } from './scan-engine';
import type { WorkerMessage } from './scan-threads';

const { spec, slice, slices } = workerData as { spec: SweepSpec; slice: number; slices: number };
const ac = new AbortController();
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
parentPort!.on('message', (m: { type: string }) => m.type === 'abort' && ac.abort());

let last = 0;
sweepSlice(spec, {
  signal: ac.signal,
  onHit: (hit) => post({ type: 'hit', hit }),
  // Progress in batches: one message per 256 addresses is plenty for a progress bar.
  onProbed: (n) => {
    if (n - last >= 256) {
      last = n;
      post({ type: 'probed', n });
    }
  },
}, slice, slices)
  .then((n) => {
    post({ type: 'done', n });
    parentPort!.close();
  })
  .catch((err: unknown) => post({ type: 'error', message: (err as Error).message }));
