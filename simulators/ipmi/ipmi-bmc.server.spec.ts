/**
 * Our client engine against our simulator, over real UDP on loopback (127.0.2.x, port 16240): handshake with
 * suites 3 and 17, typed commands, coded errors, fault knobs, SOL, and many sessions over one socket.
 * (Interop with independent implementations is in test/interop/ipmi-*.test.ts.)
 */
import * as dgram from 'node:dgram';
import {
  ConfidentialityAlg,
  chassisControl,
  decodeRakp2,
  encodeOpenSessionRequest,
  encodeRakp1,
  encodeRakp3,
  encodeRmcpPlus,
  decodeOpenSessionResponse,
  decodeRmcpPlusEnvelope,
  getBootDevice,
  getDeviceId,
  getLanIp,
  getLanMac,
  getPowerState,
  IntegrityAlg,
  IpmiClient,
  IpmiError,
  IpmiSession,
  IpmiTransport,
  PayloadType,
  sessionCredentials,
  setBootDevice,
  SolConsole,
  AuthAlg,
} from '../../src/protocols/ipmi';
import { FleetMember } from '../fleet/fleet';
import { candidatePorts, IpmiBmcServer, startIpmiFleet } from './ipmi-bmc.server';

jest.setTimeout(20_000);

let PORT = 16240;
const creds = { username: 'admin', password: 'Password123!' };
const fast = { retransmitMs: 60, maxRetransmitMs: 120, retries: 4 };

