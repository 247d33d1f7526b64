import { AddressInfo } from 'node:net';
import request from 'supertest';
import { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/program';
import { DATABASE_KINDS } from '../helpers/databases';
import { seedCluster } from '../helpers/seed-cluster';
import { startTestApp, TestApp } from '../helpers/test-app';

// `hwctl boot params …` and `hwctl boot script NODE`, in-process, against the real daemon over HTTP on
// SQLite AND PostgreSQL — the seeds' workflow (`ochami bss boot params set/get`, then check what a node
// gets) with groups and node overrides.
describe.each(DATABASE_KINDS)('hwctl boot against hwctld on %s', (kind) => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    t = await startTestApp(kind, { HWCTL_BOOT_ADVERTISE_URL: 'http://172.16.0.254:27780', HWCTL_BOOT_CLOUD_INIT_URL: 'http://172.16.0.254:8081/cloud-init' });
    await t.app.listen(0, '127.0.0.1');
    env = { HWCTL_URL: `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`, HWCTL_TOKEN: await t.token('admin') };
    await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${env.HWCTL_TOKEN}`).send(seedCluster()).expect(200);
  });
  afterAll(() => t.close());

  async function hwctl(args: string[], stdin = '', extraEnv: NodeJS.ProcessEnv = {}) {
    const r = { code: 0, stdout: '', stderr: '' };
    const io: CliIo = { out: (s) => void (r.stdout += s), err: (s) => void (r.stderr += s), readStdin: async () => stdin, isTTY: false, env: { ...env, ...extraEnv } };
    r.code = await runCli(['node', 'hwctl', ...args], io);
    return r;
  }

  it('keeps exactly one request listener after listen (the bootscript fast path in front of Express)', () => {
    expect(t.server.listenerCount('request')).toBe(1);
  });

  it('sets group defaults and a node override, then prints exactly what a node receives', async () => {
    expect(await hwctl(['boot', 'params', 'set', '--group', 'compute', '--kernel', 'http://172.16.0.254:8080/k', '--initrd', 'http://172.16.0.254:8080/i', '--params', 'console=ttyS0,115200 ip=dhcp'])).toEqual({
      code: 0,
      stdout: 'set boot parameters for compute\n',
      stderr: '',
    });
    expect(await hwctl(['boot', 'params', 'set', '--xname', 'x1000c1s7b[1-2]n0', '--params', 'console=ttyS0,115200 ip=dhcp rd.shell'])).toMatchObject({ code: 0, stderr: '' });

    const byXname = await hwctl(['boot', 'script', 'x1000c1s7b1n0']);
    expect(byXname).toEqual({
      code: 0,
      stderr: '',
      stdout: `#!ipxe
kernel --name kernel http://172.16.0.254:8080/k initrd=initrd console=ttyS0,115200 ip=dhcp rd.shell xname=x1000c1s7b1n0 nid=1 BOOTIF=01-de-ad-be-ef-00-01 ds=nocloud-net;s=http://172.16.0.254:8081/cloud-init/ || goto boot_retry
initrd --name initrd http://172.16.0.254:8080/i || goto boot_retry
boot || goto boot_retry
:boot_retry
sleep 30
chain http://172.16.0.254:27780/boot/v1/bootscript?mac=de:ad:be:ef:00:01&retry=1

`,
    });
    // By NID (looked up to its MAC, as DHCP would send it) and by MAC: a group member without an override.
    const byNid = await hwctl(['boot', 'script', '3']);
    expect(byNid.stdout).toBe(
      (await hwctl(['boot', 'script', 'DE:AD:BE:EF:00:03'])).stdout,
    );
    expect(byNid.stdout).toContain(' initrd=initrd console=ttyS0,115200 ip=dhcp xname=x1000c1s7b3n0 nid=3 BOOTIF=01-de-ad-be-ef-00-03 ');
    // Without a token the inventory cannot be read: asked by name, as BSS answers it (no BOOTIF).
    const anonymous = await hwctl(['boot', 'script', 'x1000c1s7b3n0'], '', { HWCTL_TOKEN: '' });
    expect(anonymous.code).toBe(0);
    expect(anonymous.stdout).toContain(' nid=3 ds=nocloud-net;s=http://172.16.0.254:8081/cloud-init/ || goto boot_retry\n');
  });

  it('lists entries as a table or raw BSS JSON, and filters by target', async () => {
    const table = await hwctl(['boot', 'params', 'get']);
    expect(table.stdout).toMatch(/^TARGETS\s+KERNEL\s+INITRD\s+PARAMS\n/);
    expect(table.stdout).toMatch(/compute\s+http:\/\/172\.16\.0\.254:8080\/k\s+http:\/\/172\.16\.0\.254:8080\/i\s+console=ttyS0,115200 ip=dhcp\n/);
    const json = JSON.parse((await hwctl(['boot', 'params', 'get', '--xname', 'x1000c1s7b2n0', '--json'])).stdout);
    expect(json).toEqual([expect.objectContaining({ hosts: ['x1000c1s7b2n0'], params: 'console=ttyS0,115200 ip=dhcp rd.shell' })]);
  });

  it('takes the ochami payload with -d (JSON, YAML, @file on stdin) and deletes by target', async () => {
    expect(await hwctl(['boot', 'params', 'set', '-d', '{"macs":["de:ad:be:ef:00:09"],"kernel":"http://x/k9"}'])).toMatchObject({ code: 0 });
    expect(await hwctl(['boot', 'params', 'update', '-d', '@-'], 'macs: [de:ad:be:ef:00:09]\nparams: quiet\n')).toMatchObject({ code: 0 });
    // The node's kernel and params, the group's initrd.
    expect((await hwctl(['boot', 'script', 'de:ad:be:ef:00:09'])).stdout).toContain('kernel --name kernel http://x/k9 initrd=initrd quiet xname=x1000c1s7b9n0 ');
    expect(await hwctl(['boot', 'params', 'delete', '--mac', 'de:ad:be:ef:00:09'])).toEqual({ code: 0, stdout: 'deleted boot parameters for de:ad:be:ef:00:09\n', stderr: '' });
    expect((await hwctl(['boot', 'script', 'de:ad:be:ef:00:09'])).stdout).toContain('kernel --name kernel http://172.16.0.254:8080/k ');
  });

  it('reports errors with the documented exit codes', async () => {
    expect(await hwctl(['boot', 'script', '02:00:00:00:00:99', '--arch', 'x86_64'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: 404 Not Found: Unknown MAC 02:00:00:00:00:99 architecture x86_64: this host not configured for booting. (set its boot parameters: hwctl boot params set)\n',
    });
    expect((await hwctl(['boot', 'params', 'set', '--mac', 'nope', '--kernel', 'k'])).code).toBe(2);
    expect((await hwctl(['boot', 'params', 'set', '--xname', 'x1000c1s7b1n0'])).stderr).toBe('error: give at least one of --kernel, --initrd or --params\n');
    const bad = await hwctl(['boot', 'params', 'set', '--group', 'nosuch', '--kernel', 'k']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: 400 Bad Request: hosts\[0\]: "nosuch" is neither a Node xname nor an inventory group\n$/);
  });
});
