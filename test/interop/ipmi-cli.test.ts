/**
 * Interop: the built `hwctl` (bin/hwctl.js → dist/, so run `npm run build` first) against real IPMI programs.
 *   - `hwctl sim` starts the simulator fleet in its own process, prints "ready", real ipmitool talks to it, and
 *     SIGTERM stops it with exit 0 and frees its sockets;
 *   - `hwctl ipmi …` prints byte for byte what ipmitool 1.8.19 prints for the same BMC — for hwctl's simulator and
 *     for OpenIPMI's ipmi_sim, an independent BMC (recipe: ../shared/peers/ipmi_sim, as in ipmi-client-ipmisim);
 *   - failures are one stderr line with the error code and the CLI's exit codes.
 * Needs: apt-get install -y ipmitool openipmi (and util-linux `script` for the SOL console's terminal).
 */
import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simulatedMac } from '../../simulators/fleet/fleet';
import { Daemon, freePort, ROOT, run, RunResult } from '../helpers/processes';

const SHARED = process.env.HWCTL_SHARED_DIR ?? path.resolve(ROOT, '../shared');
const RECIPE = path.join(SHARED, 'peers/ipmi_sim');
const PASSWORD = 'Password123!';
const SEED = 'cli';
/** Our own loopback /24 and ipmi_sim address, away from the other IPMI suites' 127.0.1.x and 127.0.3.x. */
const SUBNET_OCTET = 10 + (process.pid % 40);
const SIM_NET = `127.0.${SUBNET_OCTET}`;
const IPMISIM_ADDRESS = `127.0.4.${(process.pid % 200) + 20}`;
const IPMISIM_PORT = 16260;
const IPMISIM_NAME = `hwctl-cli-jest-${process.pid}`;

const hwctl = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, ['bin/hwctl.js', ...args], env, undefined, 30_000);
const ipmitool = (host: string, port: number, ...args: string[]) => run('ipmitool', ['-I', 'lanplus', '-H', host, '-p', String(port), '-U', 'admin', '-P', PASSWORD, ...args], {}, undefined, 30_000);

/** One step of an interactive session: once `after` has been printed (and `delayMs` more), type `send` or run it. */
interface Step {
  after?: string;
  delayMs?: number;
  send: string | (() => void);
}

/** Drive an interactive command through a pseudo-terminal (`script`), step by step; killed after `timeoutMs`. */
function interactive(command: string, steps: Step[], timeoutMs = 20_000): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let next = 0;
    let waiting = false;
    const advance = () => {
      const step = steps[next];
      if (!step || waiting || (step.after && !out.includes(step.after))) return;
      waiting = true;
      setTimeout(() => {
        waiting = false;
        next++;
        if (typeof step.send === 'string') child.stdin.write(step.send);
        else step.send();
        advance();
      }, step.delayMs ?? 0);
    };
    const onOutput = (d: Buffer) => {
      out += d.toString('latin1');
      advance();
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ out, code });
    });
  });
}

