/**
 * Benchmark: full DORA exchanges per second at ≤ 2.5 % drops, with 10k nodes, for the BUILT hwctld
 * (bin/hwctld.js), kea-dhcp4 (memfile leases, persisted) and dnsmasq holding the same 10k reservations,
 * side by side in one run (issue 6; recipe ../shared/peers/dhcp-bench/).
 *
 * ISC perfdhcp (Debian kea-admin) drives each server from a client namespace as a relay agent
 * (giaddr 10.98.0.2, port 67), drawing MACs at random from the 10k list. Two namespaces made for this
 * run, one veth pair, 10.98.0.0/16 only inside them; the server is pinned to CPU 0 and perfdhcp to CPU 1.
 * Kea and dnsmasq start fresh (empty lease file) for every rate; hwctld answers known MACs from memory
 * without writing anything, so one instance serves the whole ladder. A ladder stops climbing after a
 * run that lost more than 25 %. Besides DORA/s and delays it reports the server's CPU use, the steadiest
 * figure on a shared machine (PEERS.md). Never part of a test run; every loop is bounded.
 *
 * Run (root): npm run bench:dhcp [-- --period 10 --servers hwctl,kea,dnsmasq --rates 1000,2000,4000 --dnsmasq-rates 100,200,400]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Daemon, ROOT, run } from '../../test/helpers/processes';
import { parsePerfdhcp, PerfdhcpReport } from './perfdhcp-report';

type Server = 'hwctl' | 'kea' | 'dnsmasq';

interface Options {
  quietMax: number;
  nodes: number;
  period: number;
  servers: Server[];
  rates: number[];
  dnsmasqRates: number[];
}

function options(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (s: string) => s.split(',').map((v) => Number(v.trim())).filter((n) => n > 0);
  return {
    quietMax: Math.min(300, Number(get('quiet-max') ?? 30)),
    nodes: Math.min(60_000, Number(get('nodes') ?? 10_000)),
    period: Math.min(120, Number(get('period') ?? 10)),
    servers: (get('servers') ?? 'hwctl,kea,dnsmasq').split(',') as Server[],
    rates: list(get('rates') ?? '1000,2000,4000,6000,8000,10000,12000'),
    dnsmasqRates: list(get('dnsmasq-rates') ?? '100,200,300,500,1000'),
  };
}

const SRV = `hwctl-dbench-srv-${process.pid}`;
const CLI = `hwctl-dbench-cli-${process.pid}`;
const SERVER_IP = '10.98.0.1';
const RELAY_IP = '10.98.0.2';
const HTTP_PORT = 27782;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-dhcp-bench-'));
fs.chmodSync(WORK, 0o755); // dnsmasq drops root and then reads its hosts file
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The 10k hosts of ../shared/peers/dhcp-bench/gen.py: MAC 02:00:00:00:XX:YY, IP 10.98.(i/250+1).(i%250+2).
const mac = (i: number) => `02:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
const ip = (i: number) => `10.98.${Math.floor(i / 250) + 1}.${(i % 250) + 2}`;
const nodeName = (i: number) => `nid${String(i + 1).padStart(5, '0')}`;

async function sh(cmd: string, args: string[], timeoutMs = 30_000) {
  const r = await run(cmd, args, {}, undefined, timeoutMs);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function namespaces(): Promise<void> {
  await sh('ip', ['netns', 'add', SRV]);
  await sh('ip', ['netns', 'add', CLI]);
  await sh('ip', ['link', 'add', 'bsrv0', 'netns', SRV, 'type', 'veth', 'peer', 'name', 'bcli0', 'netns', CLI]);
  for (const [ns, dev, addr] of [[SRV, 'bsrv0', SERVER_IP], [CLI, 'bcli0', RELAY_IP]]) {
    await sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    await sh('ip', ['-n', ns, 'addr', 'add', `${addr}/16`, 'dev', dev]);
    await sh('ip', ['-n', ns, 'link', 'set', dev, 'up']);
  }
}

async function cleanup(): Promise<void> {
  await run('ip', ['netns', 'del', CLI]);
  await run('ip', ['netns', 'del', SRV]);
  fs.rmSync(WORK, { recursive: true, force: true });
}

function generate(n: number): void {
  fs.writeFileSync(path.join(WORK, 'macs.txt'), Array.from({ length: n }, (_, i) => mac(i)).join('\n') + '\n');
  fs.writeFileSync(path.join(WORK, 'dnsmasq-hosts.txt'), Array.from({ length: n }, (_, i) => `${mac(i)},${ip(i)},${nodeName(i)}`).join('\n') + '\n');
  fs.writeFileSync(
    path.join(WORK, 'dnsmasq.conf'),
    [
      'port=0',
      'interface=bsrv0',
      'bind-interfaces',
      'dhcp-authoritative',
      'no-ping',
      'quiet-dhcp',
      `log-facility=${WORK}/dnsmasq.log`,
      `pid-file=${WORK}/dnsmasq.pid`,
      `dhcp-leasefile=${WORK}/dnsmasq.leases`,
      'dhcp-lease-max=100000',
      'dhcp-range=10.98.0.0,static,255.255.0.0,1h',
      `dhcp-hostsfile=${WORK}/dnsmasq-hosts.txt`,
      `dhcp-boot=undionly.kpxe,bootsrv,${SERVER_IP}`,
      `dhcp-option=option:router,${SERVER_IP}`,
      `dhcp-option=option:dns-server,${SERVER_IP}`,
      'dhcp-option=option:domain-name,test.invalid',
      '',
    ].join('\n'),
  );
  const kea = {
    Dhcp4: {
      'interfaces-config': { interfaces: ['bsrv0'], 'dhcp-socket-type': 'raw' },
      'lease-database': { type: 'memfile', persist: true, name: `${WORK}/kea-leases4.csv`, 'lfc-interval': 0 },
      'valid-lifetime': 3600,
      'renew-timer': 1800,
      'rebind-timer': 3150,
      authoritative: true,
      'host-reservation-identifiers': ['hw-address'],
      'reservations-global': false,
      'reservations-in-subnet': true,
      'reservations-out-of-pool': true,
      'multi-threading': { 'enable-multi-threading': false },
      subnet4: [
        {
          id: 1,
          subnet: '10.98.0.0/16',
          'next-server': SERVER_IP,
          'server-hostname': 'bootsrv',
          'boot-file-name': 'undionly.kpxe',
          'option-data': [
            { name: 'routers', data: SERVER_IP },
            { name: 'domain-name-servers', data: SERVER_IP },
            { name: 'domain-name', data: 'test.invalid' },
          ],
          pools: [],
          reservations: Array.from({ length: n }, (_, i) => ({ 'hw-address': mac(i), 'ip-address': ip(i), hostname: nodeName(i) })),
        },
      ],
      loggers: [{ name: 'kea-dhcp4', severity: 'WARN', output_options: [{ output: `${WORK}/kea-dhcp4.log` }] }],
    },
  };
  fs.writeFileSync(path.join(WORK, 'kea-dhcp4.json'), JSON.stringify(kea));
  // hwctl: the same hosts as inventory nodes (xname per node, NID i+1), loaded through /inventory/v1/load.
  const nodes = Array.from({ length: n }, (_, i) => ({
    xname: `x${1000 + Math.floor(i / 64)}c0s${i % 64}b0n0`,
    nid: i + 1,
    interfaces: [{ mac: mac(i), ips: [{ ip: ip(i) }] }],
  }));
  fs.writeFileSync(path.join(WORK, 'nodes.json'), JSON.stringify({ nodes }));
}

/** CPU seconds (user + system) a process has used, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function udp67Bound(): Promise<boolean> {
  const r = await run('ip', ['netns', 'exec', SRV, 'ss', '-Hlun', 'sport = :67']);
  return r.code === 0 && r.stdout.trim().length > 0;
}

const pinned = (cmd: string[]) => ['netns', 'exec', SRV, 'taskset', '-c', '0', ...cmd];

async function startHwctl(n: number): Promise<Daemon> {
  const env = {
    HWCTL_DATABASE_URL: `sqlite:${WORK}/hwctl.sqlite`,
    HWCTL_DATA_DIR: `${WORK}/hwctl-data`,
    HWCTL_HTTP_PORT: String(HTTP_PORT),
    HWCTL_HTTP_BODY_LIMIT: '64mb',
    HWCTL_AUTH_ENABLED: 'false', // the API is reachable only inside the bench namespace
    HWCTL_LOG_LEVEL: 'warn',
    HWCTL_LOG_FORMAT: 'json',
    HWCTL_DHCP_INTERFACE: 'bsrv0',
    HWCTL_DHCP_ROUTER: SERVER_IP,
    HWCTL_DHCP_DNS: SERVER_IP,
    HWCTL_DHCP_DOMAIN: 'test.invalid',
    HWCTL_DHCP_BOOTFILE_DEFAULT: 'undionly.kpxe',
  };
  const d = Daemon.start('ip', pinned([process.execPath, path.join(ROOT, 'bin/hwctld.js')]), env);
  const curl = (args: string[]) => run('ip', ['netns', 'exec', SRV, 'curl', '-sS', '--max-time', '120', ...args], {}, undefined, 130_000);
  for (let i = 0; i < 300 && !(await curl([`http://127.0.0.1:${HTTP_PORT}/dhcp/v1/status`])).stdout.includes('"enabled":true'); i++) {
    if (d.child.exitCode !== null) throw new Error(`hwctld exited: ${d.stderr}${d.stdout}`);
    await sleep(100);
  }
  const t0 = Date.now();
  const load = await curl(['-X', 'POST', '-H', 'content-type: application/json', '--data-binary', `@${WORK}/nodes.json`, `http://127.0.0.1:${HTTP_PORT}/inventory/v1/load`]);
  if (!load.stdout.includes(`"nodes":${n}`)) throw new Error(`inventory load failed: ${load.stdout} ${load.stderr}`);
  for (let i = 0; i < 600; i++) {
    const s = JSON.parse((await curl([`http://127.0.0.1:${HTTP_PORT}/dhcp/v1/status`])).stdout);
    if (s.hosts === n) {
      process.stdout.write(`hwctl: ${n} nodes loaded and in the DHCP snapshot in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      return d;
    }
    await sleep(100);
  }
  throw new Error('hwctld never held all nodes in its DHCP snapshot');
}

async function startBaseline(server: 'kea' | 'dnsmasq'): Promise<Daemon> {
  for (const f of ['kea-leases4.csv', 'kea-leases4.csv2', 'dnsmasq.leases']) fs.rmSync(path.join(WORK, f), { force: true });
  const cmd = server === 'kea' ? ['kea-dhcp4', '-c', `${WORK}/kea-dhcp4.json`] : ['dnsmasq', `--conf-file=${WORK}/dnsmasq.conf`, '--keep-in-foreground'];
  // Kea keeps its pid and lock files in /run/kea unless told otherwise.
  const d = Daemon.start('ip', pinned(cmd), { KEA_PIDFILE_DIR: WORK, KEA_LOCKFILE_DIR: WORK });
  for (let i = 0; i < 100 && !(await udp67Bound()); i++) await sleep(100);
  await sleep(1000); // slack for loading 10k reservations
  if (d.child.exitCode !== null) throw new Error(`${server} exited: ${d.stderr}${d.stdout}`);
  return d;
}

/** UDP counters of a namespace (/proc/net/snmp): where datagrams were lost, if not in the server. */
async function udpCounters(ns: string): Promise<Record<string, number>> {
  const text = (await run('ip', ['netns', 'exec', ns, 'cat', '/proc/net/snmp'])).stdout;
  const [head, values] = text.split('\n').filter((l) => l.startsWith('Udp:'));
  const h = head.split(/\s+/);
  const v = values.split(/\s+/).map(Number);
  return Object.fromEntries(['InDatagrams', 'NoPorts', 'RcvbufErrors'].map((k) => [k, v[h.indexOf(k)]]));
}
const delta = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, b[k] - a[k]]));

