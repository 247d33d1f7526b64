/**
 * Many simulated Redfish BMCs in one process: one HTTPS listener per BMC address (any 127.0.0.0/8 address
 * binds on Linux without configuration), all sharing one self-signed certificate. This layer owns what
 * every BMC does the same way — /redfish, the unauthenticated service root, Basic and session auth, the
 * sessions collection, fault knobs — and hands the resource tree to the BMC's face (fleet or mockup).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';
import { RedfishUser, SessionStore } from './redfish-sessions';
import { json, RedfishFace, redfishError, SimRequest, SimResponse, trimSlash } from './sim-http';
import { makeSelfSignedCert, SimCertificate } from './tls-cert';

/** Switchable misbehaviour (DESIGN.md "fault knobs"); per BMC values override the server-wide ones. */
export interface RedfishFaults {
  /** Added to every answer. */
  latencyMs?: number;
  /** Uniform extra 0…jitterMs. */
  jitterMs?: number;
  /** Share of requests (0–1) delayed by slowMs more ("slow BMC" spikes, quirk 3). */
  slowRate?: number;
  slowMs?: number;
  /** Share of requests (0–1) answered with a 5xx (500 or 503 alternately) instead of the resource. */
  errorRate?: number;
  /** Concurrent sessions; one more login answers 503 (iDRAC RAC0218, quirk 2). Default 16. */
  maxSessions?: number;
  sessionTimeoutMs?: number;
  /** The listener is closed: connections are refused (a vanished BMC). */
  down?: boolean;
}

export const DEFAULT_USERS: RedfishUser[] = [{ username: 'admin', password: 'Password123!' }];

export interface RedfishSimBmc {
  address: string;
  face: RedfishFace;
  faults?: RedfishFaults;
  users?: RedfishUser[];
}

export interface RedfishSimServerOptions {
  bmcs: RedfishSimBmc[];
  /** TCP port on every address (443 needs root; tests use a free high port). */
  port?: number;
  /** "http" serves plain HTTP (to test scheme handling); default https. */
  scheme?: 'https' | 'http';
  users?: RedfishUser[];
  faults?: RedfishFaults;
  cert?: SimCertificate;
  random?: () => number;
}

export interface BmcStats {
  requests: number;
  inFlight: number;
  /** Highest number of requests this BMC was handling at once (tests the clients' per-BMC bound). */
  peakInFlight: number;
  errorsInjected: number;
}

interface Bmc {
  address: string;
  face: RedfishFace;
  faults: RedfishFaults;
  sessions: SessionStore;
  stats: BmcStats;
  server?: http.Server;
}

const MAX_BODY = 64 * 1024;

export class RedfishSimServer {
  port: number;
  readonly cert?: SimCertificate;
  private readonly bmcs = new Map<string, Bmc>();
  private readonly random: () => number;
  private errorFlip = false;

  constructor(private readonly opts: RedfishSimServerOptions) {
    this.port = opts.port ?? 443;
    this.random = opts.random ?? Math.random;
    if ((opts.scheme ?? 'https') === 'https') this.cert = opts.cert ?? makeSelfSignedCert(opts.bmcs.map((b) => b.address));
    for (const b of opts.bmcs) {
      const faults = { ...opts.faults, ...b.faults };
      this.bmcs.set(b.address, {
        address: b.address,
        face: b.face,
        faults,
        sessions: new SessionStore(b.users ?? opts.users ?? DEFAULT_USERS, faults.maxSessions ?? 16, faults.sessionTimeoutMs ?? 30 * 60_000),
        stats: { requests: 0, inFlight: 0, peakInFlight: 0, errorsInjected: 0 },
      });
    }
  }

  get addresses(): string[] {
    return [...this.bmcs.keys()];
  }

