/**
 * Many simulated BMCs in one process: one UDP socket per BMC address (Linux binds any 127.0.0.0/8 address
 * without configuration), each feeding its own BmcEndpoint. Fault knobs that concern the wire — drop rate,
 * latency, jitter — live here; the endpoint only sees datagrams that survived.
 */
import * as dgram from 'node:dgram';
import { RMCP_PORT } from '../../src/protocols/ipmi';
import { createFleet, FleetOptions } from '../fleet/fleet';
import { MachineState } from '../fleet/machine-state';
import { BmcFaceConfig, bmcFaceConfig } from './bmc-config';
import { BmcEndpoint, EndpointStats } from './bmc-endpoint';
import { Peer } from './bmc-session';

export interface SimulatedBmc {
  address: string;
  machine: MachineState;
  /** Overrides of the server-wide face config for this one BMC (users, suites, faults). */
  config?: Partial<BmcFaceConfig>;
}

export interface IpmiBmcServerOptions {
  bmcs: SimulatedBmc[];
  /** UDP port on every address (623 needs root; tests use e.g. 16230). */
  port?: number;
  config?: Partial<BmcFaceConfig>;
  /** Random source for drop and jitter decisions; inject a seeded one for repeatable fault tests. */
  random?: () => number;
  /** How often idle sessions are swept. */
  sweepIntervalMs?: number;
}

export class IpmiBmcServer {
  readonly port: number;
  readonly endpoints: BmcEndpoint[];
  private readonly sockets = new Map<string, dgram.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sweeper?: NodeJS.Timeout;
  private readonly random: () => number;
  private dropped = 0;
  private internalErrors = 0;

  constructor(private readonly opts: IpmiBmcServerOptions) {
    this.port = opts.port ?? RMCP_PORT;
    this.random = opts.random ?? Math.random;
    this.endpoints = opts.bmcs.map((b) => {
      const cfg = bmcFaceConfig({ ...opts.config, ...b.config, faults: { ...opts.config?.faults, ...b.config?.faults } });
      return new BmcEndpoint(b.address, this.port, b.machine, cfg, (d, p) => this.transmit(b.address, cfg, d, p));
    });
  }

  endpoint(address: string): BmcEndpoint | undefined {
    return this.endpoints.find((e) => e.address === address);
  }

  /** Bind every address; rejects (and releases what was bound) if any address fails. */
  async start(): Promise<void> {
    try {
      await Promise.all(this.endpoints.map((e) => this.bind(e)));
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.sweeper = setInterval(() => this.endpoints.forEach((e) => e.sweep()), this.opts.sweepIntervalMs ?? 5_000);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const e of this.endpoints) e.close();
    const closing = [...this.sockets.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    this.sockets.clear();
    await Promise.all(closing);
  }

  stats(): EndpointStats & { droppedByFault: number; internalErrors: number } {
    const total = { received: 0, malformed: 0, rejected: 0, sessionsOpened: 0, droppedByFault: this.dropped, internalErrors: this.internalErrors };
    for (const e of this.endpoints) {
      total.received += e.stats.received;
      total.malformed += e.stats.malformed;
      total.rejected += e.stats.rejected;
      total.sessionsOpened += e.stats.sessionsOpened;
    }
    return total;
  }

  private bind(endpoint: BmcEndpoint): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type: 'udp4' });
      const onError = (err: Error) => {
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.on('message', (msg, rinfo) => {
        if ((endpoint.cfg.faults.dropRate ?? 0) > this.random()) {
          this.dropped++;
          return;
        }
        try {
          endpoint.handleDatagram(msg, { address: rinfo.address, port: rinfo.port });
        } catch {
          // A bug must not take the other BMCs down with it; the endpoint already counted decode errors.
          this.internalErrors++;
        }
      });
      socket.bind({ address: endpoint.address, port: this.port, exclusive: true }, () => {
        socket.off('error', onError);
        // After start-up a socket error (e.g. ICMP unreachable echoes) must not crash the simulator.
        socket.on('error', () => undefined);
        this.sockets.set(endpoint.address, socket);
        resolve();
      });
    });
  }

  private transmit(address: string, cfg: BmcFaceConfig, datagram: Buffer, peer: Peer): void {
    const socket = this.sockets.get(address);
    if (!socket) return;
    const delay = (cfg.faults.latencyMs ?? 0) + (cfg.faults.jitterMs ?? 0) * this.random();
    const go = () => socket.send(datagram, peer.port, peer.address, () => undefined);
    if (delay <= 0) return go();
    const t = setTimeout(() => {
      this.timers.delete(t);
      go();
    }, delay);
    this.timers.add(t);
  }
}

export interface IpmiFleetOptions extends FleetOptions {
  /** One port, or candidates tried in order until every address binds (tests running side by side collide). */
  port?: number | number[];
  config?: Partial<BmcFaceConfig>;
  random?: () => number;
}

/** A fleet (shared machine states) with its IPMI face, started. Stop with `server.stop()`. */
export async function startIpmiFleet(opts: IpmiFleetOptions): Promise<{ server: IpmiBmcServer; fleet: ReturnType<typeof createFleet> }> {
  const fleet = createFleet(opts);
  const ports = Array.isArray(opts.port) ? opts.port : [opts.port ?? RMCP_PORT];
  for (const [i, port] of ports.entries()) {
    const server = new IpmiBmcServer({ bmcs: fleet.map((m) => ({ address: m.address, machine: m.machine })), port, config: opts.config, random: opts.random });
    try {
      await server.start();
      return { server, fleet };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || i === ports.length - 1) {
        fleet.forEach((m) => m.machine.dispose());
        throw err;
      }
    }
  }
  throw new Error('no port to try');
}

/** `preferred`, then `count` pseudo-random ports above it: candidates for startIpmiFleet in tests. */
export function candidatePorts(preferred: number, count = 20): number[] {
  return [preferred, ...Array.from({ length: count }, () => preferred + 1 + Math.floor(Math.random() * 2000))];
}
