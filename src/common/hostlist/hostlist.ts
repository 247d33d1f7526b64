/**
 * LLNL hostlist expressions, the target syntax of powerman `pm`, conman, pdsh and Slurm:
 * "nid[001-003,007],x1000c1s7b[1-2]n0". Semantics follow LLNL hostlist.c (liblsd in chaos/powerman):
 *  - hosts are separated by "," or whitespace outside brackets;
 *  - "[a-b,c]" holds numbers and inclusive ranges; a range is zero-padded to the width of its first
 *    number as written ("[08-10]" -> 08 09 10, "[8-10]" -> 8 9 10), like `_parse_single_range`;
 *  - "foo[19]" is just "foo19";
 *  - several bracket groups in one host are a cartesian product, leftmost slowest
 *    ("rack[1-2]node[1-2]" -> rack1node1 rack1node2 rack2node1 rack2node2), as hostlist.c's
 *    `_next_tok` + recursive expansion and python-hostlist do.
 * Reference: ../shared/reference/openchami-api.md §6.2.
 */

export class HostlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostlistError';
  }
}

/** Larger expansions are taken as a typo. hostlist.c caps one range at 16K hosts; we cap the whole list. */
export const MAX_HOSTS = 100_000;

export interface ExpandOptions {
  /** Upper bound on the number of hosts produced (default MAX_HOSTS). */
  maxHosts?: number;
  /** Keep repeated hosts ("n1,n1" -> n1 n1). Off by default: a target list is a set, as in python-hostlist. */
  allowDuplicates?: boolean;
}

type Part = string | string[]; // literal text, or the alternatives of one bracket group

/** Splits at "," and whitespace outside brackets; rejects unbalanced or nested brackets. */
function splitHosts(spec: string): string[] {
  const out: string[] = [];
  let cur = '';
  let open = -1;
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i];
    if (ch === '[') {
      if (open >= 0) throw new HostlistError(`nested "[" at offset ${i} in "${spec}"`);
      open = i;
    } else if (ch === ']') {
      if (open < 0) throw new HostlistError(`unbalanced "]" at offset ${i} in "${spec}"`);
      open = -1;
    } else if (open < 0 && (ch === ',' || /\s/.test(ch))) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (open >= 0) throw new HostlistError(`unbalanced "[" at offset ${open} in "${spec}"`);
  if (cur) out.push(cur);
  return out;
}

function toNumber(digits: string, where: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new HostlistError(`number too large in "${where}"`);
  return n;
}

/**
 * "001-003,7" -> ["001","002","003","7"]. The size is checked before anything is built: `budget` is
 * what is left of `max` once the host's earlier bracket groups are multiplied in.
 */
function expandBracket(body: string, host: string, budget: number, max: number): string[] {
  const items = body.split(',').map((s) => s.trim());
  const ranges = items.map((item) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) throw new HostlistError(`invalid range "${item}" in "${host}" (expected N or N-M)`);
    const [lo, hi] = [toNumber(m[1], host), toNumber(m[2] ?? m[1], host)];
    if (hi < lo) throw new HostlistError(`reversed range "${item}" in "${host}"`);
    return { lo, hi, width: m[1].length };
  });
  const count = ranges.reduce((sum, r) => sum + (r.hi - r.lo + 1), 0);
  if (count > budget) throw new HostlistError(`"${host}" expands to more than ${max} hosts`);
  const out: string[] = [];
  for (const r of ranges) for (let n = r.lo; n <= r.hi; n++) out.push(String(n).padStart(r.width, '0'));
  return out;
}

function parseHost(host: string, max: number): Part[] {
  const parts: Part[] = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  let product = 1;
  for (let m = re.exec(host); m; m = re.exec(host)) {
    if (m.index > last) parts.push(host.slice(last, m.index));
    const alts = expandBracket(m[1], host, Math.floor(max / product), max);
    product *= alts.length;
    parts.push(alts);
    last = re.lastIndex;
  }
  if (last < host.length) parts.push(host.slice(last));
  return parts;
}

function* product(parts: Part[], i = 0, prefix = ''): Generator<string> {
  if (i === parts.length) {
    yield prefix;
    return;
  }
  const p = parts[i];
  for (const alt of typeof p === 'string' ? [p] : p) yield* product(parts, i + 1, prefix + alt);
}

