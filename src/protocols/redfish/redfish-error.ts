/**
 * Errors of the Redfish client, coded the way the discovery and power drivers report them (STYLE.md §8):
 * the code says what went wrong with the BMC; `path` and `status` say where; `cause` keeps the original.
 */
export type RedfishErrorCode =
  /** Connection refused, reset or no route: nothing answers HTTPS there. */
  | 'BMC_UNREACHABLE'
  /** No answer within the per-request timeout or the per-BMC deadline. */
  | 'BMC_TIMEOUT'
  /** 401/403 with the credentials we sent (or no credentials at all). */
  | 'BMC_AUTH_FAILED'
  /** 503 or other 5xx after every retry (busy, session slots exhausted, firmware trouble). */
  | 'BMC_BUSY'
  /** The TLS handshake failed, e.g. verification is on and the certificate is not trusted. */
  | 'BMC_TLS_FAILED'
  /** An answer that is not Redfish: not JSON (an HTML page), or a service root without RedfishVersion. */
  | 'REDFISH_BAD_RESPONSE'
  /** Any other HTTP status we cannot work with (404 on the service root, 400 on an action). */
  | 'REDFISH_HTTP_ERROR';

export interface RedfishErrorDetails {
  target?: string;
  path?: string;
  status?: number;
  cause?: unknown;
}

export class RedfishError extends Error {
  readonly target?: string;
  readonly path?: string;
  readonly status?: number;

  constructor(
    readonly code: RedfishErrorCode,
    message: string,
    details: RedfishErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'RedfishError';
    this.target = details.target;
    this.path = details.path;
    this.status = details.status;
  }

  /** Worth another attempt after a pause (the BMC may recover); auth and "not Redfish" never are. */
  get transient(): boolean {
    return this.code === 'BMC_UNREACHABLE' || this.code === 'BMC_TIMEOUT' || this.code === 'BMC_BUSY';
  }
}

/** Node/undici error codes that mean "the connection failed", as opposed to "the BMC said no". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|ERR_OSSL_)/;

/** Translates a network-level failure of one request into a coded RedfishError. */
export function classifyNetworkError(err: unknown, target: string, path: string): RedfishError {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || TIMEOUT_CODES.has(code)) {
    return new RedfishError('BMC_TIMEOUT', `${target}: no answer to GET ${path} in time`, { target, path, cause: err });
  }
  if (TLS_CODE.test(code) || /certificate|self[- ]signed|SSL|TLS/i.test(msg)) {
    return new RedfishError('BMC_TLS_FAILED', `${target}: TLS failed (${code || msg})`, { target, path, cause: err });
  }
  if (CONNECTION_CODES.has(code)) {
    return new RedfishError('BMC_UNREACHABLE', `${target}: ${code} on ${path}`, { target, path, cause: err });
  }
  return new RedfishError('BMC_UNREACHABLE', `${target}: ${msg}`, { target, path, cause: err });
}
