import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../helpers/databases';
import { nodeMacFromFixture } from '../helpers/fixtures';
import { Daemon, freePort, run } from '../helpers/processes';

// End to end, as a user on a fresh machine: the BUILT hwctld (bin/hwctld.js) on each database, the
// BUILT hwctl CLI minting a token offline and loading the seeds' 9-node file, and curl + jq — real
// third-party HTTP tooling — reading the SMD API the way site scripts do.
describe.each(DATABASE_KINDS)('hwctld + hwctl + curl on %s', (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let daemon: Daemon;
  let env: Record<string, string>;
  let url: string;
  let token: string;
  const secret = 'e2e-Secret-Pa55word';

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-e2e-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { HWCTL_DATABASE_URL: db.url, HWCTL_DATA_DIR: path.join(dataDir, 'state'), HWCTL_HTTP_PORT: String(port), HWCTL_URL: url };
    daemon = Daemon.start(process.execPath, ['bin/hwctld.js'], env);
    await daemon.waitHttp(`${url}/health`);
  });

  afterAll(async () => {
    await daemon?.stop();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const curl = async (args: string[]) => {
    const r = await run('curl', ['-sS', '--max-time', '10', ...args]);
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  const jq = async (filter: string, json: string) => (await run('jq', ['-r', filter], {}, json)).stdout.trim();

  it('creates its data folder, secrets (0600) and, on SQLite, the database file', () => {
    for (const f of ['jwt.secret', 'secret.key']) {
      expect(fs.statSync(path.join(dataDir, 'state', f)).mode & 0o777).toBe(0o600);
    }
    if (db.config.type === 'sqlite') expect(fs.existsSync(db.config.path)).toBe(true);
  });

  it('mints a token offline and loads the 9-node file through the CLI', async () => {
    const t = await run(process.execPath, ['bin/hwctl.js', 'token', 'create', '--scope', 'admin', '--ttl', '1h'], env);
    expect(t.code).toBe(0);
    token = t.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const load = await run(process.execPath, ['bin/hwctl.js', 'inventory', 'load', 'test/fixtures/nodes-9.yaml'], { ...env, HWCTL_TOKEN: token });
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
  });

  it('serves the SMD API to curl and jq', async () => {
    const auth = ['-H', `Authorization: Bearer ${token}`];
    const comps = await curl([...auth, `${url}/hsm/v2/State/Components`]);
    expect(await jq('.Components | length', comps)).toBe('18');
    expect(await jq('[.Components[] | select(.Type == "Node") | .NID] | join(",")', comps)).toBe('1,2,3,4,5,6,7,8,9');
    const mac = nodeMacFromFixture('x1000c1s7b5n0');
    const nic = await curl([...auth, `${url}/hsm/v2/Inventory/EthernetInterfaces?MACAddress=${mac}`]);
    expect(await jq('.[0].ComponentID', nic)).toBe('x1000c1s7b5n0');
    expect(await jq('.[0].IPAddresses[0].IPAddress', nic)).toBe('172.16.0.5');
    const members = await curl([...auth, `${url}/hsm/v2/groups/compute/members`]);
    expect(await jq('.ids | length', members)).toBe('9');
    const noToken = await curl(['-o', '/dev/null', '-w', '%{http_code}', `${url}/hsm/v2/State/Components`]);
    expect(noToken).toBe('401');
  });

  it('keeps a BMC password out of every answer and every log line', async () => {
    const body = JSON.stringify({ ID: 'x3000c0s1b0', FQDN: '10.9.0.1', User: 'root', Password: secret });
    const created = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${token}`, '-H', 'Content-Type: application/json', '-d', body, '-w', '\n%{http_code}', `${url}/hsm/v2/Inventory/RedfishEndpoints`]);
    expect(created.trim().split('\n').pop()).toBe('201');
    const list = await curl(['-H', `Authorization: Bearer ${token}`, `${url}/hsm/v2/Inventory/RedfishEndpoints`]);
    expect(list).not.toContain(secret);
    expect(await jq('.RedfishEndpoints[] | select(.ID == "x3000c0s1b0") | .User', list)).toBe('root');
    expect(daemon.stdout + daemon.stderr).not.toContain(secret);
    // not a TTY → structured JSON log lines
    const lines = daemon.stdout.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('hwctld start-up checks', () => {
  it('refuses a bad configuration, naming every bad key', async () => {
    const r = await run(process.execPath, ['bin/hwctld.js'], { HWCTL_HTTP_PORT: 'eighty', HWCTL_DATABASE_URL: 'mysql://nope', HWCTL_LOG_FORMAT: 'xml' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HWCTL_HTTP_PORT');
    expect(r.stderr).toContain('HWCTL_DATABASE_URL');
    expect(r.stderr).toContain('HWCTL_LOG_FORMAT');
  });
});
