import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveUnderRoot, TftpFileError, toNetascii } from './file-source';
import { decodePacket, encodeAck, encodeError, encodeRequest, TftpPacket } from './tftp.codec';
import { TftpServer } from './tftp-server';

// The server against a scripted client on loopback: the behaviour real clients rarely provoke (loss,
// silence, strangers, partial window ACKs). Interop with real clients is in test/interop/tftp.test.ts.

class ScriptedClient {
  readonly inbox: { packet: TftpPacket; port: number }[] = [];
  private waiters: (() => void)[] = [];
  private constructor(readonly socket: dgram.Socket) {
    socket.on('message', (msg, rinfo) => {
      this.inbox.push({ packet: decodePacket(msg), port: rinfo.port });
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  static async open(): Promise<ScriptedClient> {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return new ScriptedClient(s);
  }
  send(buf: Buffer, port: number): void {
    this.socket.send(buf, port, '127.0.0.1');
  }
  /** The next packet (waits up to `ms`). */
  async next(ms = 2000): Promise<{ packet: TftpPacket; port: number }> {
    const deadline = Date.now() + ms;
    while (this.inbox.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no packet');
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
    return this.inbox.shift()!;
  }
  close(): void {
    this.socket.close();
  }
}

describe('TftpServer', () => {
  let root: string;
  let server: TftpServer;
  let port: number;
  const file = Buffer.alloc(1300, 7); // 512 + 512 + 276 → 3 blocks at the default blksize

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tftp-spec-'));
    fs.writeFileSync(path.join(root, 'f.bin'), file);
    fs.writeFileSync(path.join(root, 'exact.bin'), Buffer.alloc(1024, 1));
    server = new TftpServer({ host: '127.0.0.1', port: 0, root, timeoutMs: 150, retries: 2, maxBlksize: 1468, maxWindowsize: 8, maxSessions: 4 });
    port = (await server.listen()).port;
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('retransmits only on timeout, not on a duplicate ACK, and gives up after `retries`', async () => {
    const c = await ScriptedClient.open();
    c.send(encodeRequest('RRQ', 'f.bin', 'octet'), port);
    const first = await c.next();
    expect(first.packet).toMatchObject({ op: 'DATA', block: 1 });
    c.send(encodeAck(1), first.port);
    expect((await c.next()).packet).toMatchObject({ op: 'DATA', block: 2 });
    c.send(encodeAck(1), first.port); // duplicate: must not trigger DATA 2 again at once
    const started = Date.now();
    const resent = await c.next();
    expect(resent.packet).toMatchObject({ op: 'DATA', block: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100); // it came from the timer
    expect((await c.next()).packet).toMatchObject({ op: 'DATA', block: 2 }); // retry 2
    await expect(c.next(500)).rejects.toThrow('no packet'); // retries exhausted: silence
    c.close();
  });

  it('answers a stranger on the transfer port with error 5 and carries on', async () => {
    const c = await ScriptedClient.open();
    const stranger = await ScriptedClient.open();
    c.send(encodeRequest('RRQ', 'exact.bin', 'octet'), port);
    const d1 = await c.next();
    stranger.send(encodeAck(1), d1.port);
    expect((await stranger.next()).packet).toEqual({ op: 'ERROR', code: 5, message: 'unknown transfer ID' });
    c.send(encodeAck(1), d1.port);
    expect((await c.next()).packet).toMatchObject({ op: 'DATA', block: 2 });
    c.send(encodeAck(2), d1.port);
    // 1024 = 2 × 512: the transfer ends with an empty block (RFC 1350 §6)
    expect((await c.next()).packet).toEqual({ op: 'DATA', block: 3, data: Buffer.alloc(0) });
    c.send(encodeAck(3), d1.port);
    c.close();
    stranger.close();
  });

  it('negotiates, waits for ACK 0, and restarts a window after a partial ACK (RFC 7440 §4)', async () => {
    const c = await ScriptedClient.open();
    c.send(encodeRequest('RRQ', 'f.bin', 'octet', new Map([['blksize', '256'], ['windowsize', '4'], ['tsize', '0']])), port);
    const oack = await c.next();
    expect(oack.packet).toEqual({ op: 'OACK', options: new Map([['blksize', '256'], ['tsize', '1300'], ['windowsize', '4']]) });
    c.send(encodeAck(0), oack.port);
    const window1 = [await c.next(), await c.next(), await c.next(), await c.next()].map((p) => p.packet);
    expect(window1.map((p) => (p as { block: number }).block)).toEqual([1, 2, 3, 4]);
    c.send(encodeAck(2), oack.port); // blocks 3-4 "lost": the next window starts at 3
    const window2 = [await c.next(), await c.next(), await c.next(), await c.next()].map((p) => p.packet as { block: number; data: Buffer });
    expect(window2.map((p) => p.block)).toEqual([3, 4, 5, 6]);
    expect(window2[3].data.length).toBe(1300 - 5 * 256);
    c.send(encodeAck(6), oack.port);
    await expect(c.next(400)).rejects.toThrow('no packet'); // complete: nothing more
    c.close();
  });

  it('refuses writes, unknown modes and missing files, and drops garbage', async () => {
    const c = await ScriptedClient.open();
    const before = server.stats();
    c.send(encodeRequest('WRQ', 'f.bin', 'octet'), port);
    expect((await c.next()).packet).toMatchObject({ op: 'ERROR', code: 2 });
    c.send(encodeRequest('RRQ', 'f.bin', 'mail'), port);
    expect((await c.next()).packet).toMatchObject({ op: 'ERROR', code: 4 });
    c.send(encodeRequest('RRQ', 'nope.bin', 'octet'), port);
    expect((await c.next()).packet).toEqual({ op: 'ERROR', code: 1, message: 'file not found' });
    c.send(encodeRequest('RRQ', '/sub/../../f.bin', 'octet'), port);
    expect((await c.next()).packet).toMatchObject({ op: 'ERROR', code: 2 });
    c.send(Buffer.from([0, 1, 0x41]), port);
    c.send(encodeError(0, 'stray'), port);
    await expect(c.next(300)).rejects.toThrow('no packet');
    expect(server.stats().malformed - before.malformed).toBe(2);
    expect(server.stats().refused - before.refused).toBe(4);
    c.close();
  });
});

describe('file-source', () => {
  it.each([['../etc/passwd'], ['a/../../b'], ['/..'], ['']])('refuses %j', (name) => {
    expect(() => resolveUnderRoot('/srv/tftp', name)).toThrow(TftpFileError);
  });

  it('maps leading slashes to the root and keeps everything else under it', () => {
    expect(resolveUnderRoot('/srv/tftp', '/undionly.kpxe')).toBe('/srv/tftp/undionly.kpxe');
    expect(resolveUnderRoot('/srv/tftp/', 'efi/ipxe.efi')).toBe('/srv/tftp/efi/ipxe.efi');
    expect(resolveUnderRoot('/srv/tftp', '..\\x')).toBe('/srv/tftp/..\\x'); // a backslash is just a character here
  });

  it('converts to netascii: LF → CR LF, bare CR → CR NUL (RFC 764)', () => {
    expect(toNetascii(Buffer.from('a\nb\r\nc\r'))).toEqual(Buffer.from('a\r\nb\r\0\r\nc\r\0', 'latin1'));
    const plain = Buffer.from('no line ends');
    expect(toNetascii(plain)).toBe(plain);
  });
});
