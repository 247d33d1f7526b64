/**
 * IPMI fuzz (issue 3 "Proof: Fuzz"): random and mutated datagrams into BOTH receive paths, in process:
 *   - the simulator's: BmcEndpoint.handleDatagram (RMCP/ASF, IPMI v1.5, RMCP+ handshake, in-session IPMI and SOL);
 *   - the client engine's: IpmiTransport routing → IpmiSession decoders → the typed command decoders, with live
 *     sessions in every state (handshake pending, active with a request pending, SOL attached).
 * Seeds are packets captured from a real exchange between the two at start (cipher suites 1, 2, 3, 17, SOL, a bad
 * password, ASF ping) plus ipmitool's and ipmipower's packets from ../shared/peers/pcaps. Mutations: bit flips,
 * byte overwrites, truncation, extension, splices, header swaps and length-field lies; plus random bytes, and
 * payloads sealed with a live session's keys so they get past the integrity check to the inner decoders.
 * Passes when no exception escapes a decoder (only IpmiDecodeError, counted and dropped, or a coded IpmiError for
 * a command) and no datagram hangs its target: a watchdog thread stops a run that makes no progress.
 *
 *   npm run fuzz:ipmi                       # 1,000,000 datagrams per side
 *   npm run fuzz:ipmi -- --count 100000     # CI's short run
 *   options: --seed N (repeat a run's choices), --stall-ms 10000, --max-seconds 900
 */
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  AppCmd,
  AuthType,
  chassisControl,
  ChassisCmd,
  encodeActivatePayloadRequest,
  encodeAsfPing,
  encodeAuthCapabilities,
  encodeBootFlags,
  encodeChassisStatus,
  encodeDeactivatePayloadRequest,
  encodeDeviceId,
  encodeGetBootOptionResponse,
  encodeGetLanConfigResponse,
  encodeIpmiRequest,
  encodeIpmiResponse,
  encodeOpenSessionResponse,
  encodeRakp2,
  encodeRakp4,
  encodeRmcpPlus,
  encodeSessionV15,
  encodeSetBootOption,
  encodeSolPacket,
  getBootDevice,
  getChassisStatus,
  getDeviceId,
  getLanIp,
  getLanMac,
  IpmiDecodeError,
  IpmiError,
  IpmiSession,
  IpmiTransport,
  NetFn,
  PayloadType,
  ReplayWindow,
  responseTo,
  sessionCredentials,
  setBootDevice,
  SolConsole,
  TransportCmd,
} from '../src/protocols/ipmi';
import { simulatedIdentity } from '../simulators/fleet/fleet';
import { MachineState } from '../simulators/fleet/machine-state';
import { bmcFaceConfig } from '../simulators/ipmi/bmc-config';
import { BmcEndpoint } from '../simulators/ipmi/bmc-endpoint';
import type { BmcSession } from '../simulators/ipmi/bmc-session';

interface Options {
  count: number;
  seed: number;
  stallMs: number;
  maxSeconds: number;
}

// ---------- main thread: options, watchdog, report ----------

/** Shared with the worker: [phase, packets done, current input length] + the current input's bytes. */
const PHASES = ['seeding', 'simulator', 'client'] as const;
const MAX_INPUT = 4096;

function parseOptions(argv: string[]): Options {
  const o: Options = { count: 1_000_000, seed: Math.floor(Math.random() * 2 ** 31), stallMs: 10_000, maxSeconds: 900 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isSafeInteger(value) || value < 0) throw new Error(`bad option ${argv[i]} ${argv[i + 1] ?? ''} (use --count N, --seed N, --stall-ms N, --max-seconds N)`);
    o[key] = value;
  }
  return o;
}

