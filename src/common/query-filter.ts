import { HwctlError } from './errors/hwctl-error';

/**
 * SMD query semantics (reference §2): parameter names match case-insensitively, a repeated
 * parameter ORs its values, different parameters AND, and a value starting with "!" negates.
 */
export interface FilterValues {
  include: string[];
  exclude: string[];
}

export type ParsedQuery = Map<string, FilterValues>;

export function parseSmdQuery(query: Record<string, unknown>, allowed: readonly string[]): ParsedQuery {
  const allowedByLower = new Map(allowed.map((a) => [a.toLowerCase(), a.toLowerCase()]));
  const out: ParsedQuery = new Map();
  const unknown: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(query)) {
    const key = allowedByLower.get(rawKey.toLowerCase());
    if (!key) {
      unknown.push(rawKey);
      continue;
    }
    const values = (Array.isArray(rawValue) ? rawValue : [rawValue]).map(String);
    const entry = out.get(key) ?? { include: [], exclude: [] };
    for (const v of values) {
      if (v.startsWith('!')) entry.exclude.push(v.slice(1));
      else entry.include.push(v);
    }
    out.set(key, entry);
  }
  if (unknown.length > 0) {
    throw new HwctlError(
      'UNKNOWN_PARAMETER',
      400,
      `unknown query parameter(s): ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`,
      unknown.map((u) => ({ field: u, message: 'unknown query parameter' })),
    );
  }
  return out;
}

/** True when `value` passes one filter (case-insensitive): in the include set (if any), not in the exclude set. */
export function matches(filter: FilterValues | undefined, value: string | number | boolean | null | undefined): boolean {
  if (!filter) return true;
  const v = String(value ?? '').toLowerCase();
  if (filter.include.length > 0 && !filter.include.some((i) => i.toLowerCase() === v)) return false;
  return !filter.exclude.some((e) => e.toLowerCase() === v);
}

/** The single value of a parameter, or undefined. */
export function single(q: ParsedQuery, key: string): string | undefined {
  return q.get(key)?.include[0];
}
