import * as crypto from 'node:crypto';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TftpService } from '../../src/boot/tftp.service';
import { freePort, run } from '../helpers/processes';
import { startTestApp, TestApp } from '../helpers/test-app';

// hwctld's TFTP server (HWCTL_TFTP_ENABLED) against real clients: tftp-hpa, curl, busybox tftp and
// atftp (the one with RFC 7440 windowsize), comparing sha256 of what they download with the source —
// including Debian's own iPXE binaries (ipxe package, /usr/lib/ipxe, ipxe.efi a symlink into /boot) and a
// file of more than 65535 blocks at blksize 512, so the block number rolls over.
// A missing client fails the suite (scripts/check-interop-prereqs.js lists them; install-peers.sh installs them).

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const BIG = 65536 * 512 + 1000; // 65538 blocks at 512

describe('TFTP server against tftp-hpa, curl, busybox and atftp', () => {
  let t: TestApp;
  let root: string;
  let out: string;
  let port: string;

  beforeAll(async () => {
    for (const cmd of ['tftp', 'curl', 'busybox', 'atftp']) {
      const r = await run('sh', ['-c', `command -v ${cmd}`]);
      if (r.code !== 0) throw new Error(`${cmd} is not installed: run scripts/install-peers.sh`);
    }
    if (!fs.existsSync('/usr/lib/ipxe/undionly.kpxe')) throw new Error('/usr/lib/ipxe/undionly.kpxe missing: apt-get install ipxe (scripts/install-peers.sh)');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-tftp-root-'));
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-tftp-out-'));
    fs.writeFileSync(path.join(root, 'rand1m.bin'), crypto.randomBytes(1_000_000));
    fs.writeFileSync(path.join(root, 'big.bin'), crypto.randomBytes(BIG));
    fs.writeFileSync(path.join(root, 'exact.bin'), crypto.randomBytes(512 * 8)); // ends with an empty block
    fs.writeFileSync(path.join(root, 'notes.txt'), 'line one\nline two\r\nbare cr\rend\n');
    fs.mkdirSync(path.join(root, 'efi'));
    fs.symlinkSync('/usr/lib/ipxe/ipxe.efi', path.join(root, 'efi', 'ipxe.efi'));
    fs.symlinkSync('/usr/lib/ipxe/undionly.kpxe', path.join(root, 'undionly.kpxe'));
    port = String(await freePort());
    t = await startTestApp('sqlite', { HWCTL_TFTP_ENABLED: 'true', HWCTL_TFTP_HOST: '127.0.0.1', HWCTL_TFTP_PORT: port, HWCTL_TFTP_ROOT: root });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  const same = (name: string, local: string) => expect({ name, sha256: sha256(local) }).toEqual({ name, sha256: sha256(path.join(root, name)) });

  it('tftp-hpa (RFC 1350, no options) gets the iPXE binary, random data and an exact multiple of 512, in binary mode', async () => {
    for (const name of ['undionly.kpxe', 'rand1m.bin', 'exact.bin']) {
      const local = path.join(out, `hpa-${name}`);
      const r = await run('tftp', ['127.0.0.1', port, '-m', 'binary', '-c', 'get', name, local]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      same(name, local);
    }
  });

  it('tftp-hpa in its default ascii mode gets a text file back byte for byte (netascii CR LF / CR NUL)', async () => {
    const local = path.join(out, 'hpa-notes.txt');
    expect(await run('tftp', ['127.0.0.1', port, '-c', 'get', 'notes.txt', local])).toMatchObject({ code: 0 });
    same('notes.txt', local);
  });

  it('curl (blksize + tsize options) gets ipxe.efi through a symlink at blksize 1432, as iPXE asks', async () => {
    const local = path.join(out, 'curl-ipxe.efi');
    expect(await run('curl', ['-sS', '--tftp-blksize', '1432', '-o', local, `tftp://127.0.0.1:${port}/efi/ipxe.efi`])).toMatchObject({ code: 0, stderr: '' });
    expect(sha256(local)).toBe(sha256('/usr/lib/ipxe/ipxe.efi'));
  });

  it('busybox tftp gets a file at blksize 1468', async () => {
    const local = path.join(out, 'bb-rand1m.bin');
    expect(await run('busybox', ['tftp', '-g', '-b', '1468', '-r', 'rand1m.bin', '-l', local, '127.0.0.1', port])).toMatchObject({ code: 0 });
    same('rand1m.bin', local);
  });

  it('rolls the block number over past 65535 blocks at blksize 512 (curl, tftp-hpa) and with windowsize 16 (atftp)', async () => {
    const viaCurl = path.join(out, 'curl-big.bin');
    expect(await run('curl', ['-sS', '-o', viaCurl, `tftp://127.0.0.1:${port}/big.bin`], {}, undefined, 120_000)).toMatchObject({ code: 0, stderr: '' });
    same('big.bin', viaCurl);
    const viaHpa = path.join(out, 'hpa-big.bin');
    expect(await run('tftp', ['127.0.0.1', port, '-m', 'binary', '-c', 'get', 'big.bin', viaHpa], {}, undefined, 120_000)).toMatchObject({ code: 0 });
    same('big.bin', viaHpa);
    const viaAtftp = path.join(out, 'atftp-big.bin');
    const r = await run('atftp', ['--option', 'windowsize 16', '--option', 'blksize 512', '--verbose', '-g', '-r', 'big.bin', '-l', viaAtftp, '127.0.0.1', port], {}, undefined, 120_000);
    expect(r.code).toBe(0);
    // atftp prints the options the server accepted: windowsize really was negotiated.
    expect(r.stdout + r.stderr).toMatch(/windowsize\s*=\s*16/);
    same('big.bin', viaAtftp);
  });

  it('refuses traversal, writes and missing files with TFTP error packets', async () => {
    const hpa = (args: string[]) => run('tftp', ['127.0.0.1', port, '-m', 'binary', '-c', ...args]);
    expect((await hpa(['get', '../../../etc/passwd', path.join(out, 'x')])).stdout).toMatch(/Error code 2: access violation/);
    expect((await hpa(['get', 'efi/../../etc/passwd', path.join(out, 'x')])).stdout).toMatch(/Error code 2/);
    expect((await hpa(['put', path.join(root, 'notes.txt'), 'new.txt'])).stdout).toMatch(/Error code 2: access violation: this server is read-only/);
    expect(fs.existsSync(path.join(root, 'new.txt'))).toBe(false);
    expect((await hpa(['get', 'nope.bin', path.join(out, 'x')])).stdout).toMatch(/Error code 1: file not found/);
    const viaBusybox = await run('busybox', ['tftp', '-g', '-r', '../../../etc/passwd', '-l', path.join(out, 'y'), '127.0.0.1', port]);
    expect(viaBusybox.code).not.toBe(0);
    expect(viaBusybox.stderr).toMatch(/access violation/);
    // curl: exit 68 = "TFTP: File not found", 69 = "TFTP: Access violation"
    expect((await run('curl', ['-sS', '-o', path.join(out, 'z'), `tftp://127.0.0.1:${port}/nope.bin`])).code).toBe(68);
  });

  it('counts and drops malformed datagrams and keeps serving', async () => {
    const before = t.app.get(TftpService).stats()!.malformed;
    const s = dgram.createSocket('udp4');
    const garbage = [Buffer.from([0]), Buffer.from([0, 9, 1, 2]), Buffer.from('\x00\x01no-nul-terminator', 'latin1'), Buffer.alloc(600, 0xff)];
    for (const g of garbage) await new Promise<void>((r) => s.send(g, Number(port), '127.0.0.1', () => r()));
    s.close();
    const local = path.join(out, 'after-garbage.kpxe');
    expect(await run('curl', ['-sS', '-o', local, `tftp://127.0.0.1:${port}/undionly.kpxe`])).toMatchObject({ code: 0 });
    same('undionly.kpxe', local);
    expect(t.app.get(TftpService).stats()!.malformed - before).toBe(garbage.length);
  });
});
