/**
 * Interop: our IPMI client engine against OpenIPMI's ipmi_sim (2.0.33), an independent BMC implementation.
 * ipmi_sim supports cipher suites 0–3 and 6, not 17, and answers Open Session with maximum privilege 0 when asked
 * for "highest" — both are exercised. Power and boot state are read back from the files its chassis-control hook
 * keeps (/tmp/ipmisim/NAME/chassis), and cross-checked with ipmitool.
 * Recipe: ../shared/peers/ipmi_sim/start-ipmisim.sh (HWCTL_SHARED_DIR overrides ../shared).
 * Needs: apt-get install -y openipmi ipmitool
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chassisControl, getDeviceId, getLanMac, getPowerState, IpmiClient, IpmiError, setBootDevice, SolConsole } from '../../src/protocols/ipmi';

jest.setTimeout(60_000);

const SHARED = process.env.HWCTL_SHARED_DIR ?? path.resolve(__dirname, '../../../shared');
const RECIPE = path.join(SHARED, 'peers/ipmi_sim');
const NAME = `hwctl-jest-${process.pid}`;
const RUN = `/tmp/ipmisim/${NAME}`;
const ADDRESS = `127.0.3.${(process.pid % 200) + 20}`;
const PORT = 16250;

function sh(cmd: string, args: string[], timeoutMs = 15_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof (err as any).code === 'number' ? (err as any).code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const chassisFile = (f: string) => fs.readFileSync(path.join(RUN, 'chassis', f), 'utf8').trim();
const ipmitool = (...args: string[]) => sh('ipmitool', ['-I', 'lanplus', '-H', ADDRESS, '-p', String(PORT), '-U', 'admin', '-P', 'Password123!', '-C', '3', ...args]);

describe('IPMI client engine vs OpenIPMI ipmi_sim', () => {
  let client: IpmiClient;
  const target = (extra: object = {}) => ({ host: ADDRESS, port: PORT, username: 'admin', password: 'Password123!', cipherSuite: 3, ...extra });

  beforeAll(async () => {
    if ((await sh('sh', ['-c', 'command -v ipmi_sim && command -v ipmitool'])).code !== 0) throw new Error('ipmi_sim/ipmitool missing: apt-get install -y openipmi ipmitool');
    if (!fs.existsSync(path.join(RECIPE, 'start-ipmisim.sh'))) throw new Error(`ipmi_sim recipe not found in ${RECIPE} (set HWCTL_SHARED_DIR)`);
    fs.rmSync(RUN, { recursive: true, force: true }); // persisted users/LAN state would leak between runs
    const [solPort, consolePort] = [await freeTcpPort(), await freeTcpPort()];
    const started = await sh('bash', [path.join(RECIPE, 'start-ipmisim.sh'), NAME, ADDRESS, String(PORT), String(solPort), String(consolePort), '42']);
    if (started.code !== 0) throw new Error(`start-ipmisim.sh failed: ${started.stderr}`);
    client = await IpmiClient.create({ defaults: { retransmitMs: 250, retries: 4 } });
    // ipmi_sim answers about 60 ms after start; wait until it does (bounded).
    for (let i = 0; i < 40; i++) {
      if ((await ipmitool('chassis', 'power', 'status')).code === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`ipmi_sim did not answer on ${ADDRESS}:${PORT}; see ${RUN}/ipmi_sim.log`);
  });

  afterAll(async () => {
    await client?.close();
    // stop-ipmisim.sh kills only the two PIDs start-ipmisim.sh recorded.
    await sh('bash', [path.join(RECIPE, 'stop-ipmisim.sh'), NAME]);
    fs.rmSync(RUN, { recursive: true, force: true });
  });

  it('power status / on / off with cipher suite 3', async () => {
    await client.withSession(target(), async (s) => {
      expect(await getPowerState(s)).toBe('off');
      await chassisControl(s, 'on');
      expect(chassisFile('power')).toBe('1');
      expect(await getPowerState(s)).toBe('on');
      await chassisControl(s, 'off');
      expect(chassisFile('power')).toBe('0');
    });
    expect((await ipmitool('chassis', 'power', 'status')).stdout).toContain('Chassis Power is off');
  });

  it('copes with Open Session reporting maximum privilege 0 (the ipmi_sim quirk FreeIPMI needs -W opensesspriv for)', async () => {
    const s = await client.openSession(target({ openSessionPrivilege: 'highest' }));
    expect(s.reportedMaxPrivilege).toBe(0);
    expect(s.privilege).toBe(4);
    expect(await getPowerState(s)).toBe('off');
    await client.closeSession(s);
  });

  it('reads Get Device ID as configured in bmc.emu', async () => {
    const id = await client.withSession(target(), getDeviceId);
    expect(id).toMatchObject({ manufacturerId: 0x1291, productId: 0x0f02, firmwareMajor: 9, ipmiVersion: 0x02 });
  });

  it('reads the LAN MAC the same way ipmitool does', async () => {
    const mac = await client.withSession(target(), (s) => getLanMac(s));
    const printed = /MAC Address\s+: ([0-9a-f:]{17})/.exec((await ipmitool('lan', 'print', '1')).stdout)?.[1];
    expect(mac).toBe(printed);
  });

  it('sets next boot to PXE (the chassis-control hook records "pxe")', async () => {
    await client.withSession(target(), (s) => setBootDevice(s, 'pxe'));
    expect(chassisFile('boot')).toBe('pxe');
    expect((await ipmitool('chassis', 'bootparam', 'get', '5')).stdout).toContain('Force PXE');
  });

  it('activates SOL, reads the fake serial port and gets input echoed', async () => {
    const s = await client.openSession(target());
    const sol = await SolConsole.activate(s);
    let out = '';
    sol.on('data', (d: Buffer) => (out += d.toString('latin1')));
    sol.on('error', () => undefined);
    // PEERS.md: ipmi_sim connects to the serial port on first activation; a CR gets the stream going.
    sol.write('\r');
    const deadline = Date.now() + 10_000;
    while (!out.includes('login:') && !out.includes('tick') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    sol.write('hello\r');
    while (!out.includes('echo: hello') && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('echo: hello');
    await sol.close();
    await client.closeSession(s);
  });

  it('refuses cipher suite 17, which ipmi_sim does not implement', async () => {
    const err = await client.openSession(target({ cipherSuite: 17 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiError);
    expect(err).toMatchObject({ code: 'IPMI_SESSION_REFUSED', rakpStatus: 0x04 });
  });

  it('reports a wrong password as BMC_AUTH_FAILED', async () => {
    await expect(client.openSession(target({ password: 'Password123?' }))).rejects.toMatchObject({ code: 'BMC_AUTH_FAILED' });
  });
});
