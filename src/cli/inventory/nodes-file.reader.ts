import { isIP } from 'node:net';
import { normalizeMac } from '../../common/net/mac';
import { CONTROLLER_TYPES, normalizeXname, xnameType } from '../../common/xname/xname';

export type Path = (string | number)[];
export type YamlMap = Record<string, unknown>;

/** `['nodes', 3, 'interfaces', 0, 'mac_addr']` → `nodes[3].interfaces[0].mac_addr`. */
export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(file)';
}

// SMD group labels (reference §2.2): lowercased, `^[-a-z0-9:._]+$`.
const GROUP_LABEL = /^[-a-z0-9:._]+$/;
// Hostname characters (RFC 1123); an FQDN may also be an IP literal, which this admits too.
const FQDN = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const MAX_NID = 2147483647; // SMD stores NIDs as a 32-bit signed integer

/**
 * Reads typed fields out of the parsed YAML and records every problem instead of stopping at the
 * first, so a user fixes a whole file in one go. Each reader returns the normalized value, or
 * undefined when the field is absent or bad (the problem is then already recorded).
 */
export class FieldReader {
  readonly problems: { path: Path; message: string }[] = [];
  private readonly seen = new Map<string, Map<string, Path>>();

  problem(path: Path, message: string): void {
    this.problems.push({ path, message });
  }

  /** The value must be a mapping (a YAML object). */
  map(value: unknown, path: Path): YamlMap | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as YamlMap;
    this.problem(path, `expected a mapping (key: value), got ${describe(value)}`);
    return undefined;
  }

  /** An optional list: absent or null → []. */
  list(obj: YamlMap, path: Path, key: string): unknown[] {
    const v = obj[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.problem([...path, key], `expected a list, got ${describe(v)}`);
    return [];
  }

  /** Flags keys outside `allowed`; `hint` may explain one (e.g. "a key of the other format"). */
  knownKeys(obj: YamlMap, path: Path, allowed: ReadonlySet<string>, hint?: (key: string) => string | undefined): void {
    for (const key of Object.keys(obj)) {
      if (allowed.has(key)) continue;
      const extra = hint?.(key);
      this.problem([...path, key], `unknown key "${key}"${extra ? ` (${extra})` : ''}; expected one of: ${[...allowed].join(', ')}`);
    }
  }

  /** An optional string. Plain numbers are taken as text (`name: 42`); anything else is a problem. */
  text(obj: YamlMap, path: Path, key: string, required = false): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.problem([...path, key], 'required');
      return undefined;
    }
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number') return String(v);
    this.problem([...path, key], `expected text, got ${describe(v)}`);
    return undefined;
  }

  /** An xname of a Node (`kind: 'node'`) or of a BMC-type controller, normalized (lowercase, no leading zeros). */
  xname(obj: YamlMap, path: Path, key: string, kind: 'node' | 'bmc', required: boolean): string | undefined {
    const raw = this.text(obj, path, key, required);
    return raw === undefined ? undefined : this.xnameValue(raw, [...path, key], kind);
  }

  xnameValue(raw: string, at: Path, kind: 'node' | 'bmc'): string | undefined {
    const id = normalizeXname(raw);
    const type = xnameType(id);
    if (!type) {
      this.problem(at, `invalid xname "${raw}"`);
      return undefined;
    }
    if (kind === 'node' && type !== 'Node') {
      this.problem(at, `"${raw}" is a ${type} xname, not a Node (e.g. x1000c1s7b1n0)`);
      return undefined;
    }
    if (kind === 'bmc' && !CONTROLLER_TYPES.has(type)) {
      this.problem(at, `"${raw}" is a ${type} xname, not a BMC (e.g. x1000c1s7b1)`);
      return undefined;
    }
    return id;
  }

  mac(obj: YamlMap, path: Path, key: string, required: boolean): string | undefined {
    const v = obj[key];
    if (typeof v === 'number') {
      // An all-digit MAC without separators becomes a YAML integer and loses its leading zeros.
      this.problem([...path, key], `invalid MAC ${v} (a number: quote MAC addresses)`);
      return undefined;
    }
    const raw = this.text(obj, path, key, required);
    if (raw === undefined) return undefined;
    const mac = normalizeMac(raw);
    if (!mac) this.problem([...path, key], `invalid MAC "${raw}"`);
    return mac;
  }

  ip(obj: YamlMap, path: Path, key: string, required: boolean): string | undefined {
    const raw = this.text(obj, path, key, required);
    if (raw === undefined) return undefined;
    if (isIP(raw) === 0) {
      this.problem([...path, key], `invalid IP address "${raw}"`);
      return undefined;
    }
    return raw;
  }

  fqdn(obj: YamlMap, path: Path, key: string): string | undefined {
    const raw = this.text(obj, path, key);
    if (raw === undefined) return undefined;
    if (raw.length > 255 || (!FQDN.test(raw) && isIP(raw) === 0)) {
      this.problem([...path, key], `invalid host name "${raw}"`);
      return undefined;
    }
    return raw;
  }

  /** NIDs are positive integers; quoted digits ("7") are accepted, "007" is read as 7. */
  nid(obj: YamlMap, path: Path, key: string): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_NID) {
      this.problem([...path, key], `NID must be a positive integer, got ${describe(v)}`);
      return undefined;
    }
    return n;
  }

  /** A group label, lowercased as SMD stores it. */
  groupLabel(raw: unknown, at: Path): string | undefined {
    if (typeof raw !== 'string' || !GROUP_LABEL.test(raw.trim().toLowerCase())) {
      this.problem(at, `invalid group label ${describe(raw)} (letters, digits and - : . _ only)`);
      return undefined;
    }
    return raw.trim().toLowerCase();
  }

  /**
   * Records that `value` of `kind` (MAC, node xname, NID…) is used at `at`; a second use is a problem
   * naming both places, since the daemon would refuse the file (409) or silently merge two records.
   */
  unique(kind: string, value: string | number, at: Path): void {
    const key = String(value);
    let byValue = this.seen.get(kind);
    if (!byValue) this.seen.set(kind, (byValue = new Map()));
    const first = byValue.get(key);
    if (first) this.problem(at, `duplicate ${kind} ${JSON.stringify(value)} (also at ${pathText(first)})`);
    else byValue.set(key, at);
  }
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v} ${String(v)}`;
}