function main(): void {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`fuzz-ipmi: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const shared = new SharedArrayBuffer(16 + MAX_INPUT);
  const state = new Int32Array(shared, 0, 4);
  // A .ts entry (ts-node) needs ts-node in the worker too; the compiled .js does not.
  const boot = __filename.endsWith('.ts') ? "require('ts-node').register({ transpileOnly: true });" : '';
  const worker = new Worker(`${boot} require(${JSON.stringify(__filename)});`, { eval: true, workerData: { opts, shared } });
  const started = Date.now();
  let last = { phase: -1, done: -1, at: Date.now() };
  const fail = (why: string) => {
    const len = Atomics.load(state, 2);
    const input = Buffer.from(new Uint8Array(shared, 16, Math.min(len, MAX_INPUT))).toString('hex');
    process.stderr.write(`FAIL: ${why}\n  phase ${PHASES[Atomics.load(state, 0)]}, after ${Atomics.load(state, 1)} datagrams, seed ${opts.seed}\n  current input (${len} bytes): ${input}\n`);
    void worker.terminate().then(() => process.exit(1));
  };
  const watchdog = setInterval(() => {
    const now = { phase: Atomics.load(state, 0), done: Atomics.load(state, 1), at: Date.now() };
    if (now.phase !== last.phase || now.done !== last.done) last = now;
    else if (now.at - last.at > opts.stallMs) return fail(`no progress for ${opts.stallMs} ms (a decoder hangs)`);
    if (now.at - started > opts.maxSeconds * 1000) fail(`still running after ${opts.maxSeconds} s`);
  }, 250);
  worker.on('message', (report: Report) => {
    clearInterval(watchdog);
    process.stdout.write(formatReport(report, opts, (Date.now() - started) / 1000));
    process.exitCode = report.sim.exceptions + report.client.exceptions > 0 ? 1 : 0;
    void worker.terminate();
  });
  worker.on('error', (err) => {
    clearInterval(watchdog);
    process.stderr.write(`FAIL: an exception escaped: ${err.stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}

interface SideReport {
  datagrams: number;
  seconds: number;
  byClass: Record<string, number>;
  counters: Record<string, number>;
  exceptions: number;
  firstExceptions: string[];
  slowestMs: number;
}
interface Report {
  seeds: { toBmc: number; toClient: number; fromPcaps: number };
  sim: SideReport;
  client: SideReport;
}

function formatReport(r: Report, o: Options, total: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const side = (name: string, s: SideReport) =>
    [
      `${name}: ${n(s.datagrams)} datagrams in ${s.seconds.toFixed(1)} s (${n(Math.round(s.datagrams / s.seconds))}/s), slowest ${s.slowestMs.toFixed(2)} ms`,
      `  classes:  ${Object.entries(s.byClass).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`,
      `  outcomes: ${Object.entries(s.counters).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`,
      `  exceptions escaped: ${s.exceptions}${s.firstExceptions.map((e) => `\n    ${e}`).join('')}`,
    ].join('\n');
  return [
    `IPMI fuzz, seed ${o.seed} (--seed ${o.seed} repeats the choices), ${n(o.count)} datagrams per side`,
    `seeds: ${r.seeds.toBmc} to the BMC, ${r.seeds.toClient} to the client (${r.seeds.fromPcaps} from ipmitool/ipmipower captures)`,
    side('simulator  BmcEndpoint.handleDatagram', r.sim),
    side('client     IpmiTransport → IpmiSession → commands', r.client),
    `${r.sim.exceptions + r.client.exceptions === 0 ? 'PASS' : 'FAIL'}: ${n(2 * o.count)} datagrams, no hang, ${r.sim.exceptions + r.client.exceptions} exceptions, ${total.toFixed(1)} s`,
    '',
  ].join('\n');
}

// ---------- worker: the fuzzing ----------

/** mulberry32: small, fast, seedable; the fuzz choices repeat for a seed (session keys and IDs do not). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Fuzzer {
  readonly rand: () => number;
  constructor(seed: number) {
    this.rand = rng(seed);
  }
  int = (n: number) => Math.floor(this.rand() * n);
  pick = <T>(xs: readonly T[]): T => xs[this.int(xs.length)];
  bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => this.int(256)));

  /** One to three mutations of a copy of `seed`; `other` feeds splices. */
  mutate(seed: Buffer, other: Buffer): Buffer {
    let b: Buffer = Buffer.from(seed);
    for (let k = 1 + this.int(3); k > 0; k--) b = this.once(b, other);
    return b;
  }

  private once(b: Buffer, other: Buffer): Buffer {
    const at = () => this.int(Math.max(1, b.length));
    switch (this.int(8)) {
      case 0: // bit flips
        for (let i = 1 + this.int(8); i > 0 && b.length; i--) b[at()] ^= 1 << this.int(8);
        return b;
      case 1: // byte overwrites with interesting values
        for (let i = 1 + this.int(4); i > 0 && b.length; i--) b[at()] = this.pick([0x00, 0xff, 0x7f, 0x80, 0x01, this.int(256)]);
        return b;
      case 2: // truncation
        return b.subarray(0, this.int(b.length + 1));
      case 3: // extension
        return Buffer.concat([b, this.bytes(1 + this.int(64))]);
      case 4: // splice with another packet
        return Buffer.concat([b.subarray(0, at()), other.subarray(this.int(Math.max(1, other.length)))]);
      case 5: // header swaps: auth type, payload type (with the encrypted/authenticated bits), RMCP class
        if (b.length > 5) {
          b[this.pick([3, 4, 5])] = this.pick([0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x07, 0x06 | 0x80, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0xc0, 0x40, 0x80, this.int(256)]);
        }
        return b;
      case 6: // length-field lies: v1.5 message length (13), RMCP+ payload length (14-15), RAKP name length (43)
        return this.lie(b);
      default: // a random window of random bytes
        if (b.length) this.bytes(Math.min(b.length, 1 + this.int(16))).copy(b, at());
        return b;
    }
  }

  private lie(b: Buffer): Buffer {
    const field = this.pick([13, 14, 43, 29]);
    if (b.length <= field) return b;
    const lies = [0, 1, 0xff, b.length, b.length - 16, b.length + 1, this.int(256)];
    if (field === 14 && b.length > 15) b.writeUInt16LE(this.pick([...lies, 0xffff, 0x8000]) & 0xffff, 14);
    else b[field] = this.pick(lies) & 0xff;
    return b;
  }
}