describe('hwctl sim and hwctl ipmi vs ipmitool and OpenIPMI ipmi_sim', () => {
  let sim: Daemon;
  let simPort = 0;
  const bmc = (i: number) => `${SIM_NET}.${i}`;
  const ours = (i: number) => ({ host: bmc(i), port: simPort });
  const ipmiSim = () => ({ host: IPMISIM_ADDRESS, port: IPMISIM_PORT });
  const login = (t: { host: string; port: number }) => ['ipmi', '-H', `${t.host}:${t.port}`, '-U', 'admin', '-P', PASSWORD];

  beforeAll(async () => {
    for (const bin of ['ipmitool', 'ipmi_sim', 'script']) {
      if ((await run('sh', ['-c', `command -v ${bin}`])).code !== 0) throw new Error(`${bin} is not installed (apt-get install -y ipmitool openipmi)`);
    }
    for (const f of ['dist/src/cli/main.js', 'dist/simulators/main.js']) {
      if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run npm run build before the interop tests`);
    }
    if (!fs.existsSync(path.join(RECIPE, 'start-ipmisim.sh'))) throw new Error(`ipmi_sim recipe not found in ${RECIPE} (set HWCTL_SHARED_DIR)`);

    // hwctl sim on a free port (the port is per address, so a TCP probe on 127.0.0.1 is only a hint: retry on clash).
    for (let attempt = 0; attempt < 5 && !simPort; attempt++) {
      const port = 20000 + ((await freePort()) % 20000);
      const d = Daemon.start(process.execPath, ['bin/hwctl.js', 'sim', '--bmcs', '4', '--subnet', `${SIM_NET}.0/24`, '--ipmi-port', String(port), '--seed', SEED, '--boot-line-interval', '5ms'], {});
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !d.stdout.includes('ready') && d.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      if (d.stdout.includes('ready')) [sim, simPort] = [d, port];
      else if (d.child.exitCode === null || !d.stderr.includes('address in use')) {
        await d.stop();
        throw new Error(`hwctl sim did not get ready: ${d.stderr || d.stdout}`);
      }
    }
    if (!simPort) throw new Error('hwctl sim found no free port in 5 tries');

    fs.rmSync(`/tmp/ipmisim/${IPMISIM_NAME}`, { recursive: true, force: true });
    const [solPort, consolePort] = [await freePort(), await freePort()];
    const started = await run('bash', [path.join(RECIPE, 'start-ipmisim.sh'), IPMISIM_NAME, IPMISIM_ADDRESS, String(IPMISIM_PORT), String(solPort), String(consolePort), '43']);
    if (started.code !== 0) throw new Error(`start-ipmisim.sh failed: ${started.stderr}`);
    for (let i = 0; i < 40; i++) {
      if ((await ipmitool(IPMISIM_ADDRESS, IPMISIM_PORT, '-C', '3', 'chassis', 'power', 'status')).code === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`ipmi_sim did not answer on ${IPMISIM_ADDRESS}:${IPMISIM_PORT}`);
  });

  afterAll(async () => {
    if (sim && sim.child.exitCode === null) await sim.stop();
    // stop-ipmisim.sh kills only the two PIDs start-ipmisim.sh recorded.
    await run('bash', [path.join(RECIPE, 'stop-ipmisim.sh'), IPMISIM_NAME]);
    fs.rmSync(`/tmp/ipmisim/${IPMISIM_NAME}`, { recursive: true, force: true });
  });

  it('hwctl sim said ready, and ipmitool (-C 3 and -C 17) reads its power state and deterministic MAC', async () => {
    expect(sim.stdout).toContain(`hwctl sim ready: 4 BMC(s) ${bmc(1)}-${bmc(4)} (seed ${SEED}); ipmi udp/${simPort}`);
    for (const suite of ['3', '17']) {
      const status = await ipmitool(bmc(1), simPort, '-C', suite, 'chassis', 'power', 'status');
      expect(status).toMatchObject({ code: 0, stdout: 'Chassis Power is off\n' });
    }
    const lan = await ipmitool(bmc(2), simPort, '-C', '3', 'lan', 'print', '1');
    expect(lan.stdout).toContain(`MAC Address             : ${simulatedMac(SEED, 2)}\n`);
  });

  describe.each([
    ['hwctl simulator', () => ours(1), '17'],
    ['ipmi_sim', ipmiSim, '3'],
  ])('against %s, hwctl ipmi prints what ipmitool prints', (_name, target, suite) => {
    it.each(['power status', 'chassis power status', 'mc info', 'lan print 1', 'lan print'])('%s', async (command) => {
      const words = command.split(' ');
      const t = target();
      const theirs = await ipmitool(t.host, t.port, '-C', suite, ...(words[0] === 'power' ? ['chassis', ...words] : words));
      const mine = await hwctl([...login(t), '-C', suite, ...words]);
      expect(theirs.code).toBe(0);
      expect(mine).toEqual({ code: 0, stdout: theirs.stdout, stderr: '' });
    });
  });

  it.each([
    ['hwctl simulator', () => ours(2)],
    ['ipmi_sim', ipmiSim],
  ])('power on / off and bootdev pxe on %s: ipmitool sees the change', async (_name, target) => {
    const t = target();
    expect(await hwctl([...login(t), 'power', 'on'])).toMatchObject({ code: 0, stdout: 'Chassis Power Control: Up/On\n' });
    expect((await ipmitool(t.host, t.port, '-C', '3', 'chassis', 'power', 'status')).stdout).toBe('Chassis Power is on\n');
    expect(await hwctl([...login(t), 'chassis', 'power', 'off'])).toMatchObject({ code: 0, stdout: 'Chassis Power Control: Down/Off\n' });
    expect((await ipmitool(t.host, t.port, '-C', '3', 'chassis', 'power', 'status')).stdout).toBe('Chassis Power is off\n');
    expect(await hwctl([...login(t), 'chassis', 'bootdev', 'pxe'])).toMatchObject({ code: 0, stdout: 'Set Boot Device to pxe\n' });
    expect((await ipmitool(t.host, t.port, '-C', '3', 'chassis', 'bootparam', 'get', '5')).stdout).toContain('Force PXE');
  });

  it('-E takes the password from IPMI_PASSWORD, as ipmitool does', async () => {
    const r = await hwctl(['ipmi', '-H', bmc(3), '-p', String(simPort), '-U', 'admin', '-E', 'power', 'status'], { IPMI_PASSWORD: PASSWORD });
    expect(r).toMatchObject({ code: 0, stdout: 'Chassis Power is off\n' });
  });

  it('a refused command reads like ipmitool\'s message, in one stderr line, exit 1', async () => {
    const theirs = await ipmitool(bmc(3), simPort, '-C', '3', 'chassis', 'power', 'cycle');
    const mine = await hwctl([...login(ours(3)), 'power', 'cycle']);
    expect(theirs.stderr).toContain('Set Chassis Power Control to Cycle failed: Command not supported in present state');
    expect(mine.code).toBe(1);
    expect(mine.stderr).toBe('error: Set Chassis Power Control to Cycle failed: Command not supported in present state (completion code 0xd5) [IPMI_COMPLETION_CODE]\n');
  });

  it.each<[string, number, () => Promise<RunResult>, RegExp]>([
    ['a wrong password (our simulator)', 1, () => hwctl(['ipmi', '-H', `${bmc(3)}:${simPort}`, '-U', 'admin', '-P', 'wrong', 'power', 'status']), /RAKP 2 auth code mismatch\) \[BMC_AUTH_FAILED\]$/],
    ['a wrong password (ipmi_sim)', 1, () => hwctl(['ipmi', '-H', `${IPMISIM_ADDRESS}:${IPMISIM_PORT}`, '-U', 'admin', '-P', 'wrong', 'power', 'status']), /\[BMC_AUTH_FAILED\]$/],
    ['cipher suite 17, which ipmi_sim lacks', 1, () => hwctl([...login(ipmiSim()), '-C', '17', 'power', 'status']), /invalid authentication algorithm \[IPMI_SESSION_REFUSED\]$/],
    ['a BMC that does not answer', 3, () => hwctl(['ipmi', '-H', `${bmc(200)}:${simPort}`, '-U', 'admin', '-P', PASSWORD, '-N', '1', '-R', '1', 'power', 'status']), /is unreachable .* \[BMC_UNREACHABLE\]$/],
    ['no password at all', 2, () => hwctl(['ipmi', '-H', bmc(1), '-U', 'admin', 'power', 'status']), /^error: no password/],
  ])('%s: one stderr line, exit %i', async (_name, code, go, line) => {
    const r = await go();
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(line);
  });

  it('sol activate on our simulator shows the boot log, sends input, and ~. leaves', async () => {
    const { out, code } = await interactive(`node bin/hwctl.js ipmi -H ${bmc(4)}:${simPort} -U admin -P ${PASSWORD} -C 17 sol activate`, [
      { after: 'SOL Session operational', delayMs: 200, send: () => void ipmitool(bmc(4), simPort, '-C', '3', 'chassis', 'power', 'on') },
      { after: 'nid004 login: ', delayMs: 200, send: 'root\r' },
      { after: 'login: root', delayMs: 300, send: '\r~.' },
    ]);
    expect(out).toContain('[SOL Session operational.  Use ~? for help]');
    expect(out).toContain('Linux version 6.1.0-hwctl-sim');
    expect(out).toContain('nid004 login: root');
    expect(out).toContain('~. [terminated hwctl]');
    expect(code).toBe(0);
  });

  it('sol activate on ipmi_sim echoes what is typed, and ~. leaves', async () => {
    const { out, code } = await interactive(`node bin/hwctl.js ipmi -H ${IPMISIM_ADDRESS}:${IPMISIM_PORT} -U admin -P ${PASSWORD} sol activate`, [
      // PEERS.md: ipmi_sim connects its serial port at the first activation; a CR gets the stream going.
      { after: 'SOL Session operational', delayMs: 500, send: '\r' },
      { delayMs: 500, send: 'hello\r' },
      { after: 'echo: hello', delayMs: 200, send: '\r~.' },
    ]);
    expect(out).toContain('[SOL Session operational.  Use ~? for help]');
    expect(out).toContain('echo: hello');
    expect(out).toContain('~. [terminated hwctl]');
    expect(code).toBe(0);
  });

  it('SIGTERM stops hwctl sim with exit 0 and frees its sockets', async () => {
    expect(await sim.stop()).toBe(0);
    expect(sim.stdout).toContain('hwctl sim stopped (SIGTERM)');
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(simPort, bmc(1), () => resolve());
    });
    await new Promise<void>((r) => s.close(() => r()));
  });
});
