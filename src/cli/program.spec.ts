import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeJwt } from 'jose';
import { CliIo } from './cli-io';
import { runCli } from './program';

/** An in-memory CliIo: captures stdout/stderr, serves a fixed stdin. */
function memoryIo(env: NodeJS.ProcessEnv = {}, stdin = '', isTTY = false): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    readStdin: async () => stdin,
    isTTY,
    env,
  };
  return io;
}

interface Seen {
  method: string;
  url: string;
  auth?: string;
  body?: unknown;
}

/** A stand-in for hwctld: answers each request from `reply` and records what the CLI sent. */
async function fakeDaemon(reply: (req: Seen) => { status: number; body?: unknown; type?: string }) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, auth: req.headers.authorization, body: data ? JSON.parse(data) : undefined };
      seen.push(s);
      const r = reply(s);
      res.writeHead(r.status, { 'content-type': r.type ?? 'application/json' });
      res.end(r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures');
const hwctl = (io: ReturnType<typeof memoryIo>, ...args: string[]) => runCli(['node', 'hwctl', ...args], io);

describe('hwctl against a fake hwctld', () => {
  let daemon: Awaited<ReturnType<typeof fakeDaemon>>;
  let answer: (s: Seen) => { status: number; body?: unknown; type?: string };
  const env = () => ({ HWCTL_URL: daemon.url, HWCTL_TOKEN: 'tok123' });

  beforeAll(async () => {
    daemon = await fakeDaemon((s) => answer(s));
  });
  afterAll(() => daemon.close());
  beforeEach(() => {
    daemon.seen.length = 0;
  });

  it('lists components with filters as SMD query params, bearer token, readable table', async () => {
    answer = () => ({ status: 200, body: { Components: [{ ID: 'x1000c1s7b1n0', Type: 'Node', State: 'On', Flag: 'OK', Enabled: true, Role: 'Compute', NID: 1 }] } });
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'components', 'list', '--type', 'Node', '--state', 'On,Ready', '--group', 'compute')).toBe(0);
    expect(daemon.seen[0]).toMatchObject({ method: 'GET', url: '/hsm/v2/State/Components?type=Node&state=On&state=Ready&group=compute', auth: 'Bearer tok123' });
    expect(io.stdout.split('\n')[0]).toMatch(/^ID\s+TYPE\s+STATE\s+FLAG\s+ENABLED\s+ROLE\s+NID$/);
    expect(io.stdout).toMatch(/x1000c1s7b1n0\s+Node\s+On\s+OK\s+true\s+Compute\s+1/);
    expect(io.stderr).toBe('');
  });

  it('prints the raw JSON with --json (global option after the subcommand) and --url beats HWCTL_URL', async () => {
    answer = () => ({ status: 200, body: [{ ID: 'deadbeef0001', MACAddress: 'de:ad:be:ef:00:01', IPAddresses: [] }] });
    const io = memoryIo({ HWCTL_URL: 'http://127.0.0.1:9' });
    expect(await hwctl(io, 'inventory', 'interfaces', 'list', '--mac', 'de:ad:be:ef:00:01', '--json', '--url', daemon.url)).toBe(0);
    expect(daemon.seen[0].url).toBe('/hsm/v2/Inventory/EthernetInterfaces?MACAddress=de%3Aad%3Abe%3Aef%3A00%3A01');
    expect(daemon.seen[0].auth).toBeUndefined();
    expect(JSON.parse(io.stdout)).toEqual([{ ID: 'deadbeef0001', MACAddress: 'de:ad:be:ef:00:01', IPAddresses: [] }]);
  });

  it('turns a problem+json answer into one stderr line and exit 1', async () => {
    answer = () => ({ status: 404, type: 'application/problem+json', body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such xname.' } });
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'components', 'get', 'x1000c1s7b9n9')).toBe(1);
    expect(daemon.seen[0].url).toBe('/hsm/v2/State/Components/x1000c1s7b9n9');
    expect(io.stderr).toBe('error: 404 Not Found: no such xname.\n');
    expect(io.stdout).toBe('');
  });

  it('hints at HWCTL_TOKEN on a 401 when no token was given', async () => {
    answer = () => ({ status: 401, body: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'missing bearer token' } });
    const io = memoryIo({ HWCTL_URL: daemon.url });
    expect(await hwctl(io, 'inventory', 'groups', 'list')).toBe(1);
    expect(io.stderr).toMatch(/^error: 401 Unauthorized: missing bearer token \(no token: set HWCTL_TOKEN or --token/);
  });

  it('gets a component by NID through ByNID', async () => {
    answer = () => ({ status: 200, body: { ID: 'x1000c1s7b7n0', Type: 'Node', NID: 7 } });
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'components', 'get', '7')).toBe(0);
    expect(daemon.seen[0].url).toBe('/hsm/v2/State/Components/ByNID/7');
    expect(io.stdout).toMatch(/^ID:\s+x1000c1s7b7n0$/m);
  });

  it('adds a component as {"Components":[…]}', async () => {
    answer = () => ({ status: 204 });
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'components', 'add', 'X1000C1S7B1N0', '--state', 'On', '--nid', '5', '--role', 'Compute', '--enabled')).toBe(0);
    expect(daemon.seen[0]).toMatchObject({ method: 'POST', url: '/hsm/v2/State/Components', body: { Components: [{ ID: 'x1000c1s7b1n0', State: 'On', NID: 5, Role: 'Compute', Enabled: true }] } });
    expect(io.stdout).toBe('added component x1000c1s7b1n0\n');
  });

  it('adds an endpoint with the password from stdin and never prints it', async () => {
    answer = (s) => (s.method === 'POST' ? { status: 201, body: [{ URI: '/hsm/v2/Inventory/RedfishEndpoints/x3000c0s1b0' }] } : { status: 200, body: { RedfishEndpoints: [{ ID: 'x3000c0s1b0', User: 'root', Password: 's3cret!' }] } });
    const io = memoryIo(env(), 's3cret!\n');
    expect(await hwctl(io, 'inventory', 'endpoints', 'add', 'x3000c0s1b0', '--fqdn', '10.9.0.1', '--user', 'root', '--password-stdin', '--mac', 'AA-BB-CC-DD-EE-01')).toBe(0);
    expect(daemon.seen[0].body).toEqual({ ID: 'x3000c0s1b0', FQDN: '10.9.0.1', User: 'root', Password: 's3cret!', MACAddr: 'aa:bb:cc:dd:ee:01' });
    for (const args of [['--json'], []]) {
      expect(await hwctl(io, 'inventory', 'endpoints', 'list', ...args)).toBe(0);
    }
    expect(io.stdout + io.stderr).not.toContain('s3cret');
  });

  it('adds an interface and a group, manages members, deletes by MAC', async () => {
    answer = (s) => ({ status: s.method === 'POST' ? 201 : 200, body: s.method === 'DELETE' ? { code: 0, message: 'deleted 1 entry' } : [{ URI: '/x' }] });
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'interfaces', 'add', '--mac', 'DE:AD:BE:EF:00:01', '--component', 'x1000c1s7b1n0', '--ip', '172.16.0.1', '--network', 'management', '--description', 'eth0')).toBe(0);
    expect(await hwctl(io, 'inventory', 'groups', 'add', 'compute', '--description', 'all computes', '--tags', 'a,b', '--members', 'x1000c1s7b1n0,x1000c1s7b2n0')).toBe(0);
    expect(await hwctl(io, 'inventory', 'groups', 'members', 'add', 'compute', 'x1000c1s7b3n0')).toBe(0);
    expect(await hwctl(io, 'inventory', 'groups', 'members', 'remove', 'compute', 'x1000c1s7b3n0')).toBe(0);
    expect(await hwctl(io, 'inventory', 'interfaces', 'delete', 'DE:AD:BE:EF:00:01')).toBe(0);
    expect(daemon.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/hsm/v2/Inventory/EthernetInterfaces', { MACAddress: 'de:ad:be:ef:00:01', ComponentID: 'x1000c1s7b1n0', Description: 'eth0', IPAddresses: [{ IPAddress: '172.16.0.1', Network: 'management' }] }],
      ['POST', '/hsm/v2/groups', { label: 'compute', description: 'all computes', tags: ['a', 'b'], members: { ids: ['x1000c1s7b1n0', 'x1000c1s7b2n0'] } }],
      ['POST', '/hsm/v2/groups/compute/members', { id: 'x1000c1s7b3n0' }],
      ['DELETE', '/hsm/v2/groups/compute/members/x1000c1s7b3n0', undefined],
      ['DELETE', '/hsm/v2/Inventory/EthernetInterfaces/deadbeef0001', undefined],
    ]);
    expect(io.stderr).toBe('');
  });

  it('loads the flat 9-node fixture in one POST and prints a summary', async () => {
    answer = () => ({ status: 200, body: { bmcs: 9, nodes: 9, interfaces: 18, groups: 1 } });
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'load', path.join(FIXTURES, 'nodes-9.yaml'), '--overwrite')).toBe(0);
    expect(daemon.seen).toHaveLength(1);
    const body = daemon.seen[0].body as any;
    expect(daemon.seen[0].url).toBe('/inventory/v1/load');
    expect(body.overwrite).toBe(true);
    expect(body.bmcs[0]).toEqual({ xname: 'x1000c1s7b1', mac: 'de:ad:be:ef:10:01', ip: '172.16.0.101', fqdn: '172.16.0.101' });
    expect(body.nodes[8]).toEqual({ xname: 'x1000c1s7b9n0', name: 'nid009', nid: 9, bmc: 'x1000c1s7b9', groups: ['compute'], interfaces: [{ mac: 'de:ad:be:ef:00:09', ips: [{ ip: '172.16.0.9', network: 'management' }] }] });
    expect(io.stdout).toBe(`loaded 9 BMCs, 9 nodes, 18 interfaces, 1 group from ${path.join(FIXTURES, 'nodes-9.yaml')}\n`);
    expect(io.stderr).toBe('');
  });

  it('--dry-run sends nothing', async () => {
    const io = memoryIo(env());
    expect(await hwctl(io, 'inventory', 'load', path.join(FIXTURES, 'nodes-9-ochami.yaml'), '--dry-run')).toBe(0);
    expect(daemon.seen).toHaveLength(0);
    expect(io.stdout).toBe('dry run (ochami format, nothing sent): would load 9 BMCs, 9 nodes, 18 interfaces, 1 group\n');
  });

  it('refuses a bad file with every problem located, exit 2, nothing sent', async () => {
    const io = memoryIo(env(), 'nodes:\n- xname: x1000c1s7b1n0\n  interfaces:\n  - mac_addr: zz\n- xname: nope\n  nid: 0\n');
    expect(await hwctl(io, 'inventory', 'load', '-')).toBe(2);
    expect(daemon.seen).toHaveLength(0);
    expect(io.stderr).toBe(
      [
        'error: <stdin>:4: nodes[0].interfaces[0].mac_addr: invalid MAC "zz"',
        'error: <stdin>:5: nodes[1].xname: invalid xname "nope"',
        'error: <stdin>:6: nodes[1].nid: NID must be a positive integer, got number 0',
        '',
      ].join('\n'),
    );
  });
});