/** UDP payloads from the shared ipmitool/ipmipower captures (classic pcap, Ethernet), split by direction. */
function pcapSeeds(): { toBmc: Buffer[]; toClient: Buffer[] } {
  const dir = path.resolve(__dirname, '..', '..', 'shared', 'peers', 'pcaps');
  const out = { toBmc: [] as Buffer[], toClient: [] as Buffer[] };
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir).filter((n) => /^ipmi.*\.pcap$/.test(n))) {
    const b = fs.readFileSync(path.join(dir, f));
    if (b.length < 24 || b.readUInt32LE(0) !== 0xa1b2c3d4 || b.readUInt32LE(20) !== 1) continue;
    let bmcPort = 0;
    for (let off = 24; off + 16 <= b.length; ) {
      const len = b.readUInt32LE(off + 8);
      const frame = b.subarray(off + 16, off + 16 + len);
      off += 16 + len;
      if (frame.length < 42 || frame.readUInt16BE(12) !== 0x0800 || frame[23] !== 17) continue;
      const udp = 14 + (frame[14] & 0x0f) * 4;
      const [src, dst] = [frame.readUInt16BE(udp), frame.readUInt16BE(udp + 2)];
      bmcPort ||= dst; // every capture starts with the console's first request
      (dst === bmcPort ? out.toBmc : src === bmcPort ? out.toClient : []).push(Buffer.from(frame.subarray(udp + 8)));
    }
  }
  return out;
}

const ADDRESS = '127.0.0.1';
const CREDS = { user: 'admin', password: 'Password123!' };

