// Keys whose values never reach the terminal. hwctld never returns a BMC password, but SMD does
// (reference §2.2: `Password` verbatim) and `--url` may point at one, so we drop them on our side too.
const SECRET_KEYS = new Set(['password']);

/** A deep copy of `value` without any secret-named key. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k.toLowerCase()))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}
