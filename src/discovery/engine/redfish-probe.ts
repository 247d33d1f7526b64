/**
 * Is a Redfish service listening here? An unauthenticated `GET /redfish/v1/` (DSP0266 §7: the service root
 * needs no credentials). 200 with a JSON service root ⇒ a Redfish BMC; 401 ⇒ a BMC that wants credentials
 * even for the root (non-compliant, but a BMC: magellan drops these, we record them); a 5xx is asked again
 * up to four more times with backoff (a busy BMC: real BMCs answer 503 when their session slots are full, and
 * two retries missed ~6 % of sweeps over 20 BMCs failing 15 % of requests); anything else — an HTML page, a 404, a TLS failure, no answer — is not a Redfish BMC.
 *
 * One raw TLS (or TCP) connection with `Connection: close` and a shared TLS context, not an HTTP client
 * with a pool: a sweep opens one short connection per open port, and on a /16 with a rack of BMCs the
 * per-connection cost of a pooled client (parser and context per origin) is half the probe's CPU.
 * TLS is not verified: this is a probe, not a session carrying credentials.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { parseBody, str } from '../../protocols/redfish';
import { parseHttpResponse } from './http-response';

export interface RedfishProbeHit {
  status: 'redfish' | 'auth-required';
  redfishVersion?: string;
  serviceUuid?: string;
  vendor?: string;
  product?: string;
}

/** A 5xx at the service root is a busy BMC more often than not: asked again after a growing pause. */
const BUSY_RETRIES = 4;
const MAX_RESPONSE = 1024 * 1024;
let sharedContext: tls.SecureContext | undefined;

export async function probeRedfish(scheme: 'https' | 'http', address: string, port: number, timeoutMs: number): Promise<RedfishProbeHit | undefined> {
  for (let attempt = 0; ; attempt++) {
    const r = await probeOnce(scheme, address, port, timeoutMs);
    if (r !== 'busy') return r;
    if (attempt >= BUSY_RETRIES) return undefined;
    await new Promise((res) => setTimeout(res, 100 * (attempt + 1)));
  }
}

async function probeOnce(scheme: 'https' | 'http', address: string, port: number, timeoutMs: number): Promise<RedfishProbeHit | 'busy' | undefined> {
  const raw = await exchange(scheme, address, port, timeoutMs);
  const res = raw ? parseHttpResponse(raw) : undefined;
  if (!res) return undefined;
  if (res.status === 401) return { status: 'auth-required' };
  if (res.status >= 500) return 'busy';
  if (res.status !== 200) return undefined;
  const body = parseBody(res.body);
  if (body.kind !== 'resource') return undefined;
  const j = body.json;
  // A JSON answer at /redfish/v1/ is Redfish only if it looks like a service root.
  if (!str(j.RedfishVersion) && typeof j.Systems !== 'object' && typeof j.Managers !== 'object') return undefined;
  return { status: 'redfish', redfishVersion: str(j.RedfishVersion), serviceUuid: str(j.UUID), vendor: str(j.Vendor), product: str(j.Product) };
}

/** Sends the GET and resolves with everything the server sent before closing (undefined on error/timeout). */
function exchange(scheme: 'https' | 'http', address: string, port: number, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const host = net.isIPv6(address) ? `[${address}]` : address;
    const request = `GET /redfish/v1/ HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: application/json\r\nOData-Version: 4.0\r\nUser-Agent: hwctl-scan\r\nConnection: close\r\n\r\n`;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onConnect = () => socket.write(request);
    const socket: net.Socket =
      scheme === 'https'
        ? tls.connect({ host: address, port, rejectUnauthorized: false, secureContext: (sharedContext ??= tls.createSecureContext({})), ALPNProtocols: ['http/1.1'] }, onConnect)
        : net.connect({ host: address, port }, onConnect);
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(ok ? Buffer.concat(chunks) : undefined);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_RESPONSE) return done(false);
      chunks.push(d);
      // Framed by Content-Length: no need to wait for the close.
      const r = parseHttpResponse(Buffer.concat(chunks));
      if (r && (r.headers['content-length'] !== undefined || /chunked/i.test(r.headers['transfer-encoding'] ?? ''))) done(true);
    });
    // Some servers reset or drop the connection right after the answer instead of closing it cleanly:
    // whatever arrived before that still counts (parseHttpResponse decides whether it is complete).
    socket.on('end', () => done(true));
    socket.on('close', () => done(chunks.length > 0));
    socket.on('error', () => done(chunks.length > 0));
  });
}