/** Inner payloads a console sends (requests, SOL) and a BMC answers, for sealing into live sessions. */
function innerRequests(f: Fuzzer): Buffer[] {
  const req = (netFn: number, cmd: number, data: number[] | Buffer = []) => encodeIpmiRequest({ netFn, cmd, rqSeq: 1 + f.int(63), data: Buffer.from(data) });
  return [
    req(NetFn.App, AppCmd.GetDeviceId),
    req(NetFn.App, AppCmd.GetDeviceGuid),
    req(NetFn.App, AppCmd.GetSystemGuid),
    req(NetFn.App, AppCmd.GetChannelInfo, [0x0e]),
    req(NetFn.App, AppCmd.GetChannelAuthCapabilities, [0x8e, 0x04]),
    req(NetFn.App, AppCmd.GetChannelCipherSuites, [0x0e, 0x00, 0x80]),
    req(NetFn.App, AppCmd.SetSessionPrivilegeLevel, [0x04]),
    req(NetFn.App, AppCmd.GetSessionInfo, [0x00]),
    req(NetFn.App, AppCmd.ActivatePayload, encodeActivatePayloadRequest({ payloadType: PayloadType.Sol, instance: 1 })),
    req(NetFn.App, AppCmd.DeactivatePayload, encodeDeactivatePayloadRequest()),
    req(NetFn.App, AppCmd.GetPayloadActivationStatus, [0x01]),
    req(NetFn.App, AppCmd.GetChannelPayloadSupport, [0x01]),
    req(NetFn.App, AppCmd.CloseSession, [0x01, 0x02, 0x03, 0x04]), // someone else's session ID
    req(NetFn.Chassis, ChassisCmd.GetChassisStatus),
    req(NetFn.Chassis, ChassisCmd.ChassisControl, [0x01]),
    req(NetFn.Chassis, ChassisCmd.ChassisControl, [0x03]),
    req(NetFn.Chassis, ChassisCmd.SetSystemBootOptions, encodeSetBootOption({ param: 5, data: encodeBootFlags({ device: 1 }) })),
    req(NetFn.Chassis, ChassisCmd.GetSystemBootOptions, [0x05, 0x00, 0x00]),
    req(NetFn.Transport, TransportCmd.GetLanConfigParameters, [0x01, 0x05, 0x00, 0x00]),
    req(NetFn.Transport, TransportCmd.GetLanConfigParameters, [0x01, 0x17, 0x00, 0x00]),
    req(NetFn.Transport, TransportCmd.GetSolConfigParameters, [0x01, 0x01, 0x00, 0x00]),
    encodeSolPacket({ sequence: 1 + f.int(15), data: Buffer.from('ls -l\r') }),
    encodeSolPacket({ ackSequence: 1 + f.int(15), acceptedCount: 20 }),
  ];
}

/** The client commands kept pending in active sessions, and a valid answer's data for each (to mutate). */
const PENDING: { name: string; netFn: number; cmd: number; run: (s: IpmiSession) => Promise<unknown>; answer: () => Buffer }[] = [
  {
    name: 'device-id',
    netFn: NetFn.App,
    cmd: AppCmd.GetDeviceId,
    run: getDeviceId,
    answer: () => encodeDeviceId({ deviceId: 0x20, deviceRevision: 1, providesSdrs: false, updateInProgress: false, firmwareMajor: 1, firmwareMinor: 0, ipmiVersion: 2, additionalSupport: 0x9f, manufacturerId: 7154, productId: 0x4857 }),
  },
  { name: 'chassis-status', netFn: NetFn.Chassis, cmd: ChassisCmd.GetChassisStatus, run: getChassisStatus, answer: () => encodeChassisStatus({ powerOn: true, powerOverload: false, interlock: false, powerFault: false, powerControlFault: false, restorePolicy: 0, lastPowerEvent: 0, miscState: 0 }) },
  { name: 'boot-device', netFn: NetFn.Chassis, cmd: ChassisCmd.GetSystemBootOptions, run: getBootDevice, answer: () => encodeGetBootOptionResponse(5, encodeBootFlags({ device: 1 })) },
  { name: 'lan-mac', netFn: NetFn.Transport, cmd: TransportCmd.GetLanConfigParameters, run: (s) => getLanMac(s), answer: () => encodeGetLanConfigResponse(Buffer.from([2, 0, 0, 0, 0, 1])) },
  { name: 'lan-ip', netFn: NetFn.Transport, cmd: TransportCmd.GetLanConfigParameters, run: (s) => getLanIp(s), answer: () => encodeGetLanConfigResponse(Buffer.from([127, 0, 0, 1])) },
];

interface LiveClient {
  session: IpmiSession;
  bmc: BmcSession;
  pending?: (typeof PENDING)[number];
  busy: boolean;
  sol?: SolConsole;
  /** Sequence number for the next sealed BMC → client packet. */
  nextSeq: number;
}