/** A seeded PRNG so fault-knob tests drop the same packets every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('IPMI simulator ↔ IPMI client engine', () => {
  let server: IpmiBmcServer;
  let fleet: FleetMember[];
  let client: IpmiClient;
  const target = (i: number, extra: object = {}) => ({ host: fleet[i - 1].address, port: PORT, ...creds, ...fast, ...extra });

  beforeAll(async () => {
    ({ server, fleet } = await startIpmiFleet({ count: 60, port: candidatePorts(PORT), subnet: '127.0.2.0/24', seed: 'spec', bootLineIntervalMs: 0, random: seeded(42) }));
    PORT = server.port;
    // Per-BMC fault knobs on the last few BMCs.
    server.endpoint(fleet[54].address)!.cfg.faults.dropRate = 0.3;
    server.endpoint(fleet[55].address)!.cfg.faults.latencyMs = 150;
    server.endpoint(fleet[56].address)!.cfg.faults.maxSessions = 1;
    Object.assign(server.endpoint(fleet[57].address)!.cfg.faults, { lockoutAfter: 2, lockoutMs: 60_000 });
    server.endpoint(fleet[58].address)!.cfg.faults.sessionTimeoutMs = 50;
    client = await IpmiClient.create();
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    fleet?.forEach((m) => m.machine.dispose());
  });

  it.each([3, 17])('opens a cipher suite %i session and runs the typed commands', async (suite) => {
    const n = suite === 3 ? 1 : 2;
    const m = fleet[n - 1].machine;
    await client.withSession(target(n, { cipherSuite: suite }), async (s) => {
      expect(s.privilege).toBe(4);
      expect(await getPowerState(s)).toBe('off');
      await chassisControl(s, 'on');
      expect(m.power).toBe('on');
      expect(await getPowerState(s)).toBe('on');
      expect((await getDeviceId(s)).manufacturerId).toBe(7154);
      expect(await getLanMac(s)).toBe(m.identity.mac);
      expect(await getLanIp(s)).toBe(fleet[n - 1].address);
      await setBootDevice(s, 'pxe');
      expect(m.bootOverride).toEqual({ device: 'pxe', persistent: false, efi: false });
      expect(await getBootDevice(s)).toEqual({ device: 'pxe', persistent: false, efi: false });
    });
    // Close Session released the BMC's slot.
    expect(server.endpoint(fleet[n - 1].address)!.sessions.size).toBe(0);
  });

  it.each([
    ['a wrong password', { password: 'wrong' }, 'BMC_AUTH_FAILED', /password invalid/],
    ['an unknown user', { username: 'nobody' }, 'BMC_AUTH_FAILED', /unauthorized name/],
    ['a role above the user’s limit', { username: 'user', password: 'User123!', privilege: 4 }, 'BMC_AUTH_FAILED', /unauthorized role/],
    ['an unsupported cipher suite', { cipherSuite: 2 }, 'IPMI_SESSION_REFUSED', /invalid confidentiality algorithm|no cipher suite/],
    ['a 17-byte username', { username: 'u'.repeat(17) }, 'IPMI_INVALID_ARGUMENT', /at most 16/],
    ['a 21-byte password', { password: 'p'.repeat(21) }, 'IPMI_INVALID_ARGUMENT', /at most 20/],
  ])('refuses %s with a coded error', async (_name, extra, code, message) => {
    const err = await client.openSession(target(3, extra)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpmiError);
    expect(err).toMatchObject({ code });
    expect((err as Error).message).toMatch(message);
  });

  it('reports BMC_UNREACHABLE when nothing answers, within the bounded retries', async () => {
    const started = Date.now();
    const err = await client.openSession({ host: '127.0.2.250', port: PORT, ...creds, ...fast }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BMC_UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up at the session timeout even when retries remain', async () => {
    const started = Date.now();
    const err = await client.openSession({ host: '127.0.2.251', port: PORT, ...creds, retransmitMs: 100, maxRetransmitMs: 100, retries: 50, timeoutMs: 350 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BMC_UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('turns a non-zero completion code into IPMI_COMPLETION_CODE with its meaning', async () => {
    const err = await client.withSession(target(4), (s) => chassisControl(s, 'cycle')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IPMI_COMPLETION_CODE', completionCode: 0xd5, meaning: 'command not supported in present state' });
  });

  it('runs 50 sessions at once over one socket', async () => {
    fleet.slice(0, 50).forEach((m, i) => m.machine.request(i % 3 === 0 ? 'on' : 'off'));
    const states = await Promise.all(fleet.slice(0, 50).map((_m, i) => client.powerStatus(target(i + 1))));
    expect(states).toEqual(fleet.slice(0, 50).map((m) => m.machine.power));
    expect(client.stats.openSessions).toBe(0);
  });

  it('retransmits through a 30 % drop rate', async () => {
    server.endpoint(fleet[54].address)!.cfg.faults.dropRate = 0.3;
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await client.powerStatus(target(55, { retries: 8 })));
    expect(results).toEqual(Array(5).fill('off'));
    expect(server.stats().droppedByFault).toBeGreaterThan(0);
  });

  it('copes with answers slower than the retransmit timer (late duplicates are ignored)', async () => {
    expect(await client.powerStatus(target(56, { retransmitMs: 100, maxRetransmitMs: 400, retries: 5 }))).toBe('off');
  });

  it('answers "insufficient resources" when the session slots are full', async () => {
    const first = await client.openSession(target(57));
    const err = await client.openSession(target(57)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IPMI_SESSION_REFUSED', rakpStatus: 0x01 });
    await client.closeSession(first);
    await client.closeSession(await client.openSession(target(57)));
  });

  it('locks a user out after repeated bad RAKP 3 proofs', async () => {
    const address = fleet[57].address;
    for (let i = 0; i < 2; i++) expect(await badRakp3(address)).toBe(0x0f); // invalid integrity check value
    const err = await client.openSession(target(58)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BMC_AUTH_FAILED', rakpStatus: 0x0d });
  });

  it('expires idle sessions; a request on an expired session times out', async () => {
    const s = await client.openSession(target(59, { retries: 1 }));
    await new Promise((r) => setTimeout(r, 120));
    server.endpoint(fleet[58].address)!.sweep();
    expect(server.endpoint(fleet[58].address)!.sessions.size).toBe(0);
    await expect(getPowerState(s)).rejects.toMatchObject({ code: 'BMC_TIMEOUT' });
    await client.closeSession(s);
  });

  it('keeps a quiet session alive with keepAliveMs', async () => {
    const endpoint = server.endpoint(fleet[58].address)!;
    const s = await client.openSession(target(59, { keepAliveMs: 20 }));
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 40));
      endpoint.sweep();
    }
    expect(endpoint.sessions.has(s.bmcSessionId)).toBe(true);
    expect(await getPowerState(s)).toBe('off');
    await client.closeSession(s);
  });

  it('never executes a replayed in-session datagram twice (§6.12.13)', async () => {
    const transport = await IpmiTransport.open();
    const sent: Buffer[] = [];
    const send = transport.send.bind(transport);
    transport.send = (d, a, p) => (sent.push(d), send(d, a, p));
    const m = fleet[5].machine;
    const s = await new IpmiSession(transport, fleet[5].address, PORT, sessionCredentials('admin', 'Password123!'), { ...fast, cipherSuite: 17 }).open();
    await chassisControl(s, 'on');
    const powerOn = sent[sent.length - 1];
    m.request('off');
    const endpoint = server.endpoint(fleet[5].address)!;
    const before = endpoint.stats.rejected;
    await send(powerOn, fleet[5].address, PORT);
    await new Promise((r) => setTimeout(r, 50));
    expect(endpoint.stats.rejected).toBe(before + 1);
    expect(m.power).toBe('off');
    await s.close();
    await transport.close();
  });

  it('SOL: streams the boot log, echoes input, and refuses a second activation with 80h', async () => {
    const n = 10;
    const m = fleet[n - 1].machine;
    m.request('off');
    const s1 = await client.openSession(target(n, { cipherSuite: 17 }));
    const sol = await SolConsole.activate(s1);
    let out = '';
    sol.on('data', (d: Buffer) => (out += d.toString('latin1')));
    m.request('on');
    await waitFor(() => out.includes('login: '));
    sol.write('root\r');
    await waitFor(() => out.includes('login: root\r\n'));
    expect(out).toContain('Linux version');

    const s2 = await client.openSession(target(n));
    await expect(SolConsole.activate(s2)).rejects.toMatchObject({ code: 'IPMI_COMPLETION_CODE', completionCode: 0x80, meaning: 'payload already active on another session' });
    await sol.close();
    const again = await SolConsole.activate(s2);
    await again.close();
    await client.closeSession(s1);
    await client.closeSession(s2);
  });

  it('counts and drops malformed datagrams without answering', async () => {
    const before = server.stats().malformed;
    const sock = dgram.createSocket('udp4');
    for (const junk of ['', '06', '0600ff07ff', '0600ff0706c0', '0600ff06000011be80']) {
      await new Promise<void>((r) => sock.send(Buffer.from(junk, 'hex'), PORT, fleet[0].address, () => r()));
    }
    await new Promise((r) => setTimeout(r, 50));
    sock.close();
    expect(server.stats().malformed - before).toBeGreaterThanOrEqual(4);
  });
});

async function waitFor(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Open Session + RAKP 1 by hand, then a RAKP 3 with a wrong proof; resolves with the RAKP 4 status. */
async function badRakp3(address: string): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const ask = (payloadType: number, payload: Buffer) =>
    new Promise<Buffer>((resolve) => {
      sock.once('message', (msg) => resolve(decodeRmcpPlusEnvelope(msg).payload));
      sock.send(encodeRmcpPlus({ payloadType, sessionId: 0, sequence: 0, payload }), PORT, address);
    });
  try {
    const open = decodeOpenSessionResponse(
      await ask(PayloadType.OpenSessionRequest, encodeOpenSessionRequest({ tag: 1, maxPrivilege: 4, consoleSessionId: 0x1234, auth: AuthAlg.HmacSha1, integrity: IntegrityAlg.HmacSha1_96, confidentiality: ConfidentialityAlg.AesCbc128 })),
    );
    const r2 = decodeRakp2(await ask(PayloadType.Rakp1, encodeRakp1({ tag: 2, bmcSessionId: open.bmcSessionId, consoleRandom: Buffer.alloc(16, 7), role: 0x14, username: Buffer.from('admin') })), AuthAlg.HmacSha1);
    expect(r2.status).toBe(0);
    const r4 = await ask(PayloadType.Rakp3, encodeRakp3({ tag: 3, status: 0, bmcSessionId: open.bmcSessionId, authCode: Buffer.alloc(20, 0xee) }));
    return r4[1];
  } finally {
    sock.close();
  }
}
