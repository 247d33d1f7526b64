import * as fs from 'node:fs';

// Shared by the HTTP benchmarks (bench/boot, bench/cloudinit): a closed-loop load with `connections`
// requests in flight, bounded by count AND time, and the daemon's CPU cost per request.

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

/** CPU time (user + system, ms) a process has used so far (proc(5) stat fields 14 and 15). */
export function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
}

export function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface LoopResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  cpuUs: number;
  p50: number;
  p99: number;
  max: number;
  avgBytes: number;
}

/** Runs `get(i)` for i = 0… until `count` requests or `seconds` have passed; status ≥ 300 counts as an error. */
export async function closedLoop(
  get: (i: number) => Promise<{ status: number; bytes: number }>,
  o: { count: number; seconds: number; connections: number; pid: number },
): Promise<LoopResult> {
  const lat = new Float64Array(o.count);
  let next = 0;
  let done = 0;
  let errors = 0;
  let bytes = 0;
  const deadline = performance.now() + o.seconds * 1000;
  const started = performance.now();
  const cpu0 = cpuMs(o.pid);
  const worker = async () => {
    while (next < o.count && performance.now() < deadline) {
      const i = next++;
      const s = performance.now();
      try {
        const r = await get(i);
        if (r.status >= 300) errors++;
        bytes += r.bytes;
      } catch {
        errors++;
      }
      lat[done++] = performance.now() - s;
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpuUs = ((cpuMs(o.pid) - cpu0) * 1000) / Math.max(1, done);
  const sorted = lat.slice(0, done).sort();
  return {
    requests: done, errors, seconds: elapsed, rps: done / elapsed, cpuUs,
    p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[done - 1], avgBytes: bytes / Math.max(1, done),
  };
}
