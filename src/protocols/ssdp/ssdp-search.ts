/**
 * Unicast M-SEARCH to every candidate address (`<ip>:1900`): unlike the multicast group (TTL 2), unicast
 * crosses routers, and a sweep knows its candidates anyway (reference/redfish.md §(g) 1). One socket;
 * requests are paced in bursts; answers are collected until `timeoutMs` after the last request and
 * deduplicated by service UUID (one BMC may answer on several addresses).
 */
import * as dgram from 'node:dgram';
import { encodeMSearch, parseSsdp, RedfishAdvert, redfishAdvertOf, SSDP_PORT } from './ssdp.codec';

export interface SsdpHit extends RedfishAdvert {
  /** Address the answer came from. */
  from: string;
}

export interface SsdpSearchOptions {
  port?: number;
  timeoutMs: number;
  /** Requests sent per burst before yielding to the event loop (default 256). */
  burst?: number;
  signal?: AbortSignal;
}

export async function ssdpUnicastSearch(addresses: Iterable<string>, opts: SsdpSearchOptions): Promise<SsdpHit[]> {
  const port = opts.port ?? SSDP_PORT;
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  const hits = new Map<string, SsdpHit>();
  socket.on('message', (msg, rinfo) => {
    const m = parseSsdp(msg);
    const a = m ? redfishAdvertOf(m) : undefined;
    if (a && !hits.has(a.uuid)) hits.set(a.uuid, { ...a, from: rinfo.address });
  });
  socket.on('error', () => undefined); // ICMP unreachable from an address without a listener
  await new Promise<void>((r) => socket.bind(0, () => r()));
  try {
    const request = encodeMSearch();
    const burst = opts.burst ?? 256;
    let n = 0;
    for (const address of addresses) {
      if (opts.signal?.aborted) break;
      socket.send(request, port, address);
      if (++n % burst === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, opts.timeoutMs));
    return [...hits.values()];
  } finally {
    socket.close();
  }
}
