/**
 * `hwctl scan | collect | list` in-process against the real daemon over HTTP (both databases), with the
 * simulator fleet as the BMCs: live progress on a terminal, a summary table or magellan-shaped JSON, the
 * xname map and credentials files, and the documented exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AddressInfo } from 'node:net';
import { createFleet, FleetMember } from '../../simulators/fleet/fleet';
import { RedfishSimServer } from '../../simulators/redfish/redfish-bmc.server';
import { startRedfishFleet } from '../../simulators/redfish/redfish-fleet';
import { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/program';
import { DATABASE_KINDS } from '../helpers/databases';
import { freePort } from '../helpers/processes';
import { startTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS.map((k, i) => [k, i] as const))('hwctl scan/collect/list on %s', (kind, i) => {
  const net = `127.42.${30 + i}`;
  let t: TestApp;
  let fleet: FleetMember[];
  let server: RedfishSimServer;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  beforeAll(async () => {
    fleet = createFleet({ count: 5, subnet: `${net}.0/24`, seed: `cli-${kind}` });
    port = await freePort();
    server = await startRedfishFleet({ members: fleet, port });
    t = await startTestApp(kind, { HWCTL_DISCOVERY_SCHEDULER: 'false', HWCTL_DISCOVERY_IPMI: 'false' });
    await t.app.listen(0, '127.0.0.1');
    env = { HWCTL_URL: `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`, HWCTL_TOKEN: await t.token('admin') };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-cli-disc-'));
    fs.writeFileSync(path.join(dir, 'map.json'), JSON.stringify({ map_key: 'bmc-ip-addr', id_map: Object.fromEntries(fleet.map((m) => [m.address, `x3000c0s${m.index}b0`])) }));
    fs.writeFileSync(path.join(dir, 'creds.yaml'), 'default:\n  username: admin\n  password: Password123!\n');
  });

  afterAll(async () => {
    await t?.close();
    await server?.stop();
    fleet?.forEach((m) => m.machine.dispose());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function hwctl(args: string[], tty = false) {
    const r = { code: 0, stdout: '', stderr: '' };
    const io: CliIo = { out: (s) => void (r.stdout += s), err: (s) => void (r.stderr += s), readStdin: async () => '', isTTY: tty, env };
    r.code = await runCli(['node', 'hwctl', ...args], io);
    return r;
  }

  it('scans with --collect, draws progress on a terminal and ends with a summary table', async () => {
    const r = await hwctl(['scan', '--subnet', `${net}.0/29`, '--port', String(port), '--timeout', '3s', '-j', '8', '--no-ipmi', '--collect', '--credentials', path.join(dir, 'creds.yaml'), '--bmc-id-map', `@${path.join(dir, 'map.json')}`], true);
    expect(r.code).toBe(0);
    // cli-progress frames, each from column 1 (ESC [1G): the last one full, with the final counters.
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).toMatch(/\x1b\[1Gscan \[█{20}\] 100% \| 6\/6 addresses · 5 BMCs · 5 collected · 0 failed \| \d+s/);
    const sep = '[\\s│]+'; // a bordered table on a terminal
    for (const m of fleet) expect(r.stdout).toMatch(new RegExp([m.address.replace(/\./g, '\\.'), port, 'tcp', 'Redfish', 'redfish', '1\\.15\\.0', `x3000c0s${m.index}b0`, 'DiscoverOK'].join(sep)));
    expect(r.stdout).toMatch(/scan [0-9a-f-]{36} done: 6\/6 probed, 5 found, 5 collected, 0 failed\n$/);
  });

  it('prints magellan scan records with --json (and no progress)', async () => {
    const r = await hwctl(['scan', '--subnet', `${net}.1-${net}.6`, '--port', String(port), '--no-ipmi', '--json'], true);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const records = JSON.parse(r.stdout);
    expect(records).toHaveLength(5);
    expect(records[0]).toEqual({ host: `https://${fleet[0].address}`, port, protocol: 'tcp', state: true, timestamp: expect.any(String), service_type: 'Redfish' });
  });

  it('collects named BMCs and lists what discovery knows', async () => {
    const c = await hwctl(['collect', `${fleet[1].address}:${port}`, '-u', 'admin', '-p', 'Password123!']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/collect [0-9a-f-]{36} done: 1\/1 probed, 1 found, 1 collected, 0 failed/);
    const list = await hwctl(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${fleet[1].address.replace(/\./g, '\\.')}\\s+${port}\\s+x3000c0s2b0\\s+06:`));
    const json = JSON.parse((await hwctl(['list', '--json'])).stdout);
    expect(json).toHaveLength(5);
    expect(json.every((b: any) => b.state === true && b.service_type === 'Redfish')).toBe(true);
  });

  it('reports usage errors with exit 2 and daemon refusals with exit 1', async () => {
    expect((await hwctl(['scan'])).code).toBe(2);
    expect((await hwctl(['scan', '--subnet', '10.0.0.0/24', '--timeout', 'soon'])).code).toBe(2);
    expect((await hwctl(['collect'])).code).toBe(2);
    expect((await hwctl(['scan', '--subnet', '10.0.0.0/24', '-u', 'admin'])).code).toBe(2); // credentials without --collect
    const wide = await hwctl(['scan', '--subnet', '10.0.0.0/8']);
    expect(wide.code).toBe(1);
    expect(wide.stderr).toContain('targets[0]');
  });
});
