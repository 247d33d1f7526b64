import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/program';
import { DATABASE_KINDS } from '../helpers/databases';
import { ROOT } from '../helpers/processes';
import { startTestApp, TestApp } from '../helpers/test-app';

// The hwctl CLI, in-process, against the real daemon over HTTP on SQLite AND PostgreSQL: both nodes-file
// formats load the seeds' cluster, list/get/add/delete speak the daemon's SMD shapes, and errors come
// back as one stderr line with the documented exit code.
describe.each(DATABASE_KINDS)('hwctl CLI against hwctld on %s', (kind) => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.listen(0, '127.0.0.1');
    env = { HWCTL_URL: `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`, HWCTL_TOKEN: await t.token('admin') };
  });
  afterAll(async () => {
    await t.close();
  });

  async function hwctl(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
    const r = { code: 0, stdout: '', stderr: '' };
    const io: CliIo = {
      out: (s) => void (r.stdout += s),
      err: (s) => void (r.stderr += s),
      readStdin: async () => opts.stdin ?? '',
      isTTY: false,
      env: { ...env, ...opts.env },
    };
    r.code = await runCli(['node', 'hwctl', ...args], io);
    return r;
  }
  const json = async (args: string[]) => {
    const r = await hwctl([...args, '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(r.stdout);
  };
  const fixture = (name: string) => path.join(ROOT, 'test', 'fixtures', name);

  it('loads the ochami-format file, then the flat one over it (--overwrite), to the same 18 components', async () => {
    for (const [file, extra] of [['nodes-9-ochami.yaml', []], ['nodes-9.yaml', ['--overwrite']]] as const) {
      const r = await hwctl(['inventory', 'load', fixture(file), ...extra]);
      expect(r).toEqual({ code: 0, stdout: `loaded 9 BMCs, 9 nodes, 18 interfaces, 1 group from ${fixture(file)}\n`, stderr: '' });
    }
    const { Components } = await json(['inventory', 'components', 'list']);
    expect(Components).toHaveLength(18);
    const nodes = await json(['inventory', 'components', 'list', '--type', 'Node']);
    expect(nodes.Components.map((c: any) => [c.ID, c.NID])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [`x1000c1s7b${i}n0`, i]));
  });

  it('finds the loaded NICs, BMCs and group members', async () => {
    const nic = await json(['inventory', 'interfaces', 'list', '--mac', 'DE-AD-BE-EF-00-05']);
    expect(nic).toEqual([expect.objectContaining({ ComponentID: 'x1000c1s7b5n0', IPAddresses: [{ IPAddress: '172.16.0.5', Network: 'management' }] })]);
    const bmcs = await json(['inventory', 'endpoints', 'list', '--ip', '172.16.0.103']);
    expect(bmcs.RedfishEndpoints).toEqual([expect.objectContaining({ ID: 'x1000c1s7b3', MACAddr: 'de:ad:be:ef:10:03', FQDN: '172.16.0.103' })]);
    const members = await json(['inventory', 'groups', 'members', 'list', 'compute']);
    expect(members.ids).toHaveLength(9);
    const table = await hwctl(['inventory', 'components', 'list', '--group', 'compute', '--nid', '2']);
    expect(table.stdout).toMatch(/^ID\s+TYPE\s+STATE\s+FLAG\s+ENABLED\s+ROLE\s+NID\nx1000c1s7b2n0\s+Node\s+On\s+OK\s+true\s+Compute\s+2\n$/);
  });

  it('adds and deletes each kind of record', async () => {
    const steps: string[][] = [
      ['inventory', 'components', 'add', 'x3000c0s1b0n0', '--state', 'Off', '--nid', '100', '--role', 'Service', '--enabled'],
      ['inventory', 'interfaces', 'add', '--mac', 'aa:bb:cc:00:00:01', '--component', 'x3000c0s1b0n0', '--ip', '10.9.1.1', '--network', 'hsn'],
      ['inventory', 'groups', 'add', 'gpu', '--description', 'GPU nodes', '--tags', 'a,b', '--members', 'x3000c0s1b0n0'],
      ['inventory', 'groups', 'members', 'add', 'gpu', 'x1000c1s7b1n0'],
      ['inventory', 'groups', 'members', 'remove', 'gpu', 'x3000c0s1b0n0'],
    ];
    for (const args of steps) expect(await hwctl(args)).toMatchObject({ code: 0, stderr: '' });
    expect(await json(['inventory', 'components', 'get', '100'])).toMatchObject({ ID: 'x3000c0s1b0n0', State: 'Off', Role: 'Service' });
    expect((await json(['inventory', 'groups', 'get', 'gpu'])).members.ids).toEqual(['x1000c1s7b1n0']);
    expect((await json(['inventory', 'interfaces', 'get', 'AA:BB:CC:00:00:01'])).IPAddresses).toEqual([{ IPAddress: '10.9.1.1', Network: 'hsn' }]);
    for (const args of [
      ['inventory', 'groups', 'delete', 'gpu'],
      ['inventory', 'interfaces', 'delete', 'aa:bb:cc:00:00:01'],
      ['inventory', 'components', 'delete', 'x3000c0s1b0n0'],
    ]) {
      expect(await hwctl(args)).toMatchObject({ code: 0, stderr: '' });
    }
    expect(await hwctl(['inventory', 'components', 'get', 'x3000c0s1b0n0'])).toEqual({ code: 1, stdout: '', stderr: 'error: 404 Not Found: no such xname.\n' });
  });

  it('sends a BMC password from stdin and never shows it, nor does the daemon log it', async () => {
    const secret = 'cli-Secret-Pa55';
    expect(await hwctl(['inventory', 'endpoints', 'add', 'x3000c0s2b0', '--fqdn', '10.9.0.2', '--user', 'root', '--password-stdin'], { stdin: `${secret}\n` })).toMatchObject({ code: 0, stderr: '' });
    for (const args of [['inventory', 'endpoints', 'list'], ['inventory', 'endpoints', 'get', 'x3000c0s2b0'], ['inventory', 'endpoints', 'get', 'x3000c0s2b0', '--json']]) {
      const r = await hwctl(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('x3000c0s2b0');
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    expect(t.logger.lines.join('\n')).not.toContain(secret);
  });

  it('reports daemon refusals as one line with exit 1', async () => {
    const dup = await hwctl(['inventory', 'interfaces', 'add', '--mac', 'de:ad:be:ef:00:01', '--component', 'x1000c1s7b2n0']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^error: 409 Conflict: .+\n$/);
    const read = await hwctl(['inventory', 'groups', 'add', 'io'], { env: { HWCTL_TOKEN: await t.token('read') } });
    expect(read.code).toBe(1);
    expect(read.stderr).toMatch(/^error: 403 Forbidden: .+\n$/);
    const none = await hwctl(['inventory', 'groups', 'list'], { env: { HWCTL_TOKEN: '' } });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^error: 401 Unauthorized.*set HWCTL_TOKEN or --token/);
  });
});
