/**
 * The sweep: every address of every target (IPv4, CIDR or a-b range, at most a /16 each), on every Redfish
 * port: TCP connect, then the unauthenticated service-root GET; optionally the IPMI RMCP probe on UDP 623.
 * `concurrency` addresses are in flight at once whatever the subnet size (magellan starts one goroutine per
 * host and ignores -j, reference §1.2); every step has its own timeout, so one address costs at most
 * 2 × timeout on TCP and 1 × timeout on UDP. Plain TypeScript: the daemon, the CLI and the benchmark use it.
 */
import * as os from 'node:os';
import { countTargets, expandTargets, ipv4ToInt } from '../../common/net/ipv4';
import { Limiter } from '../../protocols/redfish';
import { SSDP_PORT, ssdpUnicastSearch } from '../../protocols/ssdp';
import { IpmiProbeHit, probeIpmi } from './ipmi-probe';
import { ProbeOffload } from './probe-offload';
import { probeRedfish, RedfishProbeHit } from './redfish-probe';
import { SsdpMulticastSpec, ssdpMulticastProbe } from './ssdp-multicast-probe';
import { tcpOpen } from './tcp-probe';

export interface SweepSpec extends SsdpMulticastSpec {
  targets: string[];
  ports: number[];
  scheme: 'https' | 'http';
  timeoutMs: number;
  concurrency: number;
  ipmi: boolean;
  ipmiPort: number;
  /**
   * Service-root GETs (TLS handshakes) in flight at once (default min(concurrency, 64)). Connects are cheap
   * and run `concurrency` wide; a handshake costs CPU on both ends, so a burst of open ports (a rack of BMCs
   * on consecutive addresses) queues here instead of timing out together. Each GET's timeout starts when
   * it is sent, not while it waits.
   */
  probeConcurrency?: number;
  /**
   * Threads sharing the sweep (default: one per CPU, up to 4, for sweeps of 16,384 addresses or more;
   * 1 below). `concurrency` and `probeConcurrency` are totals across threads, never per thread.
   */
  threads?: number;
  /**
   * Run the service-root GETs on a worker thread of their own while this thread keeps connecting (see
   * probe-offload.ts). Default: on for single-threaded sweeps of OFFLOAD_FROM addresses or more on a
   * machine with two CPUs or more.
   */
  probeThread?: boolean;
  /** Send the service-root GET to open ports (default true); false reports open ports only. */
  probe?: boolean;
  /** Also send a unicast SSDP M-SEARCH to every address (DSP0266 Discovery; optional, a hint). */
  ssdp?: boolean;
  ssdpPort?: number;
}

/**
 * Sweeps this big are split across sweeping threads on machines with more than MIN_CPUS_TO_SPLIT CPUs.
 * On two CPUs a second sweeping thread only contends with the first in the kernel (a /16 connect-only
 * sweep took 3.6 s with two threads vs 3.1 s with one) and with the TLS work; offloading the probes is the
 * better use of the second CPU there.
 */
const THREADED_FROM = 16_384;
const MIN_CPUS_TO_SPLIT = 4;
/** Sweeps this big get a probe thread (a worker costs ~30 ms to start; a /20 has 4,096 addresses). */
const OFFLOAD_FROM = 4_096;

function defaultThreads(): number {
  const cpus = os.availableParallelism();
  return cpus >= MIN_CPUS_TO_SPLIT ? Math.min(4, cpus) : 1;
}

export type SweepHit =
  | ({ kind: 'redfish'; address: string; port: number } & RedfishProbeHit)
  /** An open port, reported as such when probing is off (magellan --disable-probing). */
  | { kind: 'tcp'; address: string; port: number }
  /** An SSDP answer (port = the SSDP port it came from): a hint with the service UUID and root URL. */
  | { kind: 'ssdp'; address: string; port: number; uuid: string; location: string }
  | ({ kind: 'ipmi'; address: string; port: number } & IpmiProbeHit);

export interface SweepHooks {
  onHit?(hit: SweepHit): void;
  /** After each address (all its probes done). */
  onProbed?(probed: number): void;
  signal?: AbortSignal;
}

/** Distinct addresses of all targets, in order (overlapping targets probe an address once). Throws Ipv4Error on a bad target. */
export function sweepSize(targets: string[]): number {
  return targets.reduce((n, t) => n + countTargets(t), 0);
}

