/** `aud` of node tokens: the API guard checks HWCTL_JWT_AUDIENCE, so a node token opens no API route. */
export const NODE_TOKEN_AUDIENCE = 'cloud-init';
/** The one scope of a node token; not an API scope (auth/scopes.ts), so it grants nothing there either. */
export const NODE_TOKEN_SCOPE = 'node';
/** Upper bound for a node token's lifetime (they are meant to be short: one boot's secure stage). */
export const NODE_TOKEN_MAX_TTL_SECONDS = 24 * 3600;

/** Path segments under /cloud-init that can never be entry names (they are routes). */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['admin', 'user-data', 'meta-data', 'vendor-data', 'version', 'openapi.json']);

/** Content-Type of each node document, on the Nest route and the fast path alike (same bytes, same headers). */
export const NODE_DATA_CONTENT_TYPE = {
  'user-data': 'text/yaml; charset=utf-8',
  'meta-data': 'text/yaml; charset=utf-8',
  'vendor-data': 'text/plain; charset=utf-8',
} as const;

/**
 * A committed cloud-init write (entries, cluster defaults, instance info), as other replicas hear it
 * (database/replica-events.ts; payload a ChangeEvent). The writing process drops its own cache directly.
 */
export const CLOUDINIT_DATA_CHANGED = 'cloudinit.changed';
