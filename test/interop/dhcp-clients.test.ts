/**
 * Interop: the BUILT hwctld's DHCP server against real DHCP clients — busybox udhcpc 1.35, ISC dhclient
 * 4.4.3, nmap 7.93's dhcp-discover (DHCPINFORM) and ISC perfdhcp (Kea 2.2) as a relay agent.
 *
 * Topology (../shared/peers/dhcp/netns-up.sh, PEERS.md §4): two network namespaces made for this run,
 * joined by one veth pair; the private subnet exists only inside them and the root namespace holds no
 * end of the pair, so no packet can leave the machine. hwctld runs in the server namespace with
 * HWCTL_DHCP_INTERFACE set (binding 0.0.0.0:67 there); its HTTP API is reached with curl inside that
 * namespace. Both namespaces are deleted in afterAll.
 * Needs root and: apt-get install -y iproute2 busybox udhcpc isc-dhcp-client nmap kea-admin curl; npm run build.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { issueToken } from '../../src/auth/token-issuer';
import { loadConfig } from '../../src/config/config.loader';
import { deleteNamespaces, inNs, must, sh } from '../helpers/netns';
import { Daemon, ROOT } from '../helpers/processes';

jest.setTimeout(90_000);

const SRV = `hwctl-dhcp-srv-${process.pid}`;
const CLI = `hwctl-dhcp-cli-${process.pid}`;
const SRV_IF = 'hwdsrv0';
const CLI_IF = 'hwdcli0';
const NET = `10.231.${process.pid % 250}`;
const SERVER = `${NET}.1`;
const HTTP_PORT = 27781;
const ADVERTISE = `http://${SERVER}:${HTTP_PORT}`;
const KNOWN_MAC = '52:54:00:12:34:56'; // nid0042 at .42
const NEW_MAC = '02:00:00:aa:bb:cc'; // unknown at first, then nid0043 at .43
const STRANGER = '02:00:00:dd:ee:ff'; // never in the inventory

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-dhcp-interop-'));
const HOOK = path.join(tmp, 'hook.sh');
const EVENTS = path.join(tmp, 'events.log');
const DB_FILE = path.join(tmp, 'hwctl.sqlite');

const env: Record<string, string> = {
  HWCTL_DATABASE_URL: `sqlite:${DB_FILE}`,
  HWCTL_DATA_DIR: path.join(tmp, 'data'),
  HWCTL_HTTP_PORT: String(HTTP_PORT),
  HWCTL_JWT_SECRET: 'dhcp-interop-secret-0123456789abcdef',
  HWCTL_LOG_FORMAT: 'json',
  HWCTL_LOG_LEVEL: 'debug',
  HWCTL_BOOT_ADVERTISE_URL: ADVERTISE,
  HWCTL_DHCP_INTERFACE: SRV_IF,
  HWCTL_DHCP_ROUTER: SERVER,
  HWCTL_DHCP_DNS: SERVER,
  HWCTL_DHCP_DOMAIN: 'test.invalid',
  HWCTL_DHCP_LEASE_TIME: '1h',
  HWCTL_DHCP_UNKNOWN_POLICY: 'pool',
  HWCTL_DHCP_POOL: `${NET}.200-${NET}.210`,
  HWCTL_DHCP_POOL_LEASE_TIME: '5m',
};
let token = '';
let daemon: Daemon | undefined;

async function api(method: string, route: string, body?: unknown): Promise<any> {
  const args = ['curl', '-sS', '--max-time', '10', '-X', method, '-H', `Authorization: Bearer ${token}`, `http://127.0.0.1:${HTTP_PORT}${route}`];
  if (body !== undefined) args.push('-H', 'content-type: application/json', '--data-binary', JSON.stringify(body));
  const r = await inNs(SRV, args);
  if (r.code !== 0) throw new Error(`curl ${method} ${route}: ${r.stderr}`);
  return r.stdout ? JSON.parse(r.stdout) : undefined;
}
const counters = async () => (await api('GET', '/dhcp/v1/status')).counters;

async function startDaemon(extra: Record<string, string> = {}): Promise<void> {
  daemon = Daemon.start('ip', ['netns', 'exec', SRV, process.execPath, path.join(ROOT, 'bin/hwctld.js')], { ...env, ...extra });
  for (let i = 0; i < 300; i++) {
    if (daemon.child.exitCode !== null) throw new Error(`hwctld exited ${daemon.child.exitCode}: ${daemon.stderr}${daemon.stdout}`);
    const r = await inNs(SRV, ['curl', '-s', '--max-time', '2', '-H', `Authorization: Bearer ${token}`, `http://127.0.0.1:${HTTP_PORT}/dhcp/v1/status`]);
    if (r.code === 0 && r.stdout.includes('"enabled":true')) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`hwctld did not start its DHCP server: ${daemon.stdout.slice(-2000)}`);
}

async function setClientMac(mac: string): Promise<void> {
  await must('ip', ['-n', CLI, 'link', 'set', CLI_IF, 'down']);
  await must('ip', ['-n', CLI, 'addr', 'flush', 'dev', CLI_IF]);
  await must('ip', ['-n', CLI, 'link', 'set', CLI_IF, 'address', mac]);
  await must('ip', ['-n', CLI, 'link', 'set', CLI_IF, 'up']);
}

type Events = Record<string, string>[];
function readEvents(): Events {
  if (!fs.existsSync(EVENTS)) return [];
  return fs
    .readFileSync(EVENTS, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split('\t').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])));
}

/** busybox udhcpc in the client namespace: one lease and quit (-q), 4 tries of 1 s (-n: give up after). */
async function udhcpc(extra: string[] = [], timeoutMs = 30_000): Promise<{ code: number; events: Events; stderr: string }> {
  fs.rmSync(EVENTS, { force: true });
  const r = await inNs(CLI, ['busybox', 'udhcpc', '-i', CLI_IF, '-f', '-q', '-n', '-t', '4', '-T', '1', '-s', HOOK, '-O', 'bootfile', ...extra], timeoutMs);
  return { code: r.code, events: readEvents(), stderr: r.stderr };
}
const bound = (events: Events) => events.find((e) => e.event === 'bound');

