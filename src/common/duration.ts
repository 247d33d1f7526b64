const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "500ms", "30s", "15m", "24h", "7d" or a bare number of seconds into seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}" (expected e.g. 30s, 15m, 24h, 7d)`);
  return Number(m[1]) * UNIT_SECONDS[m[2] ?? 's'];
}
