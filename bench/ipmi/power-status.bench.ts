/**
 * Benchmark (issue 3): power status of 1,000 simulated BMCs with hwctl's IPMI engine (one socket, every session at
 * once) vs FreeIPMI `ipmipower -D LAN_2_0 --stat` on the same fleet in the same run. The simulator runs in its own
 * process (`simulators/main.ts`, the program behind `hwctl sim`) on 127.1.0.1–127.1.3.232, at an unprivileged port.
 * Rounds alternate which tool goes first; the medians are reported. Never part of the test pass/fail.
 *
 *   npm run bench:ipmi [-- --bmcs 1000 --rounds 5 --port 16300 --subnet 127.1.0.0/22 --fanout 1024]
 *
 * Needs freeipmi-tools (ipmipower). Every step is bounded: the simulator must be ready within 60 s, each
 * ipmipower run within 120 s, each engine run within the session timeout (20 s).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IpmiClient, IpmiError, PowerState } from '../../src/protocols/ipmi';
import { subnetAddress as host } from '../../simulators/fleet/fleet';

interface BenchOptions {
  bmcs: number;
  rounds: number;
  port: number;
  subnet: string;
  fanout: number;
}

const ROOT = path.resolve(__dirname, '..', '..');
const USER = 'admin';
const PASSWORD = 'Password123!';

function options(argv: string[]): BenchOptions {
  const o: BenchOptions = { bmcs: 1000, rounds: 5, port: 16300, subnet: '127.1.0.0/22', fanout: 1024 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof BenchOptions;
    if (!(key in o)) throw new Error(`unknown option ${argv[i]} (--bmcs, --rounds, --port, --subnet, --fanout)`);
    (o as unknown as Record<string, unknown>)[key] = key === 'subnet' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return o;
}

/** FreeIPMI hostrange for hosts 1…n: one `a.b.c.[x-y]:port` term per /24. */
function hostrange(subnet: string, n: number, port: number): string {
  const terms: string[] = [];
  for (let i = 1; i <= n; ) {
    const first = host(subnet, i);
    const prefix = first.slice(0, first.lastIndexOf('.'));
    const start = Number(first.split('.')[3]);
    const end = Math.min(255, start + (n - i));
    terms.push(`${prefix}.[${start}-${end}]:${port}`);
    i += end - start + 1;
  }
  return terms.join(',');
}

async function startSimulator(o: BenchOptions): Promise<ChildProcess> {
  const args = ['-r', 'ts-node/register/transpile-only', 'simulators/main.ts', '--bmcs', String(o.bmcs), '--subnet', o.subnet, '--ipmi-port', String(o.port), '--seed', 'bench'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!out.includes('ready')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`simulator did not start: ${out.trim() || 'timeout'}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

interface Run {
  ms: number;
  answered: number;
  errors: Record<string, number>;
  /** Datagrams sent (ours only): 7 per BMC without retransmissions. */
  sent?: number;
  cpuMs?: number;
}

async function ours(client: IpmiClient, hosts: string[], port: number): Promise<Run> {
  const errors: Record<string, number> = {};
  const sentBefore = client.stats.sent;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    hosts.map((h) =>
      client.powerStatus({ host: h, port, username: USER, password: PASSWORD }).catch((err: unknown) => {
        const code = err instanceof IpmiError ? err.code : String(err);
        errors[code] = (errors[code] ?? 0) + 1;
        return undefined;
      }),
    ),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const answered = results.filter((r): r is PowerState => r === 'on' || r === 'off').length;
  return { ms, answered, errors, sent: client.stats.sent - sentBefore, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function ipmipower(o: BenchOptions): Promise<Run> {
  const args = ['-D', 'LAN_2_0', '-u', USER, '-p', PASSWORD, '-h', hostrange(o.subnet, o.bmcs, o.port), '-F', String(o.fanout), '--stat'];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile('ipmipower', args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      const ms = performance.now() - t0;
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error('ipmipower is not installed (apt-get install -y freeipmi-tools)'));
      const errors: Record<string, number> = {};
      let answered = 0;
      for (const line of String(stdout).split('\n').filter(Boolean)) {
        const state = line.slice(line.indexOf(': ') + 2).trim();
        if (state === 'on' || state === 'off') answered++;
        else errors[state] = (errors[state] ?? 0) + 1;
      }
      resolve({ ms, answered, errors });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (r: Run) =>
  `${r.ms.toFixed(0)} ms (${r.answered} answered${r.sent === undefined ? '' : `, ${r.sent} datagrams sent, ${r.cpuMs!.toFixed(0)} ms CPU`}${Object.keys(r.errors).length ? `, errors ${JSON.stringify(r.errors)}` : ''})`;

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const hosts = Array.from({ length: o.bmcs }, (_, i) => host(o.subnet, i + 1));
  process.stdout.write(`IPMI power status of ${o.bmcs} simulated BMCs (${hosts[0]}–${hosts[hosts.length - 1]}, port ${o.port}), ${o.rounds} rounds\n`);
  const sim = await startSimulator(o);
  const client = await IpmiClient.create();
  const runs = { ours: [] as Run[], ipmipower: [] as Run[] };
  try {
    // One unmeasured round each: JIT, ARP-less loopback route caches and the simulator's first sessions.
    await ours(client, hosts, o.port);
    await ipmipower(o);
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 ? (['ours', 'ipmipower'] as const) : (['ipmipower', 'ours'] as const);
      for (const tool of order) {
        const r = tool === 'ours' ? await ours(client, hosts, o.port) : await ipmipower(o);
        runs[tool].push(r);
        process.stdout.write(`  round ${round} ${tool.padEnd(9)} ${fmt(r)}\n`);
      }
    }
  } finally {
    await client.close();
    sim.kill('SIGTERM');
  }
  const a = median(runs.ours.map((r) => r.ms));
  const b = median(runs.ipmipower.map((r) => r.ms));
  process.stdout.write(
    [
      `hwctl engine : median ${a.toFixed(0)} ms  (runs ${runs.ours.map((r) => r.ms.toFixed(0)).join(', ')})`,
      `ipmipower    : median ${b.toFixed(0)} ms  (runs ${runs.ipmipower.map((r) => r.ms.toFixed(0)).join(', ')}; -F ${o.fanout})`,
      `ratio hwctl / ipmipower = ${(a / b).toFixed(2)}  (goal: ≤ 1 and hwctl under 1 s)`,
      '',
    ].join('\n'),
  );
  const incomplete = [...runs.ours, ...runs.ipmipower].some((r) => r.answered !== o.bmcs);
  if (incomplete) process.stdout.write('note: some runs did not get an answer from every BMC (see the per-round lines)\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:ipmi failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
