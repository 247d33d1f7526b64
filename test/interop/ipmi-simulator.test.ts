/**
 * Interop: the real ipmitool (1.8.19) and FreeIPMI (ipmipower, ipmiconsole, bmc-info) against our IPMI
 * simulator, started in this process on 127.0.1.1–50 port 16230 (unprivileged; any 127/8 address binds on Linux).
 * These are the proof that the codecs are right: the clients are independent implementations of the spec.
 * Needs: apt-get install -y ipmitool freeipmi-tools
 */
import { execFile, spawn } from 'node:child_process';
import { candidatePorts, startIpmiFleet } from '../../simulators/ipmi/ipmi-bmc.server';
import type { FleetMember } from '../../simulators/fleet/fleet';
import type { IpmiBmcServer } from '../../simulators/ipmi/ipmi-bmc.server';

jest.setTimeout(60_000);

let PORT = 16230;
const COUNT = 50;
const PASSWORD = 'Password123!';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a binary (no shell), never longer than `timeoutMs`. */
function run(cmd: string, args: string[], timeoutMs = 20_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started });
    });
  });
}

const ipmitool = (host: string, suite: number | null, ...args: string[]) =>
  run('ipmitool', ['-I', 'lanplus', '-H', host, '-p', String(PORT), '-U', 'admin', '-P', PASSWORD, ...(suite === null ? [] : ['-C', String(suite)]), ...args]);

const ipmipower = (hosts: string, ...args: string[]) =>
  run('ipmipower', ['-D', 'LAN_2_0', '-h', hosts, '-u', 'admin', '-p', PASSWORD, ...args]);

/** Per-host lines of ipmipower output ("127.0.1.7: on") as a map. */
function hostLines(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + 2).trim());
  }
  return m;
}

/**
 * Drive an interactive console client through a pseudo-terminal (`script`), writing `steps` to its stdin
 * at the given delays. Resolves with everything it printed; killed (by PID) after `timeoutMs`.
 */
function interactive(command: string, steps: [delayMs: number, input: string | (() => void)][], timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfc', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const timers: NodeJS.Timeout[] = [];
    let at = 0;
    for (const [delay, input] of steps) {
      at += delay;
      timers.push(setTimeout(() => (typeof input === 'string' ? child.stdin.write(input) : input()), at));
    }
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', () => {
      timers.forEach(clearTimeout);
      clearTimeout(killer);
      resolve(out);
    });
  });
}

