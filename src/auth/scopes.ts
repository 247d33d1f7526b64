/** API scopes. admin ⊇ write ⊇ read: a token with a higher scope may do what a lower one may. */
export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** True when the granted scopes (OAuth "scope" string or "scp" list) include `needed` or a higher one. */
export function grants(granted: readonly string[], needed: Scope): boolean {
  return granted.some((s) => isScope(s) && RANK[s] >= RANK[needed]);
}

/** Reads scopes from the usual claims: `scope` (space separated, RFC 8693 §4.2) or `scp` (array). */
export function scopesOf(claims: Record<string, unknown>): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(/\s+/).filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.filter((s): s is string => typeof s === 'string');
  return [];
}
