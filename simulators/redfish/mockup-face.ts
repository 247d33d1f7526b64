/**
 * Serves one captured BMC tree from ../shared/redfish-mockups as a live service (mockups README):
 * `<dir>/redfish/v1/X/index.json` answers GET /redfish/v1/X; an `error.txt` beside it replays the status,
 * headers and body the real BMC gave (404, or Intel's 500 with an HTML page); an index.json that holds only
 * a Redfish error object is answered with a matching status (or, in "as-200" mode, naively as 200 — the
 * daemon must cope with both). Lookups ignore a trailing slash, try the raw and the decoded path, and fall
 * back to a case-insensitive match, because iLO links lowercase paths its server accepts (quirk 5).
 * $expand is ignored, as DMTF's Redfish-Mockup-Server does: a client must fall back to per-member GETs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RedfishFace, redfishError, SimRequest, SimResponse, trimSlash } from './sim-http';

export interface MockupFaceOptions {
  /** "status" (default): error-object bodies become 404/400/500; "as-200": served as captured. */
  errorBodies?: 'status' | 'as-200';
}

interface Entry {
  dir: string;
  hasIndex: boolean;
  hasError: boolean;
}

export class MockupFace implements RedfishFace {
  readonly serviceUuid?: string;
  readonly sessionsPath: string;
  /** Reset requests accepted, for tests: [target, ResetType]. */
  readonly resets: [string, string][] = [];
  private readonly exact = new Map<string, Entry>();
  private readonly folded = new Map<string, Entry>();

  constructor(
    readonly root: string,
    private readonly opts: MockupFaceOptions = {},
  ) {
    const base = path.join(root, 'redfish', 'v1');
    if (!fs.existsSync(path.join(base, 'index.json'))) throw new Error(`${root} is not a Redfish mockup (no redfish/v1/index.json)`);
    this.index(path.join(root, 'redfish'), '/redfish');
    const sr = JSON.parse(fs.readFileSync(path.join(base, 'index.json'), 'utf8')) as Record<string, any>;
    this.serviceUuid = typeof sr.UUID === 'string' ? sr.UUID : undefined;
    const sessions = sr.Links?.Sessions?.['@odata.id'];
    this.sessionsPath = trimSlash(typeof sessions === 'string' ? sessions : '/redfish/v1/SessionService/Sessions');
  }

  handle(req: SimRequest): SimResponse {
    const entry = this.lookup(req.path);
    if (req.method === 'POST') return this.post(req, entry);
    if (req.method !== 'GET' && req.method !== 'HEAD') return redfishError(405, 'OperationNotAllowed', `${req.method} is not supported by this mockup`);
    if (!entry) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${req.path} was not found.`);
    if (entry.hasError) return this.replayError(entry);
    if (!entry.hasIndex) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${req.path} was not found.`);
    const text = fs.readFileSync(path.join(entry.dir, 'index.json'), 'utf8');
    const status = this.opts.errorBodies === 'as-200' ? 200 : errorBodyStatus(text);
    return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: text };
  }

  /** The JSON of a captured resource (tests and the reset validation). */
  read(urlPath: string): Record<string, any> | undefined {
    const e = this.lookup(urlPath);
    return e?.hasIndex ? JSON.parse(fs.readFileSync(path.join(e.dir, 'index.json'), 'utf8')) : undefined;
  }

  private post(req: SimRequest, entry: Entry | undefined): SimResponse {
    const m = /^(.*)\/Actions\/([A-Za-z]+)\.Reset$/.exec(trimSlash(req.path));
    if (!m) return redfishError(405, 'OperationNotAllowed', `POST is not supported on ${req.path}`);
    const owner = this.read(m[1]);
    const action = owner?.Actions?.[`#${m[2]}.Reset`];
    if (!owner || !action || entry?.hasError) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${req.path} was not found.`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const rt = body.ResetType;
    const allowed: string[] | undefined = action['ResetType@Redfish.AllowableValues'] ??
      this.read(action['@Redfish.ActionInfo'] ?? '')?.Parameters?.find((p: any) => p.Name === 'ResetType')?.AllowableValues;
    if (typeof rt !== 'string') return redfishError(400, 'ActionParameterMissing', 'The action requires the parameter ResetType.');
    if (allowed && !allowed.includes(rt)) return redfishError(400, 'ActionParameterNotSupported', `The parameter ResetType with value ${rt} is not supported.`);
    this.resets.push([trimSlash(req.path), rt]);
    return { status: 204 };
  }

  private replayError(entry: Entry): SimResponse {
    const text = fs.readFileSync(path.join(entry.dir, 'error.txt'), 'utf8');
    const [head, ...rest] = text.split(/\r?\n\r?\n/);
    const lines = head.split(/\r?\n/);
    const status = Number(/^HTTP\/?[\d.]*\s+(\d{3})/.exec(lines[0])?.[1] ?? 500);
    const ct = lines.find((l) => /^content-type:/i.test(l))?.split(':').slice(1).join(':').trim();
    return { status, headers: ct ? { 'content-type': ct } : {}, body: rest.join('\n\n') };
  }

  private lookup(rawPath: string): Entry | undefined {
    const p = trimSlash(rawPath);
    const candidates = [p, safeDecode(p), p.split('/').map((s) => encodeURIComponent(s)).join('/')];
    for (const c of candidates) {
      const e = this.exact.get(c);
      if (e) return e;
    }
    for (const c of candidates) {
      const e = this.folded.get(c.toLowerCase());
      if (e) return e;
    }
    return undefined;
  }

  private index(dir: string, urlPath: string): void {
    const names = fs.readdirSync(dir, { withFileTypes: true });
    const entry: Entry = { dir, hasIndex: names.some((n) => n.name === 'index.json'), hasError: names.some((n) => n.name === 'error.txt') };
    this.exact.set(urlPath, entry);
    if (!this.folded.has(urlPath.toLowerCase())) this.folded.set(urlPath.toLowerCase(), entry);
    for (const n of names) if (n.isDirectory()) this.index(path.join(dir, n.name), `${urlPath}/${n.name}`);
  }
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** What a real BMC would have answered for a captured body that is only an error object. */
function errorBodyStatus(text: string): number {
  let v: any;
  try {
    v = JSON.parse(text);
  } catch {
    return 200;
  }
  if (!v || typeof v !== 'object' || !v.error || typeof v['@odata.id'] === 'string') return 200;
  const id = String(v.error['@Message.ExtendedInfo']?.[0]?.MessageId ?? v.error.code ?? '');
  if (/ResourceMissingAtURI|ResourceNotFound/i.test(id)) return 404;
  if (/InsufficientPrivilege/i.test(id)) return 403;
  if (/Unsupported|NotSupported|LicenseKeyRequired/i.test(id)) return 400;
  return 500;
}