describe('IPMI simulator vs ipmitool / FreeIPMI', () => {
  let server: IpmiBmcServer;
  let fleet: FleetMember[];
  const host = (i: number) => fleet[i - 1].address;
  const machine = (i: number) => fleet[i - 1].machine;

  beforeAll(async () => {
    for (const bin of ['ipmitool', 'ipmipower', 'ipmiconsole', 'script']) {
      const r = await run('sh', ['-c', `command -v ${bin}`]);
      if (r.code !== 0) throw new Error(`${bin} is not installed (apt-get install -y ipmitool freeipmi-tools)`);
    }
    ({ server, fleet } = await startIpmiFleet({ count: COUNT, port: candidatePorts(PORT), subnet: '127.0.1.0/24', seed: 'interop', bootLineIntervalMs: 5 }));
    PORT = server.port;
  });

  afterAll(async () => {
    await server?.stop();
    fleet?.forEach((m) => m.machine.dispose());
  });

  describe.each([3, 17])('ipmitool -I lanplus -C %i', (suite) => {
    const n = suite === 3 ? 1 : 2;

    it('chassis power status / on / off / cycle follow the machine state', async () => {
      expect((await ipmitool(host(n), suite, 'chassis', 'power', 'status')).stdout).toContain('Chassis Power is off');
      expect((await ipmitool(host(n), suite, 'chassis', 'power', 'on')).stdout).toContain('Chassis Power Control: Up/On');
      expect(machine(n).power).toBe('on');
      expect((await ipmitool(host(n), suite, 'chassis', 'power', 'status')).stdout).toContain('Chassis Power is on');
      const boots = machine(n).bootCount;
      expect((await ipmitool(host(n), suite, 'chassis', 'power', 'cycle')).code).toBe(0);
      expect(machine(n).bootCount).toBe(boots + 1);
      expect((await ipmitool(host(n), suite, 'chassis', 'power', 'off')).stdout).toContain('Chassis Power Control: Down/Off');
      expect(machine(n).power).toBe('off');
      // §28.3: cycling a host that is off is refused with D5h, and ipmitool says so.
      const cycle = await ipmitool(host(n), suite, 'chassis', 'power', 'cycle');
      expect(cycle.code).not.toBe(0);
      expect(cycle.stderr).toContain('Command not supported in present state');
    });

    it('mc info reports IPMI 2.0 and our manufacturer', async () => {
      const r = await ipmitool(host(n), suite, 'mc', 'info');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/IPMI Version\s+: 2\.0/);
      expect(r.stdout).toMatch(/Manufacturer ID\s+: 7154/);
    });

    it('lan print 1 shows the BMC address and its deterministic MAC', async () => {
      const r = await ipmitool(host(n), suite, 'lan', 'print', '1');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`IP Address\\s+: ${host(n).replace(/\./g, '\\.')}`));
      expect(r.stdout).toMatch(new RegExp(`MAC Address\\s+: ${machine(n).identity.mac}`));
      expect(r.stdout).toMatch(/RMCP\+ Cipher Suites\s+: 3,17/);
    });

    it('chassis bootdev pxe sets a one-time PXE override that the next boot consumes', async () => {
      const r = await ipmitool(host(n), suite, 'chassis', 'bootdev', 'pxe');
      expect(r.stdout).toContain('Set Boot Device to pxe');
      expect(machine(n).bootOverride).toEqual({ device: 'pxe', persistent: false, efi: false });
      expect((await ipmitool(host(n), suite, 'chassis', 'bootparam', 'get', '5')).stdout).toContain('Force PXE');
      const booted = new Promise((resolve) => machine(n).once('boot', resolve));
      await ipmitool(host(n), suite, 'chassis', 'power', 'on');
      expect(await booted).toBe('pxe');
      expect(machine(n).bootOverride).toBeUndefined();
      await ipmitool(host(n), suite, 'chassis', 'power', 'off');
    });
  });

  it('answers Get Channel Cipher Suites, so ipmitool without -C does not wait 10 s', async () => {
    const r = await ipmitool(host(3), null, 'chassis', 'power', 'status');
    expect(r.stdout).toContain('Chassis Power is');
    expect(r.ms).toBeLessThan(3_000);
  });

  it('a wrong password fails the way ipmitool reports it', async () => {
    const r = await run('ipmitool', ['-I', 'lanplus', '-H', host(3), '-p', String(PORT), '-U', 'admin', '-P', 'wrong', '-C', '3', 'chassis', 'power', 'status']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Unable to establish IPMI v2 / RMCP+ session');
  });

  it('an operator may not run admin-level sessions, but may power at operator level; a user may not power', async () => {
    const asUser = (name: string, pw: string, ...args: string[]) =>
      run('ipmitool', ['-I', 'lanplus', '-H', host(3), '-p', String(PORT), '-U', name, '-P', pw, '-C', '3', ...args]);
    expect((await asUser('operator', 'Operator123!', 'chassis', 'power', 'status')).code).not.toBe(0); // default -L ADMINISTRATOR
    expect((await asUser('operator', 'Operator123!', '-L', 'OPERATOR', 'chassis', 'power', 'on')).code).toBe(0);
    const denied = await asUser('user', 'User123!', '-L', 'USER', 'chassis', 'power', 'off');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('Insufficient privilege level');
    expect(machine(3).power).toBe('on');
  });

  it('sol activate streams the boot log, echoes input, and ~. leaves', async () => {
    const n = 4;
    const out = await interactive(`ipmitool -I lanplus -H ${host(n)} -p ${PORT} -U admin -P ${PASSWORD} -C 17 sol activate`, [
      [1000, () => machine(n).request('on')],
      [1500, 'root\r'],
      [800, '\r~.'],
    ]);
    expect(out).toContain('[SOL Session operational');
    expect(out).toContain('Linux version 6.1.0-hwctl-sim');
    expect(out).toContain(`${machine(n).identity.hostname} login: root`);
    expect(out).toContain('[terminated ipmitool]');
    // The payload was released: a new activation works again.
    expect(server.endpoint(host(n))!.sessions.size).toBe(0);
  });

  it('a second sol activate gets "payload already active"', async () => {
    const n = 5;
    const first = interactive(`ipmitool -I lanplus -H ${host(n)} -p ${PORT} -U admin -P ${PASSWORD} -C 3 sol activate`, [[2500, '\r~.']]);
    await new Promise((r) => setTimeout(r, 1000));
    const second = await ipmitool(host(n), 3, 'sol', 'activate');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('SOL payload already active on another session');
    expect(await first).toContain('[SOL Session operational');
  });

  it(`ipmipower --stat/--on/--off gets the right answer for all ${COUNT} hosts`, async () => {
    const range = `127.0.1.[1-${COUNT}]:${PORT}`;
    fleet.forEach((m, i) => m.machine.request(i % 2 === 0 ? 'on' : 'off'));
    const stat = hostLines((await ipmipower(range, '--stat')).stdout);
    expect(stat.size).toBe(COUNT);
    fleet.forEach((m) => expect(stat.get(m.address)).toBe(m.machine.power));
    const on = hostLines((await ipmipower(range, '--on')).stdout);
    expect([...on.values()].every((v) => v === 'ok')).toBe(true);
    expect(fleet.every((m) => m.machine.power === 'on')).toBe(true);
    const off = hostLines((await ipmipower(range, '-I', '17', '--off')).stdout);
    expect(off.size).toBe(COUNT);
    expect(fleet.every((m) => m.machine.power === 'off')).toBe(true);
    const bad = hostLines((await run('ipmipower', ['-D', 'LAN_2_0', '-h', `127.0.1.[1-3]:${PORT}`, '-u', 'admin', '-p', 'wrong', '--stat'])).stdout);
    expect([...bad.values()]).toEqual(['password invalid', 'password invalid', 'password invalid']);
  });

  it('ipmiconsole attaches, shows output and sends input', async () => {
    const n = 6;
    machine(n).request('on');
    const out = await interactive(`ipmiconsole -h ${host(n)}:${PORT} -u admin -p ${PASSWORD} -I 17`, [
      [1500, 'hello\r'],
      [1000, '&.'],
    ]);
    expect(out).toContain('[SOL established]');
    expect(out).toContain('hello');
  });

  it('bmc-info reads the device and its GUID', async () => {
    const r = await run('bmc-info', ['-D', 'LAN_2_0', '-h', `${host(7)}:${PORT}`, '-u', 'admin', '-p', PASSWORD]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/IPMI Version\s+: 2\.0/);
    expect(r.stdout).toMatch(/Device GUID\s+: [0-9a-f-]{36}/);
  });
});