/** The simulator end and the client end of real sessions over loopback UDP, with a switch on the wire. */
class Lab {
  wire = true;
  readonly toBmc: Buffer[] = [];
  readonly toClient: Buffer[] = [];
  replies = 0;
  endpoint!: BmcEndpoint;
  transport!: IpmiTransport;
  port = 0;
  private socket!: dgram.Socket;
  readonly machine = new MachineState(simulatedIdentity('fuzz', 1), { initialPower: 'on', bootLineIntervalMs: 0 });

  async start(): Promise<void> {
    this.socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => this.socket.bind(0, ADDRESS, resolve));
    this.port = this.socket.address().port;
    const cfg = bmcFaceConfig({ cipherSuites: [1, 2, 3, 17], faults: { maxSessions: 64, sessionTimeoutMs: 3_600_000 } });
    this.endpoint = new BmcEndpoint(ADDRESS, this.port, this.machine, cfg, (d, peer) => {
      this.replies++;
      if (!this.wire) return;
      this.toClient.push(d);
      this.socket.send(d, peer.port, peer.address);
    });
    this.socket.on('message', (m, r) => {
      if (!this.wire) return;
      this.toBmc.push(m);
      this.endpoint.handleDatagram(m, { address: r.address, port: r.port });
    });
    this.socket.on('error', () => undefined);
    this.transport = await IpmiTransport.open({ bindAddress: ADDRESS });
  }

  session(suite: number, password = CREDS.password): IpmiSession {
    // Long timeouts: while the wire is cut, a pending request must stay pending for the whole run.
    return new IpmiSession(this.transport, ADDRESS, this.port, sessionCredentials(CREDS.user, password), { cipherSuite: suite, retransmitMs: 100, maxRetransmitMs: 60_000, retries: 60, timeoutMs: 3_600_000 });
  }

  bmcSession(s: IpmiSession): BmcSession | undefined {
    return this.endpoint.sessions.get(s.bmcSessionId);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

/** A real exchange over every feature, recorded; leaves one active session per suite (SOL on suite 1). */
async function seed(lab: Lab): Promise<LiveClient[]> {
  const live: LiveClient[] = [];
  // Suite 17 last: it keeps SOL active (a BMC has one SOL payload), and its sealed sequence numbers stay in step.
  for (const suite of [1, 2, 3, 17]) {
    const s = await lab.session(suite).open();
    await getDeviceId(s);
    await chassisControl(s, 'off');
    await chassisControl(s, 'on');
    await setBootDevice(s, 'pxe');
    await getBootDevice(s);
    await getLanMac(s);
    await getLanIp(s);
    await s.requestRaw(NetFn.App, 0x7f); // an unknown command: records an error completion code
    let sol: SolConsole | undefined = await SolConsole.activate(s);
    let echoed = '';
    sol.on('data', (d: Buffer) => (echoed += d.toString('latin1')));
    sol.write('hello\r');
    for (let i = 0; i < 100 && !echoed.includes('hello'); i++) await new Promise((r) => setTimeout(r, 10));
    if (suite !== 17) {
      await sol.close();
      sol = undefined;
    }
    const bmc = lab.bmcSession(s)!;
    // The client's replay window sits at the BMC's last sequence number; the simulator phase moves the BMC's
    // counter on (its answers go nowhere), so the client phase numbers its sealed packets from here.
    live.push({ session: s, bmc, busy: false, sol, nextSeq: bmc.outSeq.next() });
  }
  const closed = await lab.session(3).open();
  await closed.close();
  await lab.session(3, 'wrong-password').open().catch(() => undefined);
  await lab.transport.send(encodeAsfPing(7), ADDRESS, lab.port);
  await new Promise((r) => setTimeout(r, 100));
  return live;
}

function newSide(): SideReport {
  return { datagrams: 0, seconds: 0, byClass: {}, counters: {}, exceptions: 0, firstExceptions: [], slowestMs: 0 };
}

class Progress {
  private readonly state: Int32Array;
  private readonly input: Uint8Array;
  constructor(shared: SharedArrayBuffer) {
    this.state = new Int32Array(shared, 0, 4);
    this.input = new Uint8Array(shared, 16, MAX_INPUT);
  }
  phase(p: (typeof PHASES)[number]): void {
    Atomics.store(this.state, 0, PHASES.indexOf(p));
    Atomics.store(this.state, 1, 0);
  }
  current(b: Buffer, done: number): void {
    this.input.set(b.subarray(0, MAX_INPUT));
    Atomics.store(this.state, 2, b.length);
    Atomics.store(this.state, 1, done);
  }
}

/** Run one datagram into a target, timing it and catching what escapes. */
function feed(side: SideReport, cls: string, target: () => void): void {
  side.byClass[cls] = (side.byClass[cls] ?? 0) + 1;
  const t0 = performance.now();
  try {
    target();
  } catch (err) {
    side.exceptions++;
    if (side.firstExceptions.length < 5) side.firstExceptions.push(`${cls}: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
  side.slowestMs = Math.max(side.slowestMs, performance.now() - t0);
  side.datagrams++;
}

async function fuzzSimulator(lab: Lab, f: Fuzzer, opts: Options, progress: Progress, all: { toBmc: Buffer[] }): Promise<SideReport> {
  const side = newSide();
  const inner = innerRequests(f);
  const peer = { address: ADDRESS, port: lab.transport.localPort };
  const seq = new Map<number, number>();
  const before = { ...lab.endpoint.stats };
  const repliesBefore = lab.replies;
  const started = performance.now();
  for (let i = 0; i < opts.count; i++) {
    const r = f.rand();
    let cls: string;
    let pkt: Buffer;
    const active = [...lab.endpoint.sessions.values()].filter((s) => s.state === 'active' && s.crypto);
    if (r < 0.1) [cls, pkt] = ['random', f.bytes(f.int(300))];
    else if (r < 0.2) [cls, pkt] = ['random-after-rmcp-header', Buffer.concat([Buffer.from([0x06, 0x00, 0xff, f.pick([0x06, 0x07])]), f.bytes(f.int(200))])];
    else if (r < 0.7 || active.length === 0) [cls, pkt] = ['mutated-capture', f.mutate(f.pick(all.toBmc), f.pick(all.toBmc))];
    else {
      // Sealed with the session's own keys and a fresh sequence number: gets past integrity and replay checks.
      const s = f.pick(active);
      if (!seq.has(s.bmcSessionId)) {
        s.inWindow = new ReplayWindow();
        seq.set(s.bmcSessionId, 1);
      }
      const n = seq.get(s.bmcSessionId)!;
      seq.set(s.bmcSessionId, n + 1);
      const payload = f.rand() < 0.3 ? f.pick(inner) : f.mutate(f.pick(inner), f.pick(inner));
      const payloadType = f.rand() < 0.8 ? PayloadType.Ipmi : f.rand() < 0.9 ? PayloadType.Sol : f.int(64);
      cls = 'sealed-in-session';
      pkt = encodeRmcpPlus({ payloadType, sessionId: s.bmcSessionId, sequence: n, payload }, s.crypto);
    }
    progress.current(pkt, i);
    feed(side, cls, () => lab.endpoint.handleDatagram(pkt, peer));
    if ((i & 1023) === 1023) {
      await tick(); // let the machine's timers and the SOL channel run
      if ((i & 0xffff) === 0xffff) lab.endpoint.sweep();
    }
  }
  side.seconds = (performance.now() - started) / 1000;
  const st = lab.endpoint.stats;
  side.counters = {
    received: st.received - before.received,
    'malformed (counted, dropped)': st.malformed - before.malformed,
    'rejected (unknown session, replay, refused)': st.rejected - before.rejected,
    answered: lab.replies - repliesBefore,
    'sessions opened by fuzz': st.sessionsOpened - before.sessionsOpened,
  };
  return side;
}

async function fuzzClient(lab: Lab, live: LiveClient[], f: Fuzzer, opts: Options, progress: Progress, all: { toClient: Buffer[] }): Promise<SideReport> {
  const side = newSide();
  const outcome = (k: string) => (side.counters[k] = (side.counters[k] ?? 0) + 1);
  const escaped = (what: string, err: unknown) => {
    side.exceptions++;
    if (side.firstExceptions.length < 5) side.firstExceptions.push(`${what}: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  };
  /** A rejection is fine when coded (IpmiError) or a decode refusal (IpmiDecodeError); anything else escaped. */
  const settle = (what: string) => (err: unknown) => {
    if (err instanceof IpmiDecodeError) outcome(`${what}: answer refused by decoder`);
    else if (err instanceof IpmiError) outcome(`${what}: ${err.code}`);
    else escaped(what, err);
  };
  const arm = (c: LiveClient) => {
    if (c.busy || c.session.state !== 'active') return;
    const op = f.pick(PENDING);
    c.pending = op;
    c.busy = true;
    void op.run(c.session).then(
      () => outcome('command: fuzzed answer accepted'),
      settle('command'),
    ).finally(() => (c.busy = false));
  };
  // Sessions stuck in the handshake (the wire is cut), replaced as the fuzz ends them.
  const opening = new Set<IpmiSession>();
  const open = () => {
    const s = lab.session(f.pick([1, 3, 17]));
    opening.add(s);
    void s.open().then(
      () => outcome('handshake: completed by fuzzed answers'),
      settle('handshake'),
    ).finally(() => opening.delete(s));
  };
  for (const c of live) c.sol?.on('data', () => outcome('sol: data delivered')).on('error', () => undefined).on('close', () => outcome('sol: ended by a fuzzed "deactivating"'));
  const route = (pkt: Buffer) => lab.transport['route'](pkt, ADDRESS, lab.port); // the socket's own entry point
  const before = { ...lab.transport.stats };
  const started = performance.now();
  for (let i = 0; i < opts.count; i++) {
    if ((i & 1023) === 0) {
      live.forEach(arm);
      while (opening.size < 4) open();
      await tick();
    }
    const r = f.rand();
    const active = live.filter((c) => c.session.state === 'active' && c.bmc.crypto);
    let cls: string;
    let pkt: Buffer;
    if (r < 0.1) [cls, pkt] = ['random', f.bytes(f.int(300))];
    else if (r < 0.2) [cls, pkt] = ['random-after-rmcp-header', Buffer.concat([Buffer.from([0x06, 0x00, 0xff, f.pick([0x06, 0x07])]), f.bytes(f.int(200))])];
    else if (r < 0.55 || active.length === 0) {
      cls = 'mutated-capture';
      pkt = f.mutate(f.pick(all.toClient), f.pick(all.toClient));
      // Point it at a session so it reaches one: SIDm at the RMCP+ session ID (6) or in a pre-session payload (20).
      const sids = [...opening, ...active.map((c) => c.session)].map((s) => s.consoleSessionId);
      if (sids.length && pkt.length >= 24 && f.rand() < 0.6) pkt.writeUInt32LE(f.pick(sids), pkt.readUInt32LE(6) === 0 ? 20 : 6);
    } else if (r < 0.7 && opening.size) {
      cls = 'handshake-answer';
      pkt = f.mutate(handshakeAnswer(f, f.pick([...opening])), f.pick(all.toClient));
    } else {
      cls = 'sealed-in-session';
      const c = f.pick(active);
      const op = c.pending ?? f.pick(PENDING);
      let payloadType: number = PayloadType.Ipmi;
      let payload: Buffer;
      if (c.sol && f.rand() < 0.3) {
        payloadType = PayloadType.Sol;
        // Status bits: NACK (40h) and "transfer unavailable" (20h) now and then; "deactivating" (10h) ends the
        // console, so only near the end of the run.
        const flags = f.int(0x10) | (f.rand() < 0.1 ? 0x40 : 0) | (f.rand() < 0.05 ? 0x20 : 0) | (i > 0.95 * opts.count && f.rand() < 0.01 ? 0x10 : 0);
        payload = encodeSolPacket({ sequence: f.int(16), ackSequence: f.int(16), acceptedCount: f.int(256), flags, data: f.bytes(f.int(64)) });
      } else {
        // rqSeq is the session's secret: a random one matches the pending request 1 time in 63.
        const data = f.rand() < 0.2 ? op.answer() : f.mutate(op.answer(), f.bytes(8));
        const cc = f.rand() < 0.9 ? 0 : f.pick([0xc1, 0xd4, 0xd5, 0x80, 0xff]);
        payload = encodeIpmiResponse(responseTo({ netFn: op.netFn, cmd: op.cmd, rqSeq: 1 + f.int(63), data: Buffer.alloc(0) }, cc, data));
        if (f.rand() < 0.2) payload = f.mutate(payload, f.bytes(4));
      }
      pkt = encodeRmcpPlus({ payloadType, sessionId: c.bmc.consoleSessionId, sequence: c.nextSeq++, payload }, c.bmc.crypto);
    }
    progress.current(pkt, i);
    feed(side, cls, () => route(pkt));
  }
  await tick();
  side.seconds = (performance.now() - started) / 1000;
  const st = lab.transport.stats;
  side.counters = {
    received: st.received - before.received,
    'malformed (counted, dropped)': st.malformed - before.malformed,
    'unrouted (no session waiting)': st.unrouted - before.unrouted,
    'exceptions caught by the transport (handler bugs)': st.handlerErrors - before.handlerErrors,
    ...side.counters,
  };
  side.exceptions += st.handlerErrors - before.handlerErrors;
  return side;
}

/** A well-formed answer for the step an opening session waits at (it tells nothing: the tags are guesses). */
function handshakeAnswer(f: Fuzzer, s: IpmiSession): Buffer {
  const pre = (payloadType: number, payload: Buffer) => encodeRmcpPlus({ payloadType, sessionId: 0, sequence: 0, payload });
  const sidm = s.consoleSessionId;
  switch (f.int(4)) {
    case 0: {
      const caps = encodeAuthCapabilities({ channel: 1, extendedCapabilities: true, authTypes: 0x01, kgNonZero: false, perMessageAuthDisabled: false, userLevelAuthDisabled: false, nonNullUsernames: true, nullUsernames: false, anonymousLogin: false, ipmi15: true, ipmi20: true, oemId: 0, oemAux: 0 });
      const message = encodeIpmiResponse(responseTo({ netFn: NetFn.App, cmd: AppCmd.GetChannelAuthCapabilities, rqSeq: 1, data: Buffer.alloc(0) }, 0, caps));
      return encodeSessionV15({ authType: AuthType.None, sequence: 0, sessionId: 0, message });
    }
    case 1:
      return pre(PayloadType.OpenSessionResponse, encodeOpenSessionResponse({ tag: f.int(256), status: f.rand() < 0.8 ? 0 : f.int(0x13), maxPrivilege: f.int(6), consoleSessionId: sidm, bmcSessionId: 1 + f.int(1000), auth: 1, integrity: 1, confidentiality: 1 }));
    case 2:
      return pre(PayloadType.Rakp2, encodeRakp2({ tag: f.int(256), status: 0, consoleSessionId: sidm, bmcRandom: f.bytes(16), bmcGuid: f.bytes(16), authCode: f.bytes(f.pick([20, 32])) }));
    default:
      return pre(PayloadType.Rakp4, encodeRakp4({ tag: f.int(256), status: 0, consoleSessionId: sidm, integrityCheckValue: f.bytes(f.pick([12, 16])) }));
  }
}

async function fuzz(opts: Options, shared: SharedArrayBuffer): Promise<Report> {
  const progress = new Progress(shared);
  const f = new Fuzzer(opts.seed);
  const lab = new Lab();
  progress.phase('seeding');
  await lab.start();
  const live = await seed(lab);
  lab.wire = false;
  const pcaps = pcapSeeds();
  const all = { toBmc: [...lab.toBmc, ...pcaps.toBmc], toClient: [...lab.toClient, ...pcaps.toClient] };
  progress.phase('simulator');
  const sim = await fuzzSimulator(lab, f, opts, progress, all);
  progress.phase('client');
  const client = await fuzzClient(lab, live, f, opts, progress, all);
  // Pending requests and handshakes stay pending (the wire is cut): the main thread ends this worker.
  return { seeds: { toBmc: all.toBmc.length, toClient: all.toClient.length, fromPcaps: pcaps.toBmc.length + pcaps.toClient.length }, sim, client };
}

if (isMainThread) main();
else {
  const { opts, shared } = workerData as { opts: Options; shared: SharedArrayBuffer };
  void fuzz(opts, shared).then((report) => parentPort!.postMessage(report));
}
