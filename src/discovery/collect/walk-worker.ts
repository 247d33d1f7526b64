/** Worker-thread entry of WorkerWalker (bmc-walker.ts): walks BMCs with a transport of its own. */
import { parentPort, workerData } from 'node:worker_threads';
import { RedfishError, RedfishTransport, walkBmc } from '../../protocols/redfish';
import type { WalkReply, WalkRequest, WorkerTransportOptions } from './bmc-walker';

const { options } = workerData as { options: WorkerTransportOptions };
const ca = options.tls?.ca;
const transport = new RedfishTransport({ ...options, tls: { ...options.tls, ca: ca === undefined ? undefined : typeof ca === 'string' ? ca : Buffer.from(ca) } });

parentPort!.on('message', (m: WalkRequest | { close: true }) => {
  if ('close' in m) {
    void transport.close().finally(() => process.exit(0));
    return;
  }
  if (!m.target || !m.where) {
    parentPort!.postMessage({ id: m.id, ok: true, pong: true } satisfies WalkReply);
    return;
  }
  const where = m.where;
  void transport
    .with(m.target, (c) => walkBmc(c, where))
    .then(
      (inventory): WalkReply => ({ id: m.id, ok: true, inventory }),
      (err: unknown): WalkReply => ({
        id: m.id,
        ok: false,
        error: err instanceof RedfishError
          ? { code: err.code, message: err.message, target: err.target, path: err.path, status: err.status }
          : { message: err instanceof Error ? err.message : String(err) },
      }),
    )
    .then((reply) => parentPort!.postMessage(reply));
});