interface Row {
  udpServer: Record<string, number>;
  udpClient: Record<string, number>;
  server: Server;
  rate: number;
  report: PerfdhcpReport;
  serverCpuPct: number;
  cpuMicrosPerDora?: number;
  /** Whole-machine CPU busy (% of all cores) in the 1-s window before the run: other people's load. */
  machineBusyPct: number;
}

function cpuTotals(): [number, number] {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return [f.reduce((a, b) => a + b, 0) - idle, idle];
}

/** The machine is shared: wait (at most quietMax s) for a 1-s window under 25 % busy; returns the last window's busy %. */
async function quietWindow(quietMax: number): Promise<number> {
  let busy = 100;
  for (let i = 0; i < Math.max(1, quietMax); i++) {
    const [b0, i0] = cpuTotals();
    await sleep(1000);
    const [b1, i1] = cpuTotals();
    busy = (100 * (b1 - b0)) / Math.max(1, b1 - b0 + i1 - i0);
    if (busy < 25) break;
  }
  return busy;
}

async function measure(server: Server, d: Daemon, rate: number, period: number, quietMax: number): Promise<Row> {
  const machineBusyPct = await quietWindow(quietMax);
  const pid = d.child.pid!;
  const [us0, uc0] = [await udpCounters(SRV), await udpCounters(CLI)];
  const c0 = cpuSeconds(pid);
  const t0 = Date.now();
  const r = await run(
    'ip',
    ['netns', 'exec', CLI, 'taskset', '-c', '1', 'perfdhcp', '-4', '-r', String(rate), '-p', String(period), '-R', '10000', '-M', `${WORK}/macs.txt`, '-x', 't', SERVER_IP],
    {},
    undefined,
    (period + 30) * 1000,
  );
  const cpuUsed = cpuSeconds(pid) - c0;
  const cpu = (cpuUsed / ((Date.now() - t0) / 1000)) * 100;
  const udpServer = delta(us0, await udpCounters(SRV));
  const udpClient = delta(uc0, await udpCounters(CLI));
  const report = parsePerfdhcp(r.stdout, period);
  if (report.discoverOffer.received === 0) {
    process.stdout.write(`${server}: no answer at all; perfdhcp: ${r.stderr.slice(-500)} server: ${(d.stderr + d.stdout).slice(-1000)}\n`);
    if (fs.existsSync(`${WORK}/dnsmasq.log`)) process.stdout.write(fs.readFileSync(`${WORK}/dnsmasq.log`, 'utf8').slice(0, 1500));
  }
  // Server CPU time per completed DORA: the figure least disturbed by other load on a shared machine.
  const cpuMicrosPerDora = report.requestAck.received > 0 ? (cpuUsed * 1e6) / report.requestAck.received : undefined;
  const row = { server, rate, report, serverCpuPct: cpu, cpuMicrosPerDora, machineBusyPct, udpServer, udpClient };
  const f = (v?: number) => (v === undefined ? '-' : v.toFixed(2));
  process.stdout.write(
    `${server.padEnd(8)} rate ${String(rate).padStart(6)}/s  DORA/s ${report.doraPerSecond.toFixed(0).padStart(6)}  fail ${report.doraFailPct.toFixed(2).padStart(6)} %` +
      `  DO p50/p99 ${f(report.discoverOffer.p50Ms)}/${f(report.discoverOffer.p99Ms)} ms  RA p50/p99 ${f(report.requestAck.p50Ms)}/${f(report.requestAck.p99Ms)} ms  server CPU ${cpu.toFixed(0)} % (${f(cpuMicrosPerDora)} µs/DORA)  (machine busy before: ${machineBusyPct.toFixed(0)} %)` +
      `  lost in socket buffers: server ${udpServer.RcvbufErrors}, perfdhcp ${udpClient.RcvbufErrors}\n`,
  );
  return row;
}