  /** Bind every address that is not down; rejects (and closes what was bound) if one fails. */
  async start(): Promise<void> {
    try {
      const up = [...this.bmcs.values()].filter((b) => !b.faults.down);
      // Port 0: the first listener picks a free port, and every other address takes the same one.
      if (this.port === 0 && up.length > 0) await this.listen(up.shift()!);
      await Promise.all(up.map((b) => this.listen(b)));
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.bmcs.values()].map((b) => this.unlisten(b)));
  }

  stats(address: string): BmcStats & { sessionsActive: number; sessionsCreated: number; sessionsDeleted: number } {
    const b = this.must(address);
    return { ...b.stats, sessionsActive: b.sessions.active, sessionsCreated: b.sessions.created, sessionsDeleted: b.sessions.deleted };
  }

  face(address: string): RedfishFace {
    return this.must(address).face;
  }

  /** Change fault knobs at run time; `down` closes or re-opens the listener. */
  async setFaults(address: string, faults: RedfishFaults): Promise<void> {
    const b = this.must(address);
    b.faults = { ...b.faults, ...faults };
    if (faults.maxSessions !== undefined) b.sessions.maxSessions = faults.maxSessions;
    if (faults.down === true) await this.unlisten(b);
    if (faults.down === false && !b.server) await this.listen(b);
  }

  private must(address: string): Bmc {
    const b = this.bmcs.get(address);
    if (!b) throw new Error(`no simulated Redfish BMC at ${address}`);
    return b;
  }

  private listen(b: Bmc): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.serve(b, req, res);
    const server = this.cert ? https.createServer({ key: this.cert.key, cert: this.cert.cert }, handler) : http.createServer(handler);
    server.keepAliveTimeout = 15_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.port, host: b.address, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        if (this.port === 0) this.port = (server.address() as AddressInfo).port;
        b.server = server;
        resolve();
      });
    });
  }

  private unlisten(b: Bmc): Promise<void> {
    const s = b.server;
    b.server = undefined;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private async serve(b: Bmc, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    b.stats.requests++;
    b.stats.inFlight++;
    b.stats.peakInFlight = Math.max(b.stats.peakInFlight, b.stats.inFlight);
    let answer: SimResponse;
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://sim');
      const rawPath = (req.url ?? '/').split('?')[0];
      const sreq: SimRequest = { method: req.method ?? 'GET', path: rawPath, query: url.searchParams, headers: req.headers, body, address: b.address };
      answer = await this.withFaults(b, () => this.route(b, sreq));
    } catch (err) {
      answer = redfishError(400, 'MalformedJSON', `The request body could not be parsed: ${(err as Error).message}`);
    }
    b.stats.inFlight--;
    if (res.destroyed) return;
    const headers: Record<string, string> = { 'odata-version': '4.0', ...answer.headers };
    let payload: string | undefined;
    if (typeof answer.body === 'string') payload = answer.body;
    else if (answer.body !== undefined) {
      payload = JSON.stringify(answer.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    res.writeHead(answer.status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  private async withFaults(b: Bmc, fn: () => SimResponse | Promise<SimResponse>): Promise<SimResponse> {
    const f = b.faults;
    const delay = (f.latencyMs ?? 0) + (f.jitterMs ? this.random() * f.jitterMs : 0) + (f.slowRate && this.random() < f.slowRate ? (f.slowMs ?? 0) : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (f.errorRate && this.random() < f.errorRate) {
      b.stats.errorsInjected++;
      this.errorFlip = !this.errorFlip;
      return this.errorFlip
        ? { ...redfishError(503, 'ServiceTemporarilyUnavailable', 'The service is temporarily unavailable.'), headers: { 'retry-after': '1' } }
        : redfishError(500, 'InternalError', 'The request failed due to an internal service error.');
    }
    return fn();
  }

  private async route(b: Bmc, req: SimRequest): Promise<SimResponse> {
    const p = trimSlash(req.path);
    // DSP0266 §7: /redfish, the service root, $metadata and the OData document need no authentication.
    if (p === '/redfish' && req.method === 'GET') return json({ v1: '/redfish/v1/' });
    if (req.method === 'GET' && (p === '/redfish/v1' || p === '/redfish/v1/$metadata' || p === '/redfish/v1/odata')) return b.face.handle(req);
    const sessions = b.face.sessionsPath;
    if (p === sessions && req.method === 'POST') return this.login(b, req);
    if (!this.authenticated(b, req)) {
      return { ...redfishError(401, 'NoValidSession', 'There is no valid session established with the implementation.'), headers: { 'www-authenticate': 'Basic realm="Redfish"' } };
    }
    if (p === sessions && req.method === 'GET') {
      const ids = b.sessions.ids();
      return json({ '@odata.id': sessions, '@odata.type': '#SessionCollection.SessionCollection', Name: 'Session Collection', Members: ids.map((id) => ({ '@odata.id': `${sessions}/${id}` })), 'Members@odata.count': ids.length });
    }
    if (p.startsWith(`${sessions}/`)) {
      const id = p.slice(sessions.length + 1);
      const s = b.sessions.get(id);
      if (!s) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${req.path} was not found.`);
      if (req.method === 'DELETE') {
        b.sessions.remove(id);
        return { status: 204 };
      }
      if (req.method === 'GET') return json(sessionBody(sessions, id, s.username));
      return redfishError(405, 'OperationNotAllowed', `${req.method} is not allowed on a session`);
    }
    return b.face.handle(req);
  }

  private login(b: Bmc, req: SimRequest): SimResponse {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const s = b.sessions.login(body.UserName, body.Password);
    if (s === 'denied') return redfishError(401, 'NoValidSession', 'Invalid username or password.');
    if (s === 'full') return redfishError(503, 'SessionLimitExceeded', 'The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.');
    const location = `${b.face.sessionsPath}/${s.id}`;
    return json(sessionBody(b.face.sessionsPath, s.id, s.username), 201, { 'x-auth-token': s.token, location });
  }

  private authenticated(b: Bmc, req: SimRequest): boolean {
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string') return b.sessions.checkToken(token);
    const auth = req.headers.authorization;
    return typeof auth === 'string' && b.sessions.checkBasic(auth);
  }
}

function sessionBody(collection: string, id: string, user: string) {
  return { '@odata.id': `${collection}/${id}`, '@odata.type': '#Session.v1_6_0.Session', Id: id, Name: 'User Session', UserName: user };
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  if (size === 0) return undefined;
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
