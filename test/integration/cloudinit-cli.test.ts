import * as fs from 'node:fs';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/program';
import { DATABASE_KINDS } from '../helpers/databases';
import { startTestApp, TestApp } from '../helpers/test-app';

// `hwctl cloud-init …` and `hwctl token node`, in-process, against the real daemon over HTTP: the seeds'
// YAML payload file goes in, a node's merged user-data comes out, and a node token from the CLI (issued by
// the daemon or minted offline) opens that node's secure stage and no other.
describe.each(DATABASE_KINDS)('hwctl cloud-init and token node against hwctld on %s', (kind) => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const N1 = 'x1000c1s7b1n0';

  beforeAll(async () => {
    t = await startTestApp(kind, { HWCTL_CLOUDINIT_TRUSTED_PROXIES: '127.0.0.1', HWCTL_JWT_SECRET: 'a-test-secret-of-at-least-32-characters!' });
    await t.app.listen(0, '127.0.0.1');
    env = {
      HWCTL_URL: `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`,
      HWCTL_TOKEN: await t.token('admin'),
      HWCTL_JWT_SECRET: 'a-test-secret-of-at-least-32-characters!',
      HWCTL_DATA_DIR: t.config.dataDir,
    };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-ci-cli-'));
    const nodes = [1, 2].map((i) => ({ xname: `x1000c1s7b${i}n0`, nid: i, groups: ['compute'], interfaces: [{ mac: `de:ad:be:ef:00:0${i}`, ips: [{ ip: `172.16.0.${i}` }] }] }));
    await request(t.server).post('/inventory/v1/load').set('Authorization', `Bearer ${env.HWCTL_TOKEN}`).send({ nodes }).expect(200);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function hwctl(args: string[]) {
    const r = { code: 0, stdout: '', stderr: '' };
    const io: CliIo = { out: (s) => void (r.stdout += s), err: (s) => void (r.stderr += s), readStdin: async () => '', isTTY: false, env };
    r.code = await runCli(['node', 'hwctl', ...args], io);
    return r;
  }

  it('stores the seeds’ payload files and shows what a node gets', async () => {
    // seeds/003: the ochami form (a list) for the public stage, one entry for the secure stage.
    fs.writeFileSync(path.join(dir, 'compute.yaml'), '- name: compute\n  cloud-init:\n    userdata:\n      runcmd:\n        - setenforce 0\n    metadata:\n      instance-id: ochami-compute\n');
    fs.writeFileSync(path.join(dir, 'secure.yaml'), "name: compute\ncloud-init:\n  userdata:\n    write_files:\n      - path: /etc/munge/munge.key\n        permissions: '0400'\n        encoding: base64\n        content: c2VjcmV0\n");
    expect(await hwctl(['cloud-init', 'config', 'set', path.join(dir, 'compute.yaml')])).toEqual({ code: 0, stdout: 'stored 1 entry: compute\n', stderr: '' });
    expect((await hwctl(['cloud-init', 'config', 'set', '--secure', path.join(dir, 'secure.yaml')])).code).toBe(0);

    const list = await hwctl(['cloud-init', 'config', 'list']);
    expect(list.stdout).toBe('NAME     USER-DATA KEYS  META-DATA KEYS  VENDOR-DATA KEYS\ncompute  runcmd          instance-id\n');
    const ud = await hwctl(['cloud-init', 'data', 'get', N1]);
    expect(ud).toEqual({ code: 0, stdout: '#cloud-config\nruncmd:\n  - setenforce 0\n', stderr: '' });
    expect((await hwctl(['cloud-init', 'data', 'get', N1, '--meta'])).stdout).toMatch(/^instance-id: ochami-compute\n/);
    expect((await hwctl(['cloud-init', 'data', 'get', N1, '--secure'])).stdout).toContain('/etc/munge/munge.key');

    const bad = await hwctl(['cloud-init', 'data', 'get', 'x9c0s0b0n0']);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: 404 Not Found: no node and no cloud-init entry named x9c0s0b0n0\n$/) });
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'name: compute\nuserdata: {}\n');
    const badFile = await hwctl(['cloud-init', 'config', 'set', path.join(dir, 'bad.yaml')]);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toContain('cloud-init: expected a mapping');
  });

  it('prints node tokens (from the daemon or offline) that open exactly that node’s secure stage', async () => {
    const fromDaemon = await hwctl(['token', 'node', N1.toUpperCase(), '--ttl', '10m']);
    expect(fromDaemon.code).toBe(0);
    const offline = await hwctl(['token', 'node', N1, '--offline']);
    expect(offline.code).toBe(0);
    for (const out of [fromDaemon.stdout, offline.stdout]) {
      expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const jwt = out.trim();
      expect(decodeJwt(jwt)).toMatchObject({ sub: N1, aud: 'cloud-init', scope: 'node' });
      const ok = await request(t.server).get('/cloud-init-secure/user-data').set('X-Forwarded-For', '172.16.0.1').set('Authorization', `Bearer ${jwt}`).expect(200);
      expect(ok.text).toContain('munge.key');
      await request(t.server).get('/cloud-init-secure/user-data').set('X-Forwarded-For', '172.16.0.2').set('Authorization', `Bearer ${jwt}`).expect(403);
    }
    const ttl = decodeJwt(fromDaemon.stdout.trim());
    expect(ttl.exp! - ttl.iat!).toBe(600);

    expect(await hwctl(['token', 'node', 'x1000c1s7b1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a node xname') });
    expect(await hwctl(['token', 'node', 'x1000c1s7b9n0'])).toMatchObject({ code: 1, stderr: expect.stringContaining('404') });
  });
});
