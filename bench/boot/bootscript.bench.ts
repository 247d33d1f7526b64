/**
 * Benchmark: iPXE bootscript requests per second and latency with 10k nodes (issue 6's goal: ≥ 10,000 req/s,
 * p99 < 10 ms), against the BUILT daemon (dist/src/main.js, what bin/hwctld.js runs) in its own process on SQLite.
 *
 * Setup: 10k nodes (groups "compute" and 100 racks), boot parameters for group "compute" (kernel, initrd,
 * params — seeds/003's) and a `params` override for 1,000 nodes, so answers go through the group → node merge.
 * Phases, each bounded in count and time:
 *   1. first request (cold: builds the in-memory index from one inventory snapshot);
 *   2. "boot storm": every other node asks once by its MAC (each answer resolved and rendered, then cached);
 *   3. steady state for --duration seconds, MACs round-robin, undici keep-alive connections (closed loop);
 *   4. the same with wrk (C; lighter on a 2-core machine than a Node client), if installed, and wrk against a
 *      bare node:http server writing a same-sized answer: the ceiling of this machine at this moment;
 *   5. the undici loop on /hsm/v2/service/liveness (204 through Express + Nest): the framework's own cost.
 * Connections default to 16: with a closed loop, latency ≈ connections ÷ throughput (Little's law), so
 * p99 < 10 ms at 10k req/s leaves room for about 16–32 requests in flight; 64 measures queueing, not us.
 * Run: npm run bench:boot [-- --duration 10 --connections 16 --nodes 10000 --log-level log --profile DIR
 *      --daemon path/to/main.js --no-wrk]
 * The daemon runs with HWCTL_LOG_LEVEL=warn: at "log" every answer writes a log line (--log-level log shows the cost).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool, request } from 'undici';
import { Daemon, freePort, ROOT } from '../../test/helpers/processes';
import { closedLoop } from '../lib/closed-loop';
import { hasWrk, runWrk, walkingScript } from '../lib/wrk';

interface Options {
  nodes: number;
  duration: number;
  connections: number;
  maxRequests: number;
  logLevel: string;
  profile?: string;
  wrk: boolean;
  /** The daemon's compiled entry point (default dist/src/main.js, what bin/hwctld.js runs). */
  daemon: string;
}

function options(argv: string[]): Options {
  const o: Options = { nodes: 10_000, duration: 10, connections: 16, maxRequests: 2_000_000, logLevel: 'warn', wrk: true, daemon: path.join(ROOT, 'dist', 'src', 'main.js') };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--no-wrk') {
      o.wrk = false;
      i--;
      continue;
    }
    if (k === '--nodes') o.nodes = Math.min(60_000, Number(v));
    else if (k === '--duration') o.duration = Math.min(120, Number(v));
    else if (k === '--connections') o.connections = Math.min(1024, Number(v));
    else if (k === '--max-requests') o.maxRequests = Number(v);
    else if (k === '--log-level') o.logLevel = v;
    else if (k === '--profile') o.profile = path.resolve(v);
    else if (k === '--daemon') o.daemon = path.resolve(v);
    else throw new Error(`unknown option ${k} (--nodes, --duration, --connections, --max-requests, --log-level, --profile DIR, --daemon MAIN_JS, --no-wrk)`);
  }
  return o;
}

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
// One /inventory/v1/load for the whole inventory, as a site would send it (all-or-nothing in one transaction).
const LOAD_CHUNK = 10_000;
const xname = (i: number) => `x${1000 + Math.floor(i / 256)}c${Math.floor(i / 64) % 4}s${Math.floor(i / 8) % 8}b${Math.floor(i / 2) % 4}n${i % 2}`;
const mac = (i: number) => `02:00:${[(i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
const nodeIp = (i: number) => `10.${Math.floor(i / 65536) + 1}.${Math.floor(i / 256) % 256}.${i % 256}`;

/** wrk's Lua: each thread walks the 10k MACs from its own offset. */
function wrkScript(nodes: number): string {
  return walkingScript(
    nodes,
    `  return wrk.format("GET", string.format("/boot/v1/bootscript?mac=02:00:%02x:%02x:%02x:%02x", math.floor(i / 16777216) % 256, math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256))`,
  );
}

/** A bare node:http server answering `bytes` bytes of text to anything: what this machine can do at best. */
async function bareNodeServer(dir: string, bytes: number): Promise<Daemon & { port: number }> {
  const port = await freePort();
  const script = path.join(dir, 'bare.js');
  fs.writeFileSync(
    script,
    `const body = Buffer.alloc(${bytes}, 97);