describe('hwctl usage errors and an absent daemon', () => {
  it.each([
    [['inventory', 'components', 'list', '--bogus']],
    [['inventory', 'components', 'add', 'x1000c1s7b1n0']], // --state missing
    [['inventory', 'components', 'add', 'notanxname', '--state', 'On']],
    [['inventory', 'interfaces', 'add', '--mac', 'zz', '--component', 'x1000c1s7b1n0']],
    [['inventory', 'groups', 'members', 'add', 'compute', 'bad']],
    [['inventory']],
    [['nosuchcommand']],
    [['inventory', 'load', '/nonexistent/nodes.yaml']],
    [['inventory', 'components', 'list', '--url', 'ftp://x']],
    [['inventory', 'components', 'list', '--timeout', 'soon']],
  ])('%j → exit 2 with a message on stderr', async (args) => {
    const io = memoryIo({ HWCTL_URL: 'http://127.0.0.1:9' });
    expect(await hwctl(io, ...args)).toBe(2);
    expect(io.stderr).toMatch(/error|Usage/);
    expect(io.stdout).toBe('');
  });

  it('--help exits 0', async () => {
    const io = memoryIo();
    expect(await hwctl(io, 'inventory', '--help')).toBe(0);
    expect(io.stdout).toContain('components');
  });

  it('exits 3 naming the URL when nothing listens there', async () => {
    const io = memoryIo({ HWCTL_URL: 'http://127.0.0.1:9' });
    expect(await hwctl(io, 'inventory', 'components', 'list')).toBe(3);
    expect(io.stderr).toBe('error: cannot reach hwctld at http://127.0.0.1:9: connection refused (is it running? set --url or HWCTL_URL)\n');
  });

  it('exits 3 when the daemon does not answer within --timeout', async () => {
    const server = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const io = memoryIo({ HWCTL_URL: url });
    expect(await hwctl(io, 'inventory', 'groups', 'list', '--timeout', '200ms')).toBe(3);
    expect(io.stderr).toBe(`error: hwctld at ${url} did not answer within 0.2s (raise --timeout?)\n`);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('hwctl token create (offline)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-cli-token-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints only the token, with the scope, subject and lifetime asked for', async () => {
    const io = memoryIo({ HWCTL_DATA_DIR: dataDir });
    expect(await hwctl(io, 'token', 'create', '--scope', 'write', '--ttl', '2h', '--subject', 'ci')).toBe(0);
    expect(io.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(io.stderr).toBe('');
    const claims = decodeJwt(io.stdout.trim());
    expect(claims).toMatchObject({ scope: 'write', sub: 'ci' });
    expect(claims.exp! - claims.iat!).toBe(7200);
  });

  it.each([
    [['--scope', 'root'], /--scope: "root" is not one of read, write, admin/],
    [['--scope', 'read', '--ttl', 'forever'], /--ttl: invalid duration "forever"/],
    [['--scope', 'read', '--ttl', '0s'], /--ttl: must be greater than zero/],
    [[], /required option '--scope <scope>' not specified/],
  ])('%j → exit 2', async (args, message) => {
    const io = memoryIo({ HWCTL_DATA_DIR: dataDir });
    expect(await hwctl(io, 'token', 'create', ...args)).toBe(2);
    expect(io.stderr).toMatch(message);
    expect(io.stdout).toBe('');
  });

  it('names every bad HWCTL_* key of a broken configuration (exit 2)', async () => {
    const io = memoryIo({ HWCTL_DATA_DIR: dataDir, HWCTL_HTTP_PORT: 'eighty', HWCTL_LOG_FORMAT: 'xml' });
    expect(await hwctl(io, 'token', 'create', '--scope', 'admin')).toBe(2);
    expect(io.stderr).toContain('HWCTL_HTTP_PORT');
    expect(io.stderr).toContain('HWCTL_LOG_FORMAT');
  });
});
