import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { ProbeOffload } from './probe-offload';
import { sweep, SweepHit, sweepSize } from './scan-engine';

/** Plain-HTTP "BMCs" on 20 loopback addresses that answer the service root after 50 ms, counting overlap. */
async function slowRoots(base: string, count: number) {
  let inFlight = 0;
  let peak = 0;
  const servers: http.Server[] = [];
  let port = 0;
  for (let i = 1; i <= count; i++) {
    const s = http.createServer((req, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        if (req.url === '/redfish/v1/') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ RedfishVersion: '1.6.0', UUID: `u${i}` }));
        else res.writeHead(404).end();
      }, 50);
    });
    await new Promise<void>((r) => s.listen(port, `${base}.${i}`, () => r()));
    port = (s.address() as AddressInfo).port;
    servers.push(s);
  }
  return { port, peak: () => peak, close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))) };
}

describe('sweep', () => {
  it('honours the concurrency bound whatever the range size, and finds every service root', async () => {
    const fake = await slowRoots('127.43.7', 20);
    try {
      const hits: SweepHit[] = [];
      let progress = 0;
      const n = await sweep(
        { targets: ['127.43.7.0/27'], ports: [fake.port], scheme: 'http', timeoutMs: 2000, concurrency: 4, ipmi: false, ipmiPort: 623 },
        { onHit: (h) => hits.push(h), onProbed: (p) => (progress = p) },
      );
      expect(n).toBe(30);
      expect(progress).toBe(30);
      expect(fake.peak()).toBeLessThanOrEqual(4);
      expect(hits.map((h) => h.address).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `127.43.7.${i + 1}`).sort());
      expect(hits[0]).toMatchObject({ kind: 'redfish', status: 'redfish', redfishVersion: '1.6.0' });
    } finally {
      await fake.close();
    }
  });

  it('splits a sweep across worker threads with the same totals and bounds', async () => {
    // Each worker compiles its sources with ts-node here (the daemon runs compiled JavaScript): allow for it.
    const fake = await slowRoots('127.43.10', 12);
    try {
      const hits: SweepHit[] = [];
      let progress = 0;
      const n = await sweep(
        { targets: ['127.43.10.0/27'], ports: [fake.port], scheme: 'http', timeoutMs: 5000, concurrency: 4, ipmi: false, ipmiPort: 623, threads: 2 },
        { onHit: (h) => hits.push(h), onProbed: (p) => (progress = p) },
      );
      expect(n).toBe(30);
      expect(progress).toBe(30);
      expect(fake.peak()).toBeLessThanOrEqual(4);
      expect(hits.map((h) => h.address).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `127.43.10.${i + 1}`).sort());
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('runs the service-root probes on a probe thread with the same hits and the same bound', async () => {
    const fake = await slowRoots('127.43.11', 12);
    const start = jest.spyOn(ProbeOffload, 'start');
    try {
      const hits: SweepHit[] = [];
      const n = await sweep(
        { targets: ['127.43.11.0/27'], ports: [fake.port], scheme: 'http', timeoutMs: 5000, concurrency: 16, probeConcurrency: 3, ipmi: false, ipmiPort: 623, probeThread: true },
        { onHit: (h) => hits.push(h) },
      );
      expect(n).toBe(30);
      expect(fake.peak()).toBeLessThanOrEqual(3);
      expect(fake.peak()).toBeGreaterThan(0);
      expect(hits.map((h) => h.address).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `127.43.11.${i + 1}`).sort());
      expect(hits.every((h) => h.kind === 'redfish' && h.status === 'redfish' && h.redfishVersion === '1.6.0')).toBe(true);
      expect(start).toHaveBeenCalledWith(3);
      expect(start.mock.results[0].value).toBeInstanceOf(ProbeOffload); // a worker, not the in-thread fallback
    } finally {
      start.mockRestore();
      await fake.close();
    }
  }, 60_000);

  it('probes an address once when targets overlap, and validates every target first', async () => {
    expect(sweepSize(['10.0.0.0/30', '10.0.0.1-10.0.0.3'])).toBe(5);
    let probed = 0;
    await sweep({ targets: ['127.43.8.1-127.43.8.3', '127.43.8.2'], ports: [9], scheme: 'http', timeoutMs: 200, concurrency: 8, ipmi: false, ipmiPort: 623 }, { onProbed: (p) => (probed = p) });
    expect(probed).toBe(3);
    await expect(sweep({ targets: ['127.43.8.1', '10.0.0.0/8'], ports: [9], scheme: 'http', timeoutMs: 200, concurrency: 8, ipmi: false, ipmiPort: 623 })).rejects.toThrow(/refusing to scan/);
  });

  it('stops taking addresses when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await sweep({ targets: ['127.43.9.0/24'], ports: [9], scheme: 'http', timeoutMs: 200, concurrency: 8, ipmi: false, ipmiPort: 623 }, { signal: ac.signal })).toBe(0);
  });
});