function* addresses(targets: string[]): Generator<string> {
  const seen = new Set<number>();
  for (const t of targets) {
    for (const a of expandTargets(t)) {
      const n = ipv4ToInt(a);
      if (seen.has(n)) continue;
      seen.add(n);
      yield a;
    }
  }
}

/** Runs the sweep; resolves with the number of addresses probed (fewer than the total if aborted). */
export async function sweep(spec: SweepSpec, hooks: SweepHooks = {}): Promise<number> {
  const total = sweepSize(spec.targets); // validates every target before the first packet
  const threads = Math.min(spec.threads ?? (total >= THREADED_FROM ? defaultThreads() : 1), Math.max(1, spec.concurrency));
  const ssdp = spec.ssdp ? ssdpSweep(spec, hooks) : Promise.resolve();
  const multicast = ssdpMulticastProbe(spec, hooks); // opt-in: spec.ssdpInterface (ssdp-multicast-probe.ts)
  let n: number | undefined;
  if (threads > 1) {
    // Loaded lazily: worker_threads only for big sweeps, and only where a worker can be started.
    const { sweepThreaded } = await import('./scan-threads');
    n = await sweepThreaded(spec, hooks, threads);
  }
  if (n === undefined) {
    const offload = spec.probe !== false && (spec.probeThread ?? (total >= OFFLOAD_FROM && os.availableParallelism() >= 2));
    const prober = offload ? ProbeOffload.start(probeConcurrency(spec)) : undefined;
    try {
      n = await sweepSlice(spec, hooks, 0, 1, prober);
    } finally {
      await prober?.close();
    }
  }
  await ssdp;
  await multicast;
  return n;
}

export function probeConcurrency(spec: SweepSpec): number {
  return Math.max(1, spec.probeConcurrency ?? Math.min(spec.concurrency, 64));
}

async function ssdpSweep(spec: SweepSpec, hooks: SweepHooks): Promise<void> {
  const port = spec.ssdpPort ?? SSDP_PORT;
  const hits = await ssdpUnicastSearch(addresses(spec.targets), { port, timeoutMs: spec.timeoutMs, signal: hooks.signal });
  for (const h of hits) hooks.onHit?.({ kind: 'ssdp', address: h.from, port, uuid: h.uuid, location: h.location });
}

/**
 * The sweep of one slice of the addresses (every `slices`-th, starting at `slice`) in this thread, with
 * `concurrency` addresses in flight. The whole sweep is slice 0 of 1.
 */
export async function sweepSlice(spec: SweepSpec, hooks: SweepHooks, slice: number, slices: number, prober?: ProbeOffload): Promise<number> {
  const it = addresses(spec.targets);
  const http = new Limiter(probeConcurrency(spec));
  const probe = prober ? prober.probe.bind(prober) : probeRedfish;
  let index = -1;
  let probed = 0;
  const next = (): string | undefined => {
    for (;;) {
      const n = it.next();
      if (n.done) return undefined;
      if (++index % slices === slice) return n.value;
    }
  };
  const worker = async () => {
    for (;;) {
      if (hooks.signal?.aborted) return;
      const address = next();
      if (address === undefined) return;
      await probeAddress(spec, address, hooks, http, probe);
      probed++;
      hooks.onProbed?.(probed);
    }
  };
  const workers = Math.max(1, Math.min(spec.concurrency, 65_536));
  await Promise.all(Array.from({ length: workers }, worker));
  return probed;
}

async function probeAddress(spec: SweepSpec, address: string, hooks: SweepHooks, http: Limiter, probe: typeof probeRedfish): Promise<void> {
  const tcp = spec.ports.map(async (port) => {
    if (!(await tcpOpen(address, port, spec.timeoutMs))) return;
    if (spec.probe === false) return hooks.onHit?.({ kind: 'tcp', address, port });
    const hit = await http.run(() => probe(spec.scheme, address, port, spec.timeoutMs));
    if (hit) hooks.onHit?.({ kind: 'redfish', address, port, ...hit });
  });
  const udp = spec.ipmi
    ? probeIpmi(address, spec.ipmiPort, spec.timeoutMs).then((hit) => {
        if (hit) hooks.onHit?.({ kind: 'ipmi', address, port: spec.ipmiPort, ...hit });
      })
    : Promise.resolve();
  await Promise.all([...tcp, udp]);
}
