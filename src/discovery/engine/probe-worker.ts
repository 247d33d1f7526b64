/** Worker-thread entry of ProbeOffload (probe-offload.ts): runs service-root probes, `concurrency` at once. */
import { parentPort, workerData } from 'node:worker_threads';
import { Limiter } from '../../protocols/redfish';
import type { ProbeReply, ProbeRequest } from './probe-offload';
import { probeRedfish } from './redfish-probe';

const limiter = new Limiter(Math.max(1, (workerData as { concurrency: number }).concurrency));

parentPort!.on('message', (r: ProbeRequest) => {
  void limiter
    .run(() => probeRedfish(r.scheme, r.address, r.port, r.timeoutMs))
    .catch(() => undefined) // probeRedfish resolves undefined on every network failure; anything else is "not Redfish" too
    .then((hit) => parentPort!.postMessage({ id: r.id, hit } satisfies ProbeReply));
});
