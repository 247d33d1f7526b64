/**
 * Network-namespace plumbing for interop tests that run the BUILT hwctld against real peers (the
 * pattern of test/interop/dhcp-clients.test.ts, ../shared/peers/dhcp/netns-up.sh and PEERS.md §4–5).
 * Everything happens inside namespaces the test creates and deletes: the root namespace holds no end
 * of any link, so no packet can leave the machine. Needs root.
 */
import * as path from 'node:path';
import { Daemon, ROOT, run, RunResult } from './processes';

export const sh = (cmd: string, args: string[], timeoutMs = 20_000): Promise<RunResult> => run(cmd, args, {}, undefined, timeoutMs);
export const inNs = (ns: string, args: string[], timeoutMs = 20_000): Promise<RunResult> => sh('ip', ['netns', 'exec', ns, ...args], timeoutMs);

/** Runs a command that must succeed. */
export async function must(cmd: string, args: string[]): Promise<RunResult> {
  const r = await sh(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** The commands of `commands` that are not on PATH. */
export async function missingCommands(commands: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const c of commands) if ((await sh('sh', ['-c', `command -v ${c}`])).code !== 0) missing.push(c);
  return missing;
}

/** Deletes namespaces (their interfaces go with them); a namespace that is already gone is fine. */
export async function deleteNamespaces(...names: string[]): Promise<void> {
  for (const ns of names) await sh('ip', ['netns', 'del', ns]);
}

/** hwctld (dist/, bin/hwctld.js) started in `ns`, with the HTTP API reached by curl inside it. */
export class NsHwctld {
  constructor(
    readonly daemon: Daemon,
    private readonly ns: string,
    private readonly port: number,
    private readonly token: string,
  ) {}

  /** Starts it and waits (bounded) until its DHCP server answers `enabled: true` in /dhcp/v1/status. */
  static async start(ns: string, env: Record<string, string>, port: number, token: string): Promise<NsHwctld> {
    const daemon = Daemon.start('ip', ['netns', 'exec', ns, process.execPath, path.join(ROOT, 'bin/hwctld.js')], env);
    const h = new NsHwctld(daemon, ns, port, token);
    for (let i = 0; i < 300; i++) {
      if (daemon.child.exitCode !== null) throw new Error(`hwctld exited ${daemon.child.exitCode}: ${daemon.stderr}${daemon.stdout}`);
      const r = await inNs(ns, ['curl', '-s', '--max-time', '2', '-H', `Authorization: Bearer ${token}`, `http://127.0.0.1:${port}/dhcp/v1/status`]);
      if (r.code === 0 && r.stdout.includes('"enabled":true')) return h;
      await new Promise((res) => setTimeout(res, 100));
    }
    await daemon.stop();
    throw new Error(`hwctld did not start its DHCP server: ${daemon.stdout.slice(-2000)}`);
  }

  async api(method: string, route: string, body?: unknown): Promise<any> {
    const args = ['curl', '-sS', '--max-time', '10', '-X', method, '-H', `Authorization: Bearer ${this.token}`, `http://127.0.0.1:${this.port}${route}`];
    if (body !== undefined) args.push('-H', 'content-type: application/json', '--data-binary', JSON.stringify(body));
    const r = await inNs(this.ns, args);
    if (r.code !== 0) throw new Error(`curl ${method} ${route}: ${r.stderr}`);
    return r.stdout ? JSON.parse(r.stdout) : undefined;
  }

  /** The JSON log lines (HWCTL_LOG_FORMAT=json) stamped at or after `sinceMs`, object messages only. */
  logs(sinceMs = 0): LogLine[] {
    const out: LogLine[] = [];
    for (const line of this.daemon.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const j = JSON.parse(line) as { timestamp?: number; context?: string; message?: unknown };
        if (typeof j.timestamp === 'number' && j.timestamp >= sinceMs && j.message !== null && typeof j.message === 'object') {
          out.push({ t: j.timestamp, context: j.context ?? '', ...(j.message as Record<string, unknown>) });
        }
      } catch {
        // a line cut in half by the pipe: the next poll sees it whole
      }
    }
    return out;
  }

  stop(): Promise<number | null> {
    return this.daemon.stop();
  }
}

export type LogLine = { t: number; context: string; msg?: unknown } & Record<string, unknown>;

/**
 * A minimal IPv6 router for iPXE: answers each Router Solicitation on `ifname` with a Router Advertisement
 * (RFC 4861 §4.2) that carries no prefix, no M/O flags (so no DHCPv6) and router lifetime 0 (not a default
 * router). iPXE's autoboot waits for every configurator (DHCPv4 and IPv6) before it boots; an answered
 * solicitation ends the IPv6 one at once, while unanswered ones keep it waiting ~13 s (PEERS.md §5).
 * Node has no raw sockets, hence python3 (Debian's, a cloud-init dependency). Bounded by `seconds`; prints
 * "ready" once it listens and one "RS <source>" line per answer.
 */
export async function startRouterAdvertiser(ns: string, ifname: string, seconds: number): Promise<Daemon> {
  const script = `
import select, socket, struct, sys, time
ifname, limit = sys.argv[1], float(sys.argv[2])
idx = socket.if_nametoindex(ifname)
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)  # RFC 4861 §6.1.2: hop limit 255
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, 'ff02::2') + struct.pack('@I', idx))
ra = struct.pack('!BBHBBHII', 134, 0, 0, 64, 0, 0, 0, 0)  # type, code, checksum (kernel), hop limit, flags, lifetime, reachable, retrans
print('ready', flush=True)
end = time.time() + limit
while time.time() < end:
    if not select.select([s], [], [], max(0, end - time.time()))[0]:
        break
    data, addr = s.recvfrom(1500)
    if data[:1] == b'\\x85':  # 133: router solicitation
        s.sendto(ra, ('ff02::1', 0, 0, idx))
        print('RS', addr[0], flush=True)
`;
  return startPythonInNs(ns, 'router advertiser', script, ifname, seconds);
}

/**
 * Runs a python3 script (given `ifname` and `seconds` as argv) in `ns`, killed after `seconds` at the
 * latest, and waits up to 5 s for it to print "ready". For what Node cannot do: raw sockets.
 */
export async function startPythonInNs(ns: string, what: string, script: string, ifname: string, seconds: number): Promise<Daemon> {
  const p = Daemon.start('ip', ['netns', 'exec', ns, 'timeout', String(seconds), 'python3', '-c', script, ifname, String(seconds)], {});
  for (let i = 0; i < 50 && !p.stdout.includes('ready'); i++) {
    if (p.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  if (!p.stdout.includes('ready')) {
    await p.stop();
    throw new Error(`${what} did not start: ${p.stderr}`);
  }
  return p;
}