beforeAll(async () => {
  const missing = [];
  for (const c of ['ip', 'busybox', 'dhclient', 'perfdhcp', 'nmap', 'curl']) if ((await sh('sh', ['-c', `command -v ${c}`])).code !== 0) missing.push(c);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: scripts/install-peers.sh installs them`);
  if (!fs.existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (process.getuid?.() !== 0) throw new Error('needs root (network namespaces, UDP port 67)');

  // Hook for both clients: log what was offered (tab-separated key=value) and configure the address
  // on the client interface (inside the client namespace only), so renew/release go out unicast.
  fs.writeFileSync(
    HOOK,
    [
      '#!/bin/sh',
      'if [ -n "$reason" ]; then',
      `  printf 'event=%s\\tip=%s\\tmask=%s\\trouter=%s\\tdns=%s\\thostname=%s\\tdomain=%s\\tfilename=%s\\tbootfile=%s\\tserverid=%s\\tnext_server=%s\\n' "$reason" "$new_ip_address" "$new_subnet_mask" "$new_routers" "$new_domain_name_servers" "$new_host_name" "$new_domain_name" "$new_filename" "$new_bootfile_name" "$new_dhcp_server_identifier" "$new_next_server" >> ${EVENTS}`,
      '  case "$reason" in BOUND|REBOOT|RENEW) ip addr flush dev "$interface"; ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface";; esac',
      '  exit 0',
      'fi',
      // udhcpc exports options it has no name for as optNNN, hex: opt175 is the iPXE encapsulated option.
      `printf 'event=%s\\tip=%s\\tmask=%s\\trouter=%s\\tdns=%s\\thostname=%s\\tdomain=%s\\tfilename=%s\\tbootfile=%s\\tserverid=%s\\tsiaddr=%s\\tlease=%s\\tmessage=%s\\topt175=%s\\n' "$1" "$ip" "$mask" "$router" "$dns" "$hostname" "$domain" "$boot_file" "$bootfile" "$serverid" "$siaddr" "$lease" "$message" "$opt175" >> ${EVENTS}`,
      'case "$1" in deconfig) ip addr flush dev "$interface";; bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/$mask" dev "$interface";; esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );

  await must('ip', ['netns', 'add', SRV]);
  await must('ip', ['netns', 'add', CLI]);
  await must('ip', ['link', 'add', SRV_IF, 'netns', SRV, 'type', 'veth', 'peer', 'name', CLI_IF, 'netns', CLI]);
  for (const ns of [SRV, CLI]) await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  await must('ip', ['-n', SRV, 'addr', 'add', `${SERVER}/24`, 'dev', SRV_IF]);
  await must('ip', ['-n', SRV, 'link', 'set', SRV_IF, 'up']);
  await setClientMac(KNOWN_MAC);

  token = await issueToken(loadConfig(env, ROOT), { scopes: ['admin'], ttlSeconds: 3600 });
  await startDaemon();
  await api('POST', '/inventory/v1/load', {
    nodes: [{ xname: 'x1000c1s7b1n0', nid: 42, interfaces: [{ mac: KNOWN_MAC, ips: [{ ip: `${NET}.42` }] }] }],
  });
  // The snapshot follows inventory.changed (no polling): the load is visible at once.
  expect((await api('GET', '/dhcp/v1/status')).hosts).toBe(1);
});

afterAll(async () => {
  await daemon?.stop();
  // dhclient daemonizes after binding; `dhclient -r` stops it, but not if a test failed before that.
  const dhclientPid = Number(fs.existsSync(path.join(tmp, 'dhclient.pid')) ? fs.readFileSync(path.join(tmp, 'dhclient.pid'), 'utf8').trim() : 0);
  if (dhclientPid > 0) {
    try {
      process.kill(dhclientPid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await deleteNamespaces(CLI, SRV);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('hwctld DHCP vs real clients (two namespaces, one veth pair)', () => {
  it('busybox udhcpc (UEFI x64, option 93 = 7) gets the inventory IP, router, DNS, hostname and snponly.efi', async () => {
    const r = await udhcpc(['-x', '0x5d:0007']);
    expect(r.code).toBe(0);
    expect(bound(r.events)).toMatchObject({
      ip: `${NET}.42`,
      mask: '24',
      router: SERVER,
      dns: SERVER,
      hostname: 'nid0042.test.invalid',
      domain: 'test.invalid',
      serverid: SERVER,
      siaddr: SERVER,
      lease: '3600',
      filename: 'snponly.efi', // BOOTP file field
      bootfile: 'snponly.efi', // option 67
      opt175: '', // PXE firmware does not know iPXE's option 175: never sent to it
    });
  });

  it('udhcpc as iPXE (user class 77 "iPXE") gets the bootscript URL for its MAC, and option 175 with NoPxeDhcp (176) = 1', async () => {
    const r = await udhcpc(['-x', '0x4d:69505845', '-x', '0x5d:0000']);
    // b00101 = sub-option 176, length 1, value 1 (iPXE DHCP_EB_NO_PXEDHCP): iPXE skips its ProxyDHCP wait.
    expect(bound(r.events)).toMatchObject({ ip: `${NET}.42`, bootfile: `${ADVERTISE}/boot/v1/bootscript?mac=${KNOWN_MAC}`, opt175: 'b00101' });
  });

  it('ISC dhclient (BIOS, option 93 = 0 via dhclient.conf) binds the inventory IP with undionly.kpxe, then releases it', async () => {
    const conf = path.join(tmp, 'dhclient.conf');
    fs.writeFileSync(conf, 'option pxe-arch code 93 = unsigned integer 16;\nsend pxe-arch 0;\nrequest subnet-mask, routers, domain-name-servers, host-name, domain-name, bootfile-name;\n');
    const files = ['-cf', conf, '-sf', HOOK, '-lf', path.join(tmp, 'dhclient.leases'), '-pf', path.join(tmp, 'dhclient.pid')];
    await setClientMac(KNOWN_MAC);
    fs.rmSync(EVENTS, { force: true });
    const r = await inNs(CLI, ['dhclient', '-1', '-v', ...files, CLI_IF], 30_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`DHCPACK of ${NET.replace(/\./g, '\\.')}\\.42 from ${SERVER.replace(/\./g, '\\.')}`));
    expect(readEvents().find((e) => e.event === 'BOUND')).toMatchObject({
      ip: `${NET}.42`,
      mask: '255.255.255.0',
      router: SERVER,
      dns: SERVER,
      hostname: 'nid0042.test.invalid',
      domain: 'test.invalid',
      filename: 'undionly.kpxe',
      bootfile: 'undionly.kpxe',
      serverid: SERVER,
      next_server: SERVER,
    });
    const before = (await counters()).release;
    const rel = await inNs(CLI, ['dhclient', '-r', '-v', ...files, CLI_IF], 30_000); // DHCPRELEASE, stops the daemonized dhclient
    expect(rel.stderr).toMatch(/DHCPRELEASE/);
    for (let i = 0; i < 20 && (await counters()).release === before; i++) await new Promise((res) => setTimeout(res, 100));
    expect((await counters()).release).toBe(before + 1);
  });

  it('udhcpc -a declines an address that someone else answers ARP for (DHCPDECLINE)', async () => {
    await setClientMac(KNOWN_MAC);
    await must('ip', ['-n', SRV, 'addr', 'add', `${NET}.42/32`, 'dev', SRV_IF]); // a squatter on nid0042's address
    try {
      const before = (await counters()).decline;
      // It declines, waits -A 1 s, is offered the same address, declines again…: stopped after 4 s.
      const r = await udhcpc(['-a200', '-A', '1'], 4_000);
      expect(r.stderr).toMatch(/in use/);
      expect(bound(r.events)).toBeUndefined();
      expect((await counters()).decline).toBeGreaterThan(before);
    } finally {
      await sh('ip', ['-n', SRV, 'addr', 'del', `${NET}.42/32`, 'dev', SRV_IF]);
    }
  });

  it('nmap dhcp-discover (DHCPINFORM from a configured client) gets configuration, unicast', async () => {
    await setClientMac(KNOWN_MAC);
    await must('ip', ['-n', CLI, 'addr', 'add', `${NET}.42/24`, 'dev', CLI_IF]);
    const r = await inNs(CLI, ['nmap', '-n', '-e', CLI_IF, '-sU', '-p67', '--script', 'dhcp-discover', SERVER], 60_000);
    expect(r.stdout).toMatch(/DHCP Message Type: DHCPACK/);
    expect(r.stdout).toContain(`Server Identifier: ${SERVER}`);
    expect(r.stdout).toContain('Subnet Mask: 255.255.255.0');
    expect(r.stdout).toContain(`Router: ${SERVER}`);
    expect(r.stdout).toContain('Hostname: nid0042.test.invalid');
    expect(r.stdout).not.toMatch(/IP Address Lease Time/); // RFC 2131 §4.3.5: no lease for INFORM
    expect((await counters()).inform).toBeGreaterThan(0);
  });

  it('perfdhcp as a relay agent (giaddr set, sent from port 67) gets OFFER and ACK unicast to the relay', async () => {
    await setClientMac('02:00:00:00:00:02');
    await must('ip', ['-n', CLI, 'addr', 'add', `${NET}.2/24`, 'dev', CLI_IF]);
    const macs = path.join(tmp, 'macs.txt');
    fs.writeFileSync(macs, `${KNOWN_MAC}\n`);
    const r = await inNs(CLI, ['perfdhcp', '-4', '-r', '2', '-p', '2', '-R', '1', '-W', '1000000', '-M', macs, '-l', `${NET}.2`, SERVER], 30_000);
    // perfdhcp listens on the relay's own address, port 67: it only counts what was unicast there.
    const stat = (section: string, key: string) => Number(new RegExp(`${section}\\*\\*\\*[\\s\\S]*?${key}: (\\d+)`).exec(r.stdout)?.[1]);
    expect(stat('DISCOVER-OFFER', 'sent packets')).toBeGreaterThan(0);
    expect(stat('DISCOVER-OFFER', 'received packets')).toBe(stat('DISCOVER-OFFER', 'sent packets'));
    expect(stat('REQUEST-ACK', 'received packets')).toBe(stat('REQUEST-ACK', 'sent packets'));
    expect(stat('REQUEST-ACK', 'received packets')).toBeGreaterThan(0);
    expect(daemon!.stdout).toContain(`"to":"${NET}.2:67"`);
  });

  it('unknown MAC (policy pool): a 5-minute pool lease, the same address again, and once the inventory knows it a renew is NAKed', async () => {
    await setClientMac(NEW_MAC);
    const first = await udhcpc(['-x', '0x5d:0000']);
    expect(bound(first.events)).toMatchObject({ ip: `${NET}.200`, lease: '300', bootfile: 'undionly.kpxe', hostname: '' });
    const again = await udhcpc(['-x', '0x4d:69505845']);
    // Never two pool addresses for one MAC; as iPXE it gets the discovery script (the bootscript URL).
    expect(bound(again.events)).toMatchObject({ ip: `${NET}.200`, bootfile: `${ADVERTISE}/boot/v1/bootscript?mac=${NEW_MAC}` });
    const db = new Database(DB_FILE, { readonly: true });
    try {
      expect(db.prepare('SELECT ip, mac, state FROM dhcp_leases').all()).toEqual([{ ip: `${NET}.200`, mac: NEW_MAC, state: 'bound' }]);
    } finally {
      db.close();
    }

    // A long-running client holding the pool address...
    fs.rmSync(EVENTS, { force: true });
    const client = Daemon.start('ip', ['netns', 'exec', CLI, 'busybox', 'udhcpc', '-i', CLI_IF, '-f', '-t', '4', '-T', '1', '-s', HOOK], {});
    try {
      for (let i = 0; i < 50 && !bound(readEvents()); i++) await new Promise((res) => setTimeout(res, 100));
      expect(bound(readEvents())).toMatchObject({ ip: `${NET}.200` });
      // ...the inventory learns the MAC (the snapshot follows the change event)...
      await api('POST', '/inventory/v1/load', { nodes: [{ xname: 'x1000c1s7b2n0', nid: 43, interfaces: [{ mac: NEW_MAC, ips: [{ ip: `${NET}.43` }] }] }] });
      // ...and its renew (SIGUSR1: unicast REQUEST with ciaddr) is NAKed; it restarts and gets its own address.
      client.child.kill('SIGUSR1');
      for (let i = 0; i < 100 && !readEvents().some((e) => e.event === 'bound' && e.ip === `${NET}.43`); i++) await new Promise((res) => setTimeout(res, 100));
      const events = readEvents();
      expect(events.find((e) => e.event === 'nak')).toMatchObject({ serverid: SERVER, message: `${NET}.200 is not assigned to ${NEW_MAC}` });
      expect(events.filter((e) => e.event === 'bound').map((e) => e.ip)).toEqual([`${NET}.200`, `${NET}.43`]);
      expect(events.at(-1)).toMatchObject({ event: 'bound', ip: `${NET}.43`, hostname: 'nid0043.test.invalid' });
    } finally {
      await client.stop();
    }
    const db2 = new Database(DB_FILE, { readonly: true });
    try {
      expect(db2.prepare('SELECT count(*) AS n FROM dhcp_leases').get()).toEqual({ n: 0 }); // the pool lease was freed
    } finally {
      db2.close();
    }
  });

  it('malformed datagrams are counted and dropped; the server keeps answering', async () => {
    await setClientMac(KNOWN_MAC);
    await must('ip', ['-n', CLI, 'addr', 'add', `${NET}.9/24`, 'dev', CLI_IF]);
    const before = await counters();
    // Truncated, no cookie (BOOTP), an option running past the end, random bytes.
    const sender = `
      const s = require('node:dgram').createSocket('udp4');
      const hdr = Buffer.alloc(240); hdr[0] = 1; hdr[1] = 1; hdr[2] = 6; hdr.writeUInt32BE(0x63825363, 236);
      const bad = [Buffer.alloc(50), Buffer.alloc(300, 0), Buffer.concat([hdr, Buffer.from([53, 1, 1, 12, 200, 65])]), require('node:crypto').randomBytes(400)];
      let n = 0; for (const b of bad) s.send(b, 67, '${SERVER}', () => { if (++n === bad.length) s.close(); });`;
    expect((await inNs(CLI, [process.execPath, '-e', sender])).code).toBe(0);
    await new Promise((res) => setTimeout(res, 300));
    const after = await counters();
    expect(after.malformed + after.unsupported - before.malformed - before.unsupported).toBe(4);
    expect(bound((await udhcpc()).events)).toMatchObject({ ip: `${NET}.42` });
  });

  it('policy ignore: an unknown MAC gets no answer at all, a known one still does', async () => {
    await daemon!.stop();
    await startDaemon({ HWCTL_DHCP_UNKNOWN_POLICY: 'ignore' });
    await setClientMac(STRANGER);
    const r = await udhcpc(['-t', '2']);
    expect(r.code).not.toBe(0);
    expect(bound(r.events)).toBeUndefined();
    expect(r.events.some((e) => e.event === 'leasefail')).toBe(true);
    const c = await counters();
    expect(c.discover).toBeGreaterThanOrEqual(2);
    expect(c.offer).toBe(0);
    await setClientMac(KNOWN_MAC);
    expect(bound((await udhcpc()).events)).toMatchObject({ ip: `${NET}.42`, hostname: 'nid0042.test.invalid' });
  });
});
