import { isJsonMap, JsonValue } from '../merge/deep-merge';

/**
 * Writes JSON data as YAML that cloud-init reads back as exactly the same data.
 *
 * cloud-init parses user-data and meta-data with PyYAML's `safe_load` (cloudinit/util.py load_yaml),
 * which implements YAML **1.1**: there `yes`, `on`, `off`, `y`, `0400`, `1:20` and `1e3` are not the strings
 * they look like, a tab may not appear in a plain scalar, and NEL (U+0085), LS and PS (U+2028/9) are line
 * breaks even inside quotes. General-purpose YAML 1.2 writers get some of these wrong (we measured the
 * `yaml` package: raw tabs in plain scalars and a raw NEL inside double quotes, both misread by PyYAML),
 * so this emitter is deliberately conservative and small:
 *
 *  - plain scalars only for short ASCII words that no YAML 1.1 resolver turns into a bool, null,
 *    number or date (they must start with a letter, "_" or "/");
 *  - multi-line text as a literal block (`|`, `|-`, `|+` by its trailing newlines) when every character is
 *    printable and the first line does not start with a space — readable `write_files` content;
 *  - everything else double-quoted, escaping each character outside printable ASCII that PyYAML
 *    could misread (YAML 1.1 §5.7 escapes: \0 \a \b \t \n \v \f \r \e \N \xXX \uXXXX \UXXXXXXXX);
 *  - numbers in PyYAML's int/float syntax (a float always has a "." and a signed exponent);
 *  - no anchors, aliases, tags or flow collections except the empty `{}` and `[]`.
 *
 * The interop suite round-trips fuzzed data through /usr/bin/python3's PyYAML to prove the claim.
 */
export function toYaml(value: JsonValue): string {
  if (isJsonMap(value) && Object.keys(value).length > 0) return mapLines(value, 0).join('\n') + '\n';
  if (Array.isArray(value) && value.length > 0) return seqLines(value, 0).join('\n') + '\n';
  return `${inlineScalar(value, 0)}\n`;
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./+@=-]*(?: [A-Za-z0-9_./+@=-]+)*$/;
// YAML 1.1 bool and null words (yaml.org/type/bool.html, null.html), compared case-insensitively.
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);

function isPlainSafe(s: string): boolean {
  return s.length <= 200 && PLAIN.test(s) && !RESERVED.has(s.toLowerCase());
}

/** A character PyYAML reads literally inside quotes and block scalars (its Reader's printable set minus breaks). */
function isPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp < 0xa0) return false; // C0/C1 controls, DEL, NEL
  if (cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) return false; // LS, PS, BOM
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // a lone surrogate (pairs arrive as one code point)
  return cp <= 0xfffd || (cp >= 0x10000 && cp <= 0x10ffff);
}

const NAMED_ESCAPES: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 27: '\\e', 0x85: '\\N', 0x22: '\\"', 0x5c: '\\\\' };

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const named = NAMED_ESCAPES[cp];
    if (named) out += named;
    else if (isPrintable(cp)) out += ch;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** Literal block style is safe for multi-line text of printable characters not starting with a space. */
function blockable(s: string): boolean {
  if (!s.includes('\n') || /^\n*$/.test(s)) return false;
  for (const ch of s) if (ch !== '\n' && !isPrintable(ch.codePointAt(0)!)) return false;
  const lines = s.replace(/\n+$/, '').split('\n');
  const first = lines.find((l) => l.length > 0)!;
  // Indentation is detected from the first non-empty line; a space-only line would also be misread.
  return !first.startsWith(' ') && !lines.some((l) => l.length > 0 && l.trim() === '');
}

function blockLines(s: string, indent: number): { header: string; lines: string[] } {
  const trailing = /\n*$/.exec(s)![0].length;
  const header = trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
  const body = s.slice(0, s.length - trailing).split('\n');
  const pad = ' '.repeat(indent);
  const lines = body.map((l) => (l.length > 0 ? pad + l : ''));
  for (let i = 1; i < trailing; i++) lines.push(''); // kept (|+) empty lines
  return { header, lines };
}

function number(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a JSON number: ${n}`);
  // String() gives the shortest text that reads back as the same double, as JSON.stringify does
  // (so Python's exact ints match what a JSON reader of the same value sees); below 1e21 it has no exponent.
  const s = String(n);
  if (!s.includes('e')) return s;
  // PyYAML's float pattern needs a "." in the mantissa and a sign in the exponent ("1e-7" is a string there).
  const [mantissa, exponent] = s.split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${/^[-+]/.test(exponent) ? exponent : `+${exponent}`}`;
}

function key(k: string): string {
  return isPlainSafe(k) ? k : doubleQuoted(k);
}

/** A scalar (or empty collection) on the same line as its key or dash. */
function inlineScalar(v: JsonValue, _indent: number): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return number(v);
  if (typeof v === 'string') return isPlainSafe(v) ? v : doubleQuoted(v);
  return Array.isArray(v) ? '[]' : '{}';
}

function isNested(v: JsonValue): boolean {
  return (Array.isArray(v) && v.length > 0) || (isJsonMap(v) && Object.keys(v).length > 0);
}

/** Lines of a value that follows `prefix` ("key:" or "-"), the value's own lines indented by `indent`. */
function valueLines(prefix: string, v: JsonValue, indent: number): string[] {
  if (typeof v === 'string' && blockable(v)) {
    const { header, lines } = blockLines(v, indent);
    return [`${prefix} ${header}`, ...lines];
  }
  if (!isNested(v)) return [`${prefix} ${inlineScalar(v, indent)}`];
  return [prefix, ...(Array.isArray(v) ? seqLines(v, indent) : mapLines(v as Record<string, JsonValue>, indent))];
}

function mapLines(m: Record<string, JsonValue>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return Object.entries(m).flatMap(([k, v]) => {
    const [first, ...rest] = valueLines(`${key(k)}:`, v, indent + 2);
    return [pad + first, ...rest];
  });
}

function seqLines(items: JsonValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  return items.flatMap((item) => {
    if (!isNested(item)) {
      const [first, ...rest] = valueLines('-', item, indent + 2);
      return [pad + first, ...rest];
    }
    // Compact form: the item's first line shares the dash ("- name: ops", "- - a").
    const inner = Array.isArray(item) ? seqLines(item, indent + 2) : mapLines(item as Record<string, JsonValue>, indent + 2);
    return [`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1)];
  });
}