async function ladder(server: Server, rates: number[], o: Options): Promise<Row[]> {
  const rows: Row[] = [];
  const hwctl = server === 'hwctl' ? await startHwctl(o.nodes) : undefined;
  try {
    for (const rate of rates) {
      const d = hwctl ?? (await startBaseline(server as 'kea' | 'dnsmasq'));
      try {
        rows.push(await measure(server, d, rate, o.period, o.quietMax));
      } finally {
        if (!hwctl) await d.stop();
      }
      if (rows.at(-1)!.report.doraFailPct > 25) break;
    }
  } finally {
    await hwctl?.stop();
  }
  return rows;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (process.getuid?.() !== 0) throw new Error('needs root (network namespaces)');
  for (const c of ['ip', 'taskset', 'perfdhcp', 'kea-dhcp4', 'dnsmasq', 'curl', 'ss']) {
    if ((await run('sh', ['-c', `command -v ${c}`])).code !== 0) throw new Error(`missing ${c}: scripts/install-peers.sh`);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('run `npm run build` first');
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  await namespaces();
  try {
    generate(o.nodes);
    process.stdout.write(`bench/dhcp: ${o.nodes} hosts, ${o.period} s per rate, servers ${o.servers.join(', ')} (server on CPU 0, perfdhcp on CPU 1)\n`);
    const rows: Row[] = [];
    for (const s of o.servers) rows.push(...(await ladder(s, s === 'dnsmasq' ? o.dnsmasqRates : o.rates, o)));
    const best = (s: Server) =>
      rows.filter((r) => r.server === s && r.report.doraFailPct <= 2.5).reduce<Row | undefined>((b, r) => (!b || r.report.doraPerSecond > b.report.doraPerSecond ? r : b), undefined);
    process.stdout.write('\nbest DORA/s at ≤ 2.5 % drops:\n');
    const kea = best('kea');
    // Median server CPU per DORA over the runs that lost ≤ 2.5 %.
    const cpuPerDora = (s: Server) => {
      const v = rows.filter((r) => r.server === s && r.report.doraFailPct <= 2.5 && r.cpuMicrosPerDora).map((r) => r.cpuMicrosPerDora!).sort((a, b) => a - b);
      return v.length ? v[Math.floor(v.length / 2)] : undefined;
    };
    for (const s of o.servers) {
      const b = best(s);
      const ratio = b && kea ? ` (${(b.report.doraPerSecond / kea.report.doraPerSecond).toFixed(2)}× Kea)` : '';
      const cpd = cpuPerDora(s);
      process.stdout.write(
        `  ${s.padEnd(8)} ${b ? `${b.report.doraPerSecond.toFixed(0)} DORA/s at rate ${b.rate}, server CPU ${b.serverCpuPct.toFixed(0)} %${ratio}` : 'none'}` +
          `${cpd ? `; server CPU per DORA (median) ${cpd.toFixed(0)} µs` : ''}\n`,
      );
    }
    const out = path.join(os.tmpdir(), `hwctl-dhcp-bench-${Date.now()}.json`);
    fs.writeFileSync(out, JSON.stringify({ options: o, rows }, null, 1));
    process.stdout.write(`rows: ${out}\n`);
  } finally {
    await cleanup();
  }
}

main().catch(async (err) => {
  process.stderr.write(`bench/dhcp: ${err instanceof Error ? err.message : String(err)}\n`);
  await cleanup();
  process.exit(1);
});
