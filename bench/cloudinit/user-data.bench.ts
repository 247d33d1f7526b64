/**
 * Benchmark: cloud-init user-data requests per second and latency with 10k nodes (issue 5's goal:
 * ≥ 10,000 req/s, p99 < 10 ms), against the BUILT daemon (bin/hwctld.js) in its own process on SQLite.
 *
 * Nodes are identified by source address; the load generator sends each request through the trusted
 * proxy 127.0.0.1 with X-Forwarded-For naming one of the 10k node addresses, round-robin, so every node is
 * asked for (the quickstart's haproxy front end does the same). Phases:
 *   1. load 10k nodes (100 rack groups + "all" + "compute") and entries for the groups and 1,000 nodes;
 *   2. first request (the daemon builds its node index from the inventory);
 *   3. "boot storm": every node asks once (each answer rendered, then cached);
 *   4. steady state for --duration seconds with --connections keep-alive connections.
 * Every loop is bounded in count and time. Run: npm run bench:cloudinit [-- --duration 10 --connections 64]
 * The access log is at level "log", so the daemon runs with HWCTL_LOG_LEVEL=warn (one log line per request
 * would measure the logger); --log-level log shows the cost. --profile DIR writes the daemon's CPU profile.
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
  /** Write a V8 CPU profile of the daemon into this directory (--cpu-prof). */
  profile?: string;
  /** Also drive the steady state with wrk when it is installed (--no-wrk: don't). */
  wrk: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { nodes: 10_000, duration: 10, connections: 64, maxRequests: 2_000_000, logLevel: 'warn', wrk: true };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--no-wrk') {
      o.wrk = false;
      i--;
    } else if (k === '--nodes') o.nodes = Math.min(60_000, Number(v));
    else if (k === '--duration') o.duration = Math.min(120, Number(v));
    else if (k === '--connections') o.connections = Math.min(1024, Number(v));
    else if (k === '--max-requests') o.maxRequests = Number(v);
    else if (k === '--log-level') o.logLevel = v;
    else if (k === '--profile') o.profile = path.resolve(v);
    else throw new Error(`unknown option ${k} (--nodes, --duration, --connections, --max-requests, --log-level, --profile DIR, --no-wrk)`);
  }
  return o;
}