/** Expands a hostlist expression into host names, in the order written. Throws HostlistError. */
export function expandHostlist(spec: string, options: ExpandOptions = {}): string[] {
  const max = options.maxHosts ?? MAX_HOSTS;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const host of splitHosts(spec)) {
    for (const name of product(parseHost(host, max))) {
      if (!options.allowDuplicates) {
        if (seen.has(name)) continue;
        seen.add(name);
      }
      if (out.length >= max) throw new HostlistError(`"${spec}" expands to more than ${max} hosts`);
      out.push(name);
    }
  }
  return out;
}

// ---- compression ----------------------------------------------------------------------------

/** A set of hosts: texts[0] f0 texts[1] f1 ... texts[k], each field a set of digit strings. */
interface Group {
  texts: string[];
  fields: string[][];
  order: number;
}

const byValue = (a: string, b: string) => Number(a) - Number(b) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Digit runs become fields; runs too long for exact arithmetic stay literal text. */
function split(name: string, order: number): Group {
  if (!name || /[[\],\s]/.test(name)) throw new HostlistError(`cannot compress host name "${name}"`);
  const texts = [''];
  const fields: string[][] = [];
  for (const tok of name.match(/\d+|\D+/g)!) {
    if (/^\d/.test(tok) && tok.length <= 15) {
      fields.push([tok]);
      texts.push('');
    } else texts[texts.length - 1] += tok;
  }
  return { texts, fields, order };
}

/** One pass: merges the groups that are equal everywhere except in field k. */
function mergeOn(groups: Group[], k: number): Group[] {
  const byKey = new Map<string, { group: Group; values: string[] }>();
  groups.forEach((g, i) => {
    const key = g.fields.length > k ? JSON.stringify([g.texts, g.fields.map((f, j) => (j === k ? null : f))]) : `#${i}`;
    const hit = byKey.get(key);
    if (!hit) byKey.set(key, { group: { ...g, fields: [...g.fields] }, values: [...(g.fields[k] ?? [])] });
    else {
      hit.values.push(...g.fields[k]);
      hit.group.order = Math.min(hit.group.order, g.order);
    }
  });
  // Sort once per group at the end: merging 100k single hosts one by one must not re-sort each time.
  return [...byKey.values()].map(({ group, values }) => {
    if (group.fields.length > k) group.fields[k] = [...new Set(values)].sort(byValue);
    return group;
  });
}

/**
 * "001,002,003,007" -> "001-003,007". Runs only join numbers that a range written from their first
 * member would reproduce exactly (padding to the first number's width), so "1,01,2,02" becomes
 * "1-2,01-02" and "9,10" becomes "9-10", while "09,010" stays apart.
 */
function renderField(values: string[]): string {
  if (values.length === 1) return values[0];
  const runs: string[][] = [];
  const open = new Map<string, string[]>(); // `${next value}:${width}` -> run awaiting it
  for (const v of values) {
    const n = Number(v);
    const run = open.get(`${n}:${v}`);
    if (run) open.delete(`${n}:${v}`);
    const target = run ?? [];
    if (!run) runs.push(target);
    target.push(v);
    open.set(`${n + 1}:${String(n + 1).padStart(target[0].length, '0')}`, target);
  }
  const text = runs.map((r) => (r.length === 1 ? r[0] : `${r[0]}-${r[r.length - 1]}`)).join(',');
  return `[${text}]`;
}

/**
 * The shortest usual hostlist for a set of names ("nid001,nid002,nid003,nid007" -> "nid[001-003,007]").
 * Merges hosts that differ in one numeric field, rightmost field first, repeating until nothing
 * merges, so "x1000c1s7b1n0,x1000c1s7b2n0" -> "x1000c1s7b[1-2]n0" and a rack x node grid collapses to
 * "rack[1-2]node[1-2]". Duplicates are dropped; groups come out in the order their first host came
 * in; numbers inside brackets are sorted. expandHostlist(compressHostlist(x)) has the same members as x.
 */
export function compressHostlist(names: Iterable<string>): string {
  const unique = [...new Set(names)];
  let groups = unique.map(split);
  const width = Math.max(0, ...groups.map((g) => g.fields.length));
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = width - 1; k >= 0; k--) {
      const next = mergeOn(groups, k);
      changed ||= next.length < groups.length;
      groups = next;
    }
  }
  return groups
    .sort((a, b) => a.order - b.order)
    .map((g) => g.texts.map((t, i) => t + (i < g.fields.length ? renderField(g.fields[i]) : '')).join(''))
    .join(',');
}