require('node:http').createServer((q, s) => { s.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': body.length }); s.end(body); }).listen(${port}, '127.0.0.1', () => console.log('ready'));
setTimeout(() => process.exit(0), 300000).unref();`,
  );
  const d = Daemon.start(process.execPath, [script], {});
  for (let i = 0; i < 100 && !d.stdout.includes('ready'); i++) await new Promise((r) => setTimeout(r, 50));
  return Object.assign(d, { port });
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (!fs.existsSync(o.daemon)) throw new Error(`${o.daemon} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-bench-boot-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = Daemon.start(process.execPath, [...(o.profile ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`] : []), o.daemon], {
    HWCTL_DATA_DIR: dir,
    HWCTL_DATABASE_URL: `sqlite:${path.join(dir, 'hwctl.sqlite')}`,
    HWCTL_HTTP_PORT: String(port),
    HWCTL_HTTP_BODY_LIMIT: '64mb',
    HWCTL_JWT_SECRET: SECRET,
    HWCTL_LOG_LEVEL: o.logLevel,
    HWCTL_LOG_FORMAT: 'json',
    HWCTL_BOOT_ADVERTISE_URL: 'http://10.0.0.254:27780',
    HWCTL_BOOT_CACHE_TTL: '10m',
  });
  try {
    await daemon.waitHttp(`${url}/health`, 60_000);
    const { issueToken } = await import('../../src/auth/token-issuer');
    const { loadConfig } = await import('../../src/config/config.loader');
    const token = await issueToken(loadConfig({ HWCTL_DATA_DIR: dir, HWCTL_JWT_SECRET: SECRET }), { scopes: ['admin'] });
    const call = async (method: 'POST' | 'PUT', p: string, body: unknown) => {
      const res = await request(`${url}${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${p}: ${res.statusCode} ${text.slice(0, 300)}`);
    };

    let t0 = Date.now();
    const nodes = Array.from({ length: o.nodes }, (_, i) => ({
      xname: xname(i),
      nid: i + 1,
      groups: ['compute', `rack${Math.floor(i / 100)}`],
      interfaces: [{ mac: mac(i), ips: [{ ip: nodeIp(i) }] }],
    }));
    for (let i = 0; i < nodes.length; i += LOAD_CHUNK) await call('POST', '/inventory/v1/load', { nodes: nodes.slice(i, i + LOAD_CHUNK) });
    const loadMs = Date.now() - t0;
    t0 = Date.now();
    const img = 'http://10.0.0.254:8080/openchami/compute-slurm/latest';
    await call('PUT', '/boot/v1/bootparameters', {
      hosts: ['compute'],
      kernel: `${img}/vmlinuz-4.18.0-553.27.1.el8_10.x86_64`,
      initrd: `${img}/initramfs-4.18.0-553.27.1.el8_10.x86_64.img`,
      params: `root=live:${img}/rootfs-4.18.0-553.27.1.el8_10.x86_64 overlayroot=tmpfs overlayroot_cfgdisk=disabled nomodeset ro ip=dhcp apparmor=0 selinux=0 console=ttyS0,115200 ip6=off network-config=disabled rd.shell`,
    });
    const overrides = Array.from({ length: Math.min(1000, o.nodes) }, (_, k) => xname(k * Math.floor(o.nodes / Math.min(1000, o.nodes))));
    await call('PUT', '/boot/v1/bootparameters', { hosts: overrides, params: 'console=ttyS0,115200 ip=dhcp rd.break' });
    const paramsMs = Date.now() - t0;

    const pool = new Pool(url, { connections: o.connections, pipelining: 1, keepAliveTimeout: 30_000 });
    let pathOf = (i: number) => `/boot/v1/bootscript?mac=${mac(i % o.nodes)}`;
    const get = async (i: number) => {
      const res = await pool.request({ path: pathOf(i), method: 'GET' });
      const buf = await res.body.arrayBuffer();
      return { status: res.statusCode, bytes: buf.byteLength };
    };

    t0 = performance.now();
    const first = await get(0);
    const firstMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`first request: ${first.status}`);

    const loop = (count: number, seconds: number) => closedLoop(get, { count, seconds, connections: o.connections, pid: daemon.child.pid! });

    // Open the connections first on the no-op route (undici opens them one by one as requests queue).
    const liveness = () => '/hsm/v2/service/liveness';
    const bootscript = pathOf;
    pathOf = liveness;
    await loop(o.connections * 4, 30);
    pathOf = (i: number) => bootscript(i + 1); // node 0 was the first request
    const storm = await loop(o.nodes - 1, 120);
    pathOf = bootscript;
    const steady = await loop(o.maxRequests, o.duration);

    let wrkLine = 'wrk                      not installed (apt-get install wrk), skipped';
    let ceilingLine = '';
    let wrkRps = NaN;
    let wrkP99 = NaN;
    if (o.wrk && hasWrk()) {
      const lua = path.join(dir, 'bootscript.lua');
      fs.writeFileSync(lua, wrkScript(o.nodes));
      const w = runWrk(daemon.child.pid!, `${url}/boot/v1/bootscript`, lua, o);
      [wrkRps, wrkP99] = [w.rps, w.p99];
      wrkLine = w.line('wrk (1 thread)');
      if (w.non2xx !== '0') process.exitCode = 1;
      // The ceiling of this machine right now: a bare node:http server writing a same-sized answer, same load.
      const bare = await bareNodeServer(dir, Math.round(steady.avgBytes));
      try {
        ceilingLine = runWrk(bare.child.pid!, `http://127.0.0.1:${bare.port}/boot/v1/bootscript`, lua, o).line('ceiling: bare node:http');
      } finally {
        await bare.stop();
      }
    }

    pathOf = liveness;
    const baseline = await loop(o.maxRequests, Math.min(5, o.duration));
    await pool.close();

    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const line = (name: string, r: Awaited<ReturnType<typeof loop>>) =>
      `${name.padEnd(24)} ${String(r.requests).padStart(8)} req  ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  daemon CPU ${r.cpuUs.toFixed(0)} µs/req (≈ ${(1e6 / r.cpuUs).toFixed(0)} req/s per core)  errors ${r.errors}  ~${r.avgBytes.toFixed(0)} B/answer`;
    process.stdout.write(
      [
        `bootscript benchmark: ${o.nodes} nodes, ${o.connections} connections, daemon log level ${o.logLevel}, node ${process.version}, ${os.cpus().length} CPU(s)`,
        `inventory load            ${loadMs} ms (${Math.ceil(o.nodes / LOAD_CHUNK)} loads of ${LOAD_CHUNK} nodes)`,
        `boot parameters           ${paramsMs} ms (group "compute" + one PUT overriding ${overrides.length} nodes)`,
        `first request             ${ms(firstMs)} (cold cache)`,
        line('boot storm (cold, each)', storm),
        line(`steady (${o.duration}s, undici)`, steady),
        wrkLine,
        ...(ceilingLine ? [ceilingLine] : []),
        line('baseline: liveness (204)', baseline),
        `goal: >= 10000 req/s and p99 < 10 ms — ${(Number.isNaN(wrkRps) ? steady.rps : Math.max(wrkRps, steady.rps)) >= 10_000 ? 'met' : 'NOT met'} for throughput, p99 ${(Number.isNaN(wrkP99) ? steady.p99 : wrkP99) < 10 ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
    if (storm.errors + steady.errors > 0) process.exitCode = 1;
  } finally {
    await daemon.stop();
    if (daemon.stderr.trim()) process.stderr.write(daemon.stderr.split('\n').slice(-20).join('\n'));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:boot failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