// One /inventory/v1/load for the whole inventory, as a site would send it (all-or-nothing in one transaction).
const LOAD_CHUNK = 10_000;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
// 10.<rack>.<x>.<y>: 10k distinct node addresses that are never routed anywhere (only named in headers).
const nodeIp = (i: number) => `10.${Math.floor(i / 65536) + 1}.${Math.floor(i / 256) % 256}.${i % 256}`;
const xname = (i: number) => `x${1000 + Math.floor(i / 256)}c${Math.floor(i / 64) % 4}s${Math.floor(i / 8) % 8}b${Math.floor(i / 2) % 4}n${i % 2}`;
const mac = (i: number) => `02:00:${[(i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

/** wrk's Lua: each request names the next of the node addresses in X-Forwarded-For (as the Node loop does). */
function wrkScript(nodes: number): string {
  return walkingScript(
    nodes,
    `  local ip = string.format("10.%d.%d.%d", math.floor(i / 65536) + 1, math.floor(i / 256) % 256, i % 256)
  return wrk.format("GET", nil, { ["X-Forwarded-For"] = ip })`,
  );
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-bench-ci-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`] : [];
  const daemon = Daemon.start(process.execPath, [...nodeArgs, path.join(ROOT, 'bin', 'hwctld.js')], {
    HWCTL_DATA_DIR: dir,
    HWCTL_DATABASE_URL: `sqlite:${path.join(dir, 'hwctl.sqlite')}`,
    HWCTL_HTTP_PORT: String(port),
    HWCTL_HTTP_BODY_LIMIT: '64mb',
    HWCTL_JWT_SECRET: SECRET,
    HWCTL_LOG_LEVEL: o.logLevel,
    HWCTL_LOG_FORMAT: 'json',
    HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1',
    HWCTL_CLOUDINIT_CLUSTER_NAME: 'bench',
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

    // 1. Inventory and cloud-init data.
    let t0 = Date.now();
    const nodes = Array.from({ length: o.nodes }, (_, i) => ({
      xname: xname(i),
      nid: i + 1,
      groups: ['all', `rack${Math.floor(i / 100)}`, ...(i % 10 === 0 ? [] : ['compute'])],
      interfaces: [{ mac: mac(i), ips: [{ ip: nodeIp(i) }] }],
    }));
    for (let i = 0; i < nodes.length; i += LOAD_CHUNK) await call('POST', '/inventory/v1/load', { nodes: nodes.slice(i, i + LOAD_CHUNK) });
    const loadMs = Date.now() - t0;
    t0 = Date.now();
    await call('PUT', '/cloud-init/all', { 'cloud-init': { userdata: { packages: ['chrony', 'curl'], ntp: { enabled: true, servers: ['10.0.0.254'] }, users: [{ name: 'ops', groups: ['sudo'], ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBadKeyForTestsOnly0000000000000000000000 ops'] }] }, metadata: { site: 'bench' } } });
    await call('PUT', '/cloud-init/compute', { 'cloud-init': { userdata: { runcmd: ['systemctl restart chronyd', 'setenforce 0'], write_files: [{ path: '/etc/sysconfig/slurmd', content: 'SLURMD_OPTIONS=--conf-server 10.0.0.254:6817\n' }] } } });
    for (let r = 0; r < Math.ceil(o.nodes / 100); r += 10) await call('PUT', `/cloud-init/rack${r}`, { 'cloud-init': { userdata: { ntp: { servers: [`10.0.${r}.1`] } }, metadata: { rack: r } } });
    for (let i = 0; i < Math.min(1000, o.nodes); i++) await call('PUT', `/cloud-init/${xname(i * Math.floor(o.nodes / Math.min(1000, o.nodes)))}`, { 'cloud-init': { userdata: { hostname: `nid${i}`, runcmd: [`echo node ${i}`] } } });
    const entriesMs = Date.now() - t0;

    const pool = new Pool(url, { connections: o.connections, pipelining: 1, keepAliveTimeout: 30_000 });
    let target = '/cloud-init/user-data';
    const get = async (i: number): Promise<{ status: number; bytes: number }> => {
      const res = await pool.request({ path: target, method: 'GET', headers: { 'x-forwarded-for': nodeIp(i % o.nodes) } });
      const buf = await res.body.arrayBuffer();
      return { status: res.statusCode, bytes: buf.byteLength };
    };

    // 2. First request: the node index is built from the inventory.
    t0 = performance.now();
    const first = await get(0);
    const firstMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`first request: ${first.status}`);

    // 3 and 4: closed-loop load, `connections` requests in flight, bounded by count and time.
    const run = (count: number, seconds: number) => closedLoop(get, { count, seconds, connections: o.connections, pid: daemon.child.pid! });
    // Open every connection first (undici opens them one by one as requests queue; under load the first ones
    // then wait ~40 ms each, which would be counted against the storm), on the no-op route.
    target = '/hsm/v2/service/liveness';
    await run(o.connections * 4, 30);
    target = '/cloud-init/user-data';
    const storm = await run(o.nodes, 120);
    const steady = await run(o.maxRequests, o.duration);
    // The same loop on a route that does nothing (SMD liveness, 204): the HTTP stack's ceiling on this machine.
    target = '/hsm/v2/service/liveness';
    const baseline = await run(o.maxRequests, Math.min(5, o.duration));
    await pool.close();
    // wrk (C, one thread): the steady state without a Node load generator competing for the two CPUs.
    let wrkLine = 'wrk                      not installed (apt-get install wrk), skipped';
    if (o.wrk && hasWrk()) {
      const lua = path.join(dir, 'user-data.lua');
      fs.writeFileSync(lua, wrkScript(o.nodes));
      wrkLine = runWrk(daemon.child.pid!, `${url}/cloud-init/user-data`, lua, o).line('wrk steady (1 thread)');
    }

    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const line = (name: string, r: Awaited<ReturnType<typeof run>>) =>
      `${name.padEnd(24)} ${String(r.requests).padStart(8)} req  ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  daemon CPU ${r.cpuUs.toFixed(0)} µs/req (≈ ${(1e6 / r.cpuUs).toFixed(0)} req/s per core)  errors ${r.errors}  ~${r.avgBytes.toFixed(0)} B/answer`;
    process.stdout.write(
      [
        `cloud-init user-data benchmark: ${o.nodes} nodes, ${o.connections} connections, daemon log level ${o.logLevel}, node ${process.version}, ${os.cpus().length} CPU(s)`,
        `inventory load            ${loadMs} ms (${Math.ceil(o.nodes / LOAD_CHUNK)} loads of ${LOAD_CHUNK} nodes)`,
        `cloud-init entries        ${entriesMs} ms (${2 + Math.ceil(Math.ceil(o.nodes / 100) / 10)} groups, ${Math.min(1000, o.nodes)} nodes, one PUT each)`,
        `first request             ${ms(firstMs)} (builds the node index)`,
        line('boot storm (each once)', storm),
        line(`steady (${o.duration}s)`, steady),
        line('baseline: liveness (204)', baseline),
        wrkLine,
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
  process.stderr.write(`bench:cloudinit failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
