/**
 * One run of wrk (C, one thread: lighter on a 2-core machine than a Node load generator, so the daemon gets
 * the other core) with a Lua script, and the daemon's CPU time per request over the run (/proc/PID/stat).
 */
import { execFileSync } from 'node:child_process';
import { cpuMs } from './closed-loop';

export function hasWrk(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * wrk's Lua for a walk over `nodes` nodes: each thread starts at its own offset and every request is node
 * `i` (0 … nodes − 1, round-robin); `requestBody` is Lua that returns the request, with `i` in scope.
 */
export function walkingScript(nodes: number, requestBody: string): string {
  return `local i = 0
local n = ${nodes}
function setup(thread) thread:set("offset", math.random(0, n - 1)) end
function init(args) i = offset or 0 end
function request()
  i = (i + 1) % n
${requestBody}
end
`;
}

/** "99%   3.21ms" → milliseconds. */
function wrkMs(text: string, label: string): number {
  const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(text);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

export function runWrk(pid: number, target: string, lua: string, o: { connections: number; duration: number }) {
  const cpu0 = cpuMs(pid);
  const out = execFileSync('wrk', ['-t1', `-c${o.connections}`, `-d${o.duration}s`, '--timeout', '5s', '--latency', '-s', lua, target], { encoding: 'utf8', timeout: (o.duration + 30) * 1000 });
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const p99 = wrkMs(out, '99%');
  const cpuUs = ((cpuMs(pid) - cpu0) * 1000) / Math.max(1, total);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
  return {
    rps,
    p99,
    non2xx,
    line: (name: string) =>
      `${name.padEnd(24)} ${String(total).padStart(8)} req  ${rps.toFixed(0).padStart(7)} req/s  p50 ${wrkMs(out, '50%').toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  server CPU ${cpuUs.toFixed(0)} µs/req (≈ ${(1e6 / cpuUs).toFixed(0)} req/s per core)  non-2xx ${non2xx}`,
  };
}
