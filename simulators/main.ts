/**
 * The simulator program: one fleet of simulated machines (shared power, boot and console state) and every
 * protocol face over it, in the foreground. `hwctl sim …` runs the compiled copy of this file in a child process
 * (src/ never imports simulators/, DESIGN.md), so the options here are the `hwctl sim` options:
 *
 *   hwctl sim --bmcs 256 --subnet 127.0.1.0/24 [--ipmi-port 623] [--username admin --password 'Password123!']
 *             [--seed hwctl] [--power-delay 0ms] [--latency 0ms] [--drop-rate 0] [--lockout-after 0]
 *
 * Prints one line containing "ready" once every face listens on every BMC address; stops cleanly on SIGINT or
 * SIGTERM (exit 0). A start-up failure (e.g. port 623 without root) prints one line on stderr and exits 1.
 *
 * A face is a few lines: its options, and a start() that listens on every fleet address and returns a stop().
 * Add one by appending it to FACES.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../src/common/duration';
import { Privilege, RMCP_PORT } from '../src/protocols/ipmi';
import { createFleet, FleetMember, subnetAddress } from './fleet/fleet';
import { BmcUser, DEFAULT_USERS } from './ipmi/bmc-config';
import { IpmiBmcServer } from './ipmi/ipmi-bmc.server';
import { redfishFace } from './redfish/redfish-sim.face';

/** Options every face sees: the fleet-wide ones below plus each face's own (e.g. `ipmiPort`). */
export interface SimOptions {
  bmcs: number;
  subnet: string;
  seed: string;
  username: string;
  password: string;
  powerDelayMs: number;
  latencyMs: number;
  dropRate: number;
  lockoutAfter: number;
  bootLineIntervalMs: number;
  [faceOption: string]: unknown;
}

export interface RunningFace {
  /** For the ready line, e.g. "ipmi udp/623". */
  summary: string;
  stop(): Promise<void>;
}

export interface SimulatorFace {
  name: string;
  /** Registers the face's own options (prefix them with the face name: --ipmi-port, --redfish-port). */
  addOptions(cmd: Command): void;
  /** Listens on every fleet address; rejects (having released what it bound) if any address fails. */
  start(fleet: FleetMember[], opts: SimOptions): Promise<RunningFace>;
}

/** The fleet-wide login, first, then the default operator and user accounts (privilege tests use them). */
function ipmiUsers(o: SimOptions): BmcUser[] {
  return [{ name: o.username, password: o.password, privilege: Privilege.Administrator }, ...DEFAULT_USERS.filter((u) => u.name !== o.username)];
}

export const ipmiFace: SimulatorFace = {
  name: 'ipmi',
  addOptions: (cmd) => cmd.option('--ipmi-port <port>', 'UDP port of the IPMI face on every BMC address (623 needs root)', port, RMCP_PORT),
  async start(fleet, o) {
    const server = new IpmiBmcServer({
      bmcs: fleet.map((m) => ({ address: m.address, machine: m.machine })),
      port: o.ipmiPort as number,
      config: { users: ipmiUsers(o), faults: { latencyMs: o.latencyMs, dropRate: o.dropRate, lockoutAfter: o.lockoutAfter || undefined } },
    });
    await server.start();
    return { summary: `ipmi udp/${server.port}`, stop: () => server.stop() };
  },
};

export const FACES: SimulatorFace[] = [ipmiFace, redfishFace];

// ---------- option parsers (commander: InvalidArgumentError → "option '--x' argument 'y' is invalid. …") ----------

function port(v: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new InvalidArgumentError('expected a port number 1–65535.');
  return n;
}

