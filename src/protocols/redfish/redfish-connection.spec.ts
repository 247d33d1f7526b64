import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { RedfishError } from './redfish-error';
import { RedfishTransport } from './redfish-transport';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A plain-HTTP stand-in for a BMC whose behaviour each test scripts. */
async function server(handler: Handler): Promise<{ port: number; close(): Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    port: (s.address() as AddressInfo).port,
    close: () => new Promise((r) => {
      s.closeAllConnections();
      s.close(() => r());
    }),
  };
}

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('RedfishConnection', () => {
  const transport = new RedfishTransport({ retries: 2, retryBaseMs: 10, retryMaxMs: 50, requestTimeoutMs: 2000 });
  afterAll(() => transport.close());

  it('retries 5xx with backoff and returns the first good answer', async () => {
    let n = 0;
    const s = await server((_req, res) => (++n < 3 ? send(res, 503, {}, { 'retry-after': '0' }) : send(res, 200, { Id: 'ok' })));
    try {
      const a = await transport.with({ host: '127.0.0.1', port: s.port, scheme: 'http' }, async (c) => {
        const r = await c.get('/redfish/v1/Systems');
        expect(c.stats).toMatchObject({ requests: 3, retries: 2 });
        return r;
      });
      expect(a.status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('gives up with BMC_BUSY after the last retry', async () => {
    const s = await server((_req, res) => send(res, 500, { error: { code: 'x' } }));
    try {
      await expect(transport.with({ host: '127.0.0.1', port: s.port, scheme: 'http' }, (c) => c.get('/x'))).rejects.toMatchObject({ code: 'BMC_BUSY', status: 500 });
    } finally {
      await s.close();
    }
  });

  it('never has more than perBmcInFlight requests at the BMC; a second connection only for a slow BMC', async () => {
    for (const [delay, wantPeak, wantSockets] of [
      [10, 1, 1], // fast: one keep-alive connection carries everything (one TLS handshake on a real BMC)
      [600, 2, 2], // slower than slowAfterMs: a second connection, never more than perBmcInFlight
    ] as const) {
      let inFlight = 0;
      let peak = 0;
      const sockets = new Set<unknown>();
      const s = await server((req, res) => {
        sockets.add(req.socket);
        peak = Math.max(peak, ++inFlight);
        setTimeout(() => {
          inFlight--;
          send(res, 200, {});
        }, delay);
      });
      const t = new RedfishTransport({ perBmcInFlight: 2, slowAfterMs: 400 });
      try {
        await t.with({ host: '127.0.0.1', port: s.port, scheme: 'http' }, (c) => Promise.all(Array.from({ length: 6 }, (_, i) => c.get(`/r/${i}`))));
        expect({ delay, peak, sockets: sockets.size }).toEqual({ delay, peak: wantPeak, sockets: wantSockets });
      } finally {
        await t.close();
        await s.close();
      }
    }
  }, 20_000);

  it('a request waiting for its BMC\'s only connection holds no global slot', async () => {
    // Two fast BMCs, two global slots. BMC A gets four requests at once over its single connection; if the
    // ones queued behind it held global slots, BMC B would wait for A's queue. B must be served at once.
    const order: string[] = [];
    const bmc = (name: string) =>
      server((req, res) => {
        order.push(`${name}${req.url}`);
        setTimeout(() => {
          order.push(`${name}${req.url} answered`);
          send(res, 200, {});
        }, 100);
      });
    const a = await bmc('A');
    const b = await bmc('B');
    const t = new RedfishTransport({ perBmcInFlight: 2, globalInFlight: 2, slowAfterMs: 5000 });
    try {
      const aDone = t.with({ host: '127.0.0.1', port: a.port, scheme: 'http' }, (c) => Promise.all([0, 1, 2, 3].map((i) => c.get(`/${i}`))));
      await new Promise((r) => setTimeout(r, 20)); // A's four are queued first
      await t.with({ host: '127.0.0.1', port: b.port, scheme: 'http' }, (c) => c.get('/0'));
      await aDone;
      // B reached its BMC while A's first request was still out, not once a global slot came free.
      expect(order.slice(0, 3)).toEqual(['A/0', 'B/0', 'A/0 answered']);
    } finally {
      await t.close();
      await a.close();
      await b.close();
    }
  });

  it('logs in once, re-logs in after a 401 and deletes the session on close', async () => {
    const log: string[] = [];
    let tokens = 0;
    let valid = '';
    let expireOnce = true;
    const s = await server((req, res) => {
      log.push(`${req.method} ${req.url}`);
      if (req.method === 'POST') {
        valid = `t${++tokens}`;
        return send(res, 201, { Id: String(tokens) }, { 'x-auth-token': valid, location: `/redfish/v1/SessionService/Sessions/${tokens}` });
      }
      if (req.method === 'DELETE') return send(res, 204, {});
      if (req.headers['x-auth-token'] !== valid) return send(res, 401, {});
      if (req.url === '/b' && expireOnce) {
        expireOnce = false;
        valid = 'expired';
        return send(res, 401, {});
      }
      return send(res, 200, {});
    });
    try {
      await transport.with({ host: '127.0.0.1', port: s.port, scheme: 'http', auth: 'session', credentials: { username: 'u', password: 'p' } }, async (c) => {
        expect((await c.get('/a')).status).toBe(200);
        expect((await c.get('/b')).status).toBe(200);
        expect(c.stats.relogins).toBe(1);
      });
      expect(log).toEqual([
        'POST /redfish/v1/SessionService/Sessions', 'GET /a', 'GET /b', 'POST /redfish/v1/SessionService/Sessions', 'GET /b', 'DELETE /redfish/v1/SessionService/Sessions/2',
      ]);
    } finally {
      await s.close();
    }
  });

  it('reports refused connections as BMC_UNREACHABLE and a silent BMC as BMC_TIMEOUT', async () => {
    const s = await server(() => undefined); // accepts, never answers
    const closed = await server(() => undefined);
    const port = closed.port;
    await closed.close();
    const t = new RedfishTransport({ retries: 0, requestTimeoutMs: 200 });
    try {
      await expect(t.with({ host: '127.0.0.1', port, scheme: 'http' }, (c) => c.get('/'))).rejects.toMatchObject({ code: 'BMC_UNREACHABLE' });
      const err = await t.with({ host: '127.0.0.1', port: s.port, scheme: 'http' }, (c) => c.get('/')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedfishError);
      expect((err as RedfishError).code).toBe('BMC_TIMEOUT');
    } finally {
      await t.close();
      await s.close();
    }
  });

  it('stops at the per-BMC deadline whatever the retries left', async () => {
    const s = await server((_req, res) => send(res, 503, {}, { 'retry-after': '5' }));
    const t = new RedfishTransport({ retries: 5, retryMaxMs: 5000 });
    const started = Date.now();
    try {
      await expect(t.with({ host: '127.0.0.1', port: s.port, scheme: 'http', deadlineMs: 300 }, (c) => c.get('/'))).rejects.toMatchObject({ code: 'BMC_BUSY' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await t.close();
      await s.close();
    }
  });
});

describe('RedfishConnection TLS', () => {
  // A self-signed BMC certificate naming 127.44.0.1 (what the simulator and most BMCs present).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { makeSelfSignedCert } = require('../../../simulators/redfish/tls-cert') as typeof import('../../../simulators/redfish/tls-cert');
  const cert = makeSelfSignedCert(['127.44.0.1']);
  let srv: import('node:https').Server;
  let port: number;

  beforeAll(async () => {
    const https = await import('node:https');
    srv = https.createServer(cert, (_req, res) => send(res, 200, { RedfishVersion: '1.15.0' }));
    await new Promise<void>((r) => srv.listen(0, '127.44.0.1', () => r()));
    port = (srv.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => srv.close(() => r())));

  it('does not verify by default (self-signed BMCs are the norm)', async () => {
    const t = new RedfishTransport();
    expect((await t.with({ host: '127.44.0.1', port }, (c) => c.get('/redfish/v1/', { auth: false }))).status).toBe(200);
    await t.close();
  });

  it('verifies against a pinned CA when asked, and refuses an unknown certificate with BMC_TLS_FAILED', async () => {
    const pinned = new RedfishTransport({ tls: { verify: true, ca: cert.cert } });
    expect((await pinned.with({ host: '127.44.0.1', port }, (c) => c.get('/redfish/v1/', { auth: false }))).status).toBe(200);
    await pinned.close();
    const strict = new RedfishTransport({ tls: { verify: true }, retries: 0 });
    await expect(strict.with({ host: '127.44.0.1', port }, (c) => c.get('/redfish/v1/', { auth: false }))).rejects.toMatchObject({ code: 'BMC_TLS_FAILED' });
    await strict.close();
  });
});
