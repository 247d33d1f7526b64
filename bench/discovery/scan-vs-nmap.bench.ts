/**
 * Benchmark (a): sweep of 65,536 loopback addresses (127.50.0.0/16) holding 1,000 simulated Redfish BMCs,
 * hwctl's scan engine (TCP connect + unauthenticated GET /redfish/v1/, the daemon's code path, IPMI off)
 * vs `nmap -sT -p443 --open -n` over the same range, in the same run, on the same machine.
 *   npx ts-node -P tsconfig.json bench/discovery/scan-vs-nmap.bench.ts [--concurrency 1024] [--bmcs 1000] [--port 443] [--timeout 3s] [--threads 1]
 * Also times hwctl's sweep with probing off (TCP connect only, magellan --disable-probing): the same work as
 * nmap -sT, where the full scan additionally makes 1,000 TLS handshakes that the simulator answers on the
 * same cores.
 * Needs root (port 443, nmap) and nmap. Prints one JSON line with both times and the ratio (goal ≤ 1.0).
 * nmap gets -n (no reverse DNS for 65,536 addresses, which would measure the resolver, not the scan).
 */
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import { sweep } from '../../src/discovery/engine/scan-engine';
import { parseDuration } from '../../src/common/duration';
import { startSimProcess } from './sim-process';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const bmcs = Number(arg('bmcs', '1000'));
  const port = Number(arg('port', '443'));
  const concurrency = Number(arg('concurrency', '1024'));
  const timeoutMs = Math.round(parseDuration(arg('timeout', '3s')) * 1000);
  const range = arg('range', '127.50.0.0/16');
  // Unset: what the daemon does (the engine's defaults: sweeping threads and the probe thread by CPU count).
  const threads = arg('threads', '') === '' ? undefined : Number(arg('threads', ''));
  const probeThread = arg('probe-thread', '') === '' ? undefined : arg('probe-thread', '') === 'on';
  const rounds = Math.max(1, Math.min(9, Number(arg('rounds', '3'))));
  const sim = await startSimProcess(['--bmcs', String(bmcs), '--subnet', range, '--port', String(port)]);
  try {
    const ours = async (probe: boolean) => {
      let found = 0;
      const t0 = process.hrtime.bigint();
      const probed = await sweep(
        { targets: [range], ports: [port], scheme: 'https', timeoutMs, concurrency, ipmi: false, ipmiPort: 623, threads, probeThread, probe },
        { onHit: (h) => void ((h.kind === 'tcp' || (h.kind === 'redfish' && h.status === 'redfish')) && found++) },
      );
      return { ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e6), probed, found };
    };

    // Rounds of: hwctl as the daemon scans (connect + service-root GET), nmap, then hwctl connect-only
    // (nmap's work). Interleaved so that a change of machine load hits all three alike; medians reported.
    const runs: { full: Awaited<ReturnType<typeof ours>>; nmapMs: number; nmapOpen: number; connectOnly: Awaited<ReturnType<typeof ours>> }[] = [];
    for (let r = 0; r < rounds; r++) {
      const full = await ours(true);
      const t1 = process.hrtime.bigint();
      const nmapOut = await new Promise<string>((resolve, reject) =>
        execFile('nmap', ['-sT', `-p${port}`, '--open', '-n', '-oG', '-', range], { maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
      );
      const nmapMs = Math.round(Number(process.hrtime.bigint() - t1) / 1e6);
      const nmapOpen = nmapOut.split('\n').filter((l) => l.includes(`${port}/open`)).length;
      const connectOnly = await ours(false);
      runs.push({ full, nmapMs, nmapOpen, connectOnly });
      process.stderr.write(`round ${r + 1}: hwctl ${full.ms} ms (${full.found} BMCs), nmap ${nmapMs} ms (${nmapOpen} open), connect-only ${connectOnly.ms} ms\n`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const full = { ms: median(runs.map((r) => r.full.ms)), probed: runs[0].full.probed, found: Math.min(...runs.map((r) => r.full.found)) };
    const connectOnly = { ms: median(runs.map((r) => r.connectOnly.ms)), found: Math.min(...runs.map((r) => r.connectOnly.found)) };
    const nmapMs = median(runs.map((r) => r.nmapMs));
    const nmapOpen = Math.min(...runs.map((r) => r.nmapOpen));

    const result = {
      bench: 'discovery-scan-vs-nmap',
      range,
      port,
      bmcs,
      threads: threads ?? 'default',
      probeThread: probeThread ?? 'default',
      rounds,
      concurrency,
      timeoutMs,
      hwctl: { ms: full.ms, addressesProbed: full.probed, redfishBmcsFound: full.found, probe: 'TCP connect + HTTPS GET /redfish/v1/ (the daemon scan)' },
      hwctlConnectOnly: { ms: connectOnly.ms, openPortsFound: connectOnly.found, probe: 'TCP connect only (what nmap -sT does)' },
      nmap: { ms: nmapMs, openPortsFound: nmapOpen, command: `nmap -sT -p${port} --open -n ${range}` },
      ratio: Number((full.ms / nmapMs).toFixed(3)),
      ratioPerRound: runs.map((r) => Number((r.full.ms / r.nmapMs).toFixed(3))),
      ratioConnectOnly: Number((connectOnly.ms / nmapMs).toFixed(3)),
      goal: 'ratio <= 1.0',
      loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (full.found !== bmcs) process.stderr.write(`warning: hwctl found ${full.found} of ${bmcs} BMCs\n`);
    if (nmapOpen !== bmcs) process.stderr.write(`warning: nmap found ${nmapOpen} open ports for ${bmcs} BMCs\n`);
  } finally {
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