function count(v: string): number {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

function millis(v: string): number {
  try {
    return Math.round(parseDuration(v) * 1000);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
}

/** A duration option whose help shows the default as typed ("0ms") while the value is milliseconds. */
function duration(flags: string, description: string, fallback: string): Option {
  return new Option(flags, description).argParser(millis).default(millis(fallback), fallback);
}

function probability(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a probability between 0 and 1.');
  return n;
}

export function buildSimCommand(faces: SimulatorFace[] = FACES): Command {
  const cmd = new Command('hwctl sim')
    .description('Simulated BMC fleet: every BMC on its own loopback address, one shared machine state behind all its faces.')
    .option('--bmcs <n>', 'number of BMCs (one node each)', count, 1)
    .option('--subnet <cidr>', 'BMC addresses: host 1, 2, … of this subnet (any 127.0.0.0/8 address binds on Linux)', '127.0.1.0/24')
    .option('--seed <text>', 'identity seed: the same seed gives the same MACs, serials and GUIDs', 'hwctl')
    .option('--username <name>', 'administrator login on every BMC', 'admin')
    .option('--password <password>', 'its password', 'Password123!')
    .addOption(duration('--power-delay <duration>', 'time from a power request to the new power state, e.g. 2s', '0ms'))
    .addOption(duration('--latency <duration>', 'delay added to every reply, e.g. 50ms', '0ms'))
    .option('--drop-rate <p>', 'probability that a request is silently dropped (0–1)', probability, 0)
    .option('--lockout-after <n>', 'lock a user out after this many bad passwords (0 = never)', count, 0)
    .addOption(duration('--boot-line-interval <duration>', 'pause between lines of the fake boot log on the console', '20ms'))
    .showHelpAfterError('(run with --help for usage)');
  for (const face of faces) face.addOptions(cmd);
  return cmd;
}

/** Fleet options from parsed commander options; throws a one-line Error when they do not fit together. */
export function simOptions(raw: Record<string, unknown>): SimOptions {
  const { powerDelay, latency, bootLineInterval, ...rest } = raw;
  const o = { ...rest, powerDelayMs: powerDelay, latencyMs: latency, bootLineIntervalMs: bootLineInterval } as SimOptions;
  if (o.bmcs < 1) throw new Error('--bmcs: at least one BMC');
  try {
    subnetAddress(o.subnet, 1);
    subnetAddress(o.subnet, o.bmcs);
  } catch (err) {
    throw new Error(`--subnet ${o.subnet} cannot hold ${o.bmcs} BMC(s): ${(err as RangeError).message}`);
  }
  return o;
}

export interface Simulator {
  fleet: FleetMember[];
  faces: RunningFace[];
  /** The line printed once everything listens. */
  readyLine: string;
  stop(): Promise<void>;
}

/** Create the fleet and start every face; on failure, stops what had started and rethrows. */
export async function startSimulator(o: SimOptions, faces: SimulatorFace[] = FACES): Promise<Simulator> {
  const fleet = createFleet({ count: o.bmcs, subnet: o.subnet, seed: o.seed, powerDelayMs: o.powerDelayMs, bootLineIntervalMs: o.bootLineIntervalMs });
  const running: RunningFace[] = [];
  const stop = async () => {
    for (const f of running.reverse()) await f.stop();
    running.length = 0;
    fleet.forEach((m) => m.machine.dispose());
  };
  for (const face of faces) {
    try {
      running.push(await face.start(fleet, o));
    } catch (err) {
      await stop();
      throw new Error(`cannot start the ${face.name} face: ${describeStartError(err, face)}`, { cause: err });
    }
  }
  const range = `${fleet[0].address}-${fleet[fleet.length - 1].address}`;
  const readyLine = `hwctl sim ready: ${fleet.length} BMC(s) ${range} (seed ${o.seed}); ${running.map((f) => f.summary).join(', ')}`;
  return { fleet, faces: [...running], readyLine, stop };
}

function describeStartError(err: unknown, face: SimulatorFace): string {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = e.address ? ` ${e.address}:${e.port}` : '';
  if (e.code === 'EACCES') return `permission denied binding${where} (ports below 1024 need root; try --${face.name}-port 16230)`;
  if (e.code === 'EADDRINUSE') return `address in use${where} (another simulator or BMC is running there)`;
  if (e.code === 'EADDRNOTAVAIL') return `address not available${where} (use a 127.0.0.0/8 subnet or a local address)`;
  return e.message ?? String(err);
}

/** The program: parse, start, print ready, stop on SIGINT/SIGTERM. Resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const cmd = buildSimCommand();
  cmd.exitOverride();
  let opts: SimOptions;
  try {
    cmd.parse(argv, { from: 'user' });
    opts = simOptions(cmd.opts());
  } catch (err) {
    // Commander has printed its own message (and --help its help); ours come as plain Errors.
    if ((err as { code?: string }).code === 'commander.helpDisplayed' || (err as { code?: string }).code === 'commander.version') return 0;
    if (!(err as { code?: string }).code?.startsWith('commander.')) process.stderr.write(`hwctl sim: ${(err as Error).message}\n`);
    return 2;
  }
  let sim: Simulator;
  try {
    sim = await startSimulator(opts);
  } catch (err) {
    process.stderr.write(`hwctl sim: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`${sim.readyLine}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    // A Ctrl-C reaches both `hwctl sim` and this process, and hwctl forwards it too: the first signal wins.
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  // Closing sockets takes milliseconds; if something hangs anyway, leave rather than ignore the signal.
  const guard = setTimeout(() => {
    process.stderr.write('hwctl sim: stopping took longer than 5 s, exiting anyway\n');
    process.exit(1);
  }, 5_000);
  guard.unref();
  await sim.stop();
  process.stdout.write(`hwctl sim stopped (${signal})\n`);
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
