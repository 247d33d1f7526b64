/**
 * Resource and collection reads for a walk, with the walk's tolerance rules in one place:
 * - 401/403 anywhere → BMC_AUTH_FAILED (the credentials are wrong; nothing else will work either);
 * - 404, other 4xx, an error object or an HTML page → a warning and `undefined` (the link is dead);
 * - a transient failure after retries (timeout, connection, 5xx) → fatal for an *essential* resource (the
 *   inventory would be silently incomplete), a warning for an optional one.
 * Collections follow Members@odata.nextLink and use $expand when the service advertised it, falling back
 * to one GET per member when the answer is not expanded (mockup servers ignore $expand).
 */
import { RedfishConnection } from './redfish-connection';
import { RedfishError } from './redfish-error';
import { isObject, Json, link, pathKey } from './redfish-json';
import { WalkWarning } from './redfish-walk.types';

/** Collections longer than this many pages are cut (a looping nextLink must not hang the walk). */
const MAX_PAGES = 50;

export interface Member {
  path: string;
  json: Json;
}

export class Fetcher {
  readonly warnings: WalkWarning[] = [];
  /** `$expand` query value, or undefined to fetch members one by one. */
  expand?: string;

  constructor(private readonly conn: RedfishConnection) {}

  warn(path: string, problem: string): void {
    this.warnings.push({ path, problem });
  }

  async resource(path: string, essential: boolean): Promise<Json | undefined> {
    try {
      const a = await this.conn.get(path);
      if (a.status === 401 || a.status === 403) {
        throw new RedfishError('BMC_AUTH_FAILED', `${this.conn.target}: ${a.status} on ${path}: credentials refused`, { target: this.conn.target, path, status: a.status });
      }
      if (a.status < 200 || a.status > 299) return this.dead(path, `HTTP ${a.status}`);
      switch (a.body.kind) {
        case 'resource':
          return a.body.json;
        case 'error-body':
          return this.dead(path, `error body ${a.body.messageId}`);
        case 'not-json':
          return this.dead(path, a.body.snippet ? `not JSON: ${a.body.snippet}` : 'empty body');
      }
    } catch (err) {
      if (err instanceof RedfishError && err.transient && !essential) return this.dead(path, `${err.code}: ${err.message}`);
      throw err;
    }
  }

  /** Members of a collection as resources (inline when expanded, else fetched), in collection order, deduplicated. */
  async collection(path: string, essential: boolean): Promise<Member[]> {
    const members: { path: string; inline?: Json }[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const json = await this.page(next, essential);
      if (!json) break;
      for (const m of Array.isArray(json.Members) ? json.Members : []) {
        const p = link(m);
        if (p) members.push({ path: p, inline: isObject(m) && isExpanded(m) ? m : undefined });
      }
      const nl = json['Members@odata.nextLink'];
      next = typeof nl === 'string' && nl ? nl : undefined;
    }
    const seen = new Set<string>();
    const unique = members.filter((m) => (seen.has(pathKey(m.path)) ? false : (seen.add(pathKey(m.path)), true)));
    const resolved = await Promise.all(unique.map(async (m) => ({ path: m.path, json: m.inline ?? (await this.resource(m.path, essential)) })));
    return resolved.filter((m): m is Member => m.json !== undefined);
  }

  private async page(path: string, essential: boolean): Promise<Json | undefined> {
    if (this.expand && !path.includes('?')) {
      const expanded = await this.tryExpanded(`${path}?$expand=${this.expand}`);
      if (expanded) return expanded;
    }
    return this.resource(path, essential);
  }

  /** A service that advertised $expand but rejects it (400/501) is asked plainly from then on. */
  private async tryExpanded(path: string): Promise<Json | undefined> {
    try {
      const a = await this.conn.get(path);
      if (a.status === 200 && a.body.kind === 'resource') return a.body.json;
      if (a.status === 400 || a.status === 501) this.expand = undefined;
      return undefined;
    } catch (err) {
      if (err instanceof RedfishError && err.code === 'BMC_AUTH_FAILED') throw err;
      return undefined; // the plain GET that follows reports the problem with the right severity
    }
  }

  private dead(path: string, problem: string): undefined {
    this.warn(path, problem);
    return undefined;
  }
}

/** An expanded member carries more than its @odata.id (a reference-only member has just that key). */
function isExpanded(m: Json): boolean {
  return Object.keys(m).some((k) => k !== '@odata.id' && k !== '@odata.etag');
}

/**
 * The $expand form to use, from ServiceRoot.ProtocolFeaturesSupported.ExpandQuery (DSP0266 §7.3):
 * "." (subordinate resources only, needs NoLinks) at one level — exactly what a collection's Members are.
 * "*" also needs ExpandAll, and would pull in Links we do not want.
 */
export function expandFormFor(root: Json): string | undefined {
  const pfs = isObject(root.ProtocolFeaturesSupported) ? root.ProtocolFeaturesSupported : {};
  const eq = isObject(pfs.ExpandQuery) ? pfs.ExpandQuery : undefined;
  if (!eq) return undefined;
  if (eq.NoLinks === true && eq.Levels === true) return '.($levels=1)';
  if (eq.NoLinks === true) return '.';
  return undefined;
}
