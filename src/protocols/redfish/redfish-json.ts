/**
 * Tolerant reading of Redfish JSON (DSP0266 §6, §9). Real BMCs leave properties out, fill them with
 * placeholders ("Not Available", "N/A", SMBIOS "To Be Filled By O.E.M."), spell MACs with dashes or in
 * upper case, add trailing slashes to @odata.id, and answer some links with an error object or an HTML
 * page under HTTP 200 (reference/redfish.md §3 quirks 5, 6, 11). Everything here returns `undefined`
 * for "no usable value" instead of throwing, so one odd property never fails a whole BMC.
 */
import { isIPv4 } from '../../common/net/ipv4';
import { normalizeMac } from '../../common/net/mac';

export type Json = Record<string, unknown>;

export type ParsedBody =
  | { kind: 'resource'; json: Json }
  /** A Redfish error object (§9.6 "error" with code / @Message.ExtendedInfo) instead of the resource. */
  | { kind: 'error-body'; messageId: string; message: string }
  /** HTML, text, truncated or otherwise not a JSON object. */
  | { kind: 'not-json'; snippet: string };

export function parseBody(text: string): ParsedBody {
  const t = text.replace(/^\uFEFF/, '').trim();
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return { kind: 'not-json', snippet: t.slice(0, 80).replace(/\s+/g, ' ') };
  }
  if (!isObject(v)) return { kind: 'not-json', snippet: t.slice(0, 80) };
  // An error object may ride along a normal resource (bmcweb, quirk 11); only a body that is *just*
  // an error (no @odata.id) stands for a missing resource.
  if (isObject(v.error) && typeof v['@odata.id'] !== 'string') {
    const err = v.error;
    const ext = Array.isArray(err['@Message.ExtendedInfo']) ? err['@Message.ExtendedInfo'] : [];
    const first = isObject(ext[0]) ? ext[0] : {};
    const messageId = String(first.MessageId ?? err.code ?? 'unknown');
    return { kind: 'error-body', messageId, message: String(first.Message ?? err.message ?? messageId) };
  }
  return { kind: 'resource', json: v };
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PLACEHOLDERS = new Set(['', 'not available', 'n/a', 'na', 'null', 'not specified', 'to be filled by o.e.m.', 'default string']);

/** A trimmed string, or undefined when missing, not a string, or a known placeholder. */
export function str(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return PLACEHOLDERS.has(t.toLowerCase()) ? undefined : t;
}

/** A finite number (numbers sent as strings accepted), else undefined. */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** The path of a navigation property `{"@odata.id": "..."}` (absolute URLs reduced to their path). */
export function link(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const id = v['@odata.id'];
  return typeof id === 'string' && id.trim() ? toPath(id.trim()) : undefined;
}

/** Every link in an array of navigation properties (Links.ManagedBy, Links.Chassis, ...). */
export function links(v: unknown): string[] {
  return Array.isArray(v) ? v.map(link).filter((p): p is string => p !== undefined) : [];
}

/** "https://10.0.0.1/redfish/v1/Systems/1/" → "/redfish/v1/Systems/1/" (query and fragment dropped). */
export function toPath(uri: string): string {
  let p = uri;
  if (/^https?:\/\//i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      return p;
    }
  }
  return p.replace(/[?#].*$/, '');
}

/**
 * The identity of a resource path for "have we seen it": no trailing slash, case-folded. HPE iLO links
 * `/redfish/v1/systems/1/bios/` while the resource calls itself `/redfish/v1/Systems/1/Bios` (quirk 5).
 */
export function pathKey(path: string): string {
  const p = toPath(path).replace(/\/+$/, '');
  try {
    return decodeURIComponent(p).toLowerCase();
  } catch {
    return p.toLowerCase();
  }
}

/** What to put on the request line: the path and query of an absolute or relative URI (fragment dropped). */
export function requestPath(uri: string): string {
  if (/^https?:\/\//i.test(uri)) {
    try {
      const u = new URL(uri);
      return `${u.pathname}${u.search}`;
    } catch {
      return uri;
    }
  }
  return uri.replace(/#.*$/, '');
}

/** The last segment of a path ("/redfish/v1/Systems/Node0/" → "Node0"). */
export function lastSegment(path: string): string {
  const parts = toPath(path).replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? '';
}

/**
 * A MAC-48 in SMD's form (lower case, colons), or undefined for placeholders, garbage and the all-zero /
 * broadcast values some BMCs report for absent NICs (bmclib PR#443, reference/redfish.md quirk 7).
 */
export function mac(v: unknown): string | undefined {
  const s = str(v);
  const m = s ? normalizeMac(s) : undefined;
  return m && m !== '00:00:00:00:00:00' && m !== 'ff:ff:ff:ff:ff:ff' ? m : undefined;
}

/** Usable IPv4 addresses of `IPv4Addresses` / `IPv4StaticAddresses` (0.0.0.0 means "none"). */
export function ipv4List(...lists: unknown[]): string[] {
  const out: string[] = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      const ip = isObject(a) ? str(a.Address) : undefined;
      if (ip && isIPv4(ip) && ip !== '0.0.0.0' && !out.includes(ip)) out.push(ip);
    }
  }
  return out;
}

/**
 * "Natural" order of resource IDs, as SMD sorts Systems.Members (ResourceIDSlice): a trailing number
 * compares as an integer, so Node2 < Node10 and the node ordinal k in `<bmc>n<k>` is stable.
 */
export function naturalCompare(a: string, b: string): number {
  const ma = /^(.*?)(\d+)$/.exec(a);
  const mb = /^(.*?)(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]) || a.localeCompare(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
