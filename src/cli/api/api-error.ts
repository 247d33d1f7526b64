import { STATUS_CODES } from 'node:http';
import { CliError, EXIT } from '../cli-error';

/** The daemon answered with an error status. The message is the one line the user sees. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message, EXIT.api);
    this.name = 'ApiError';
  }
}

/** The daemon could not be reached, or did not answer in time (exit 3, naming the URL). */
export class UnreachableError extends CliError {
  constructor(message: string) {
    super(message, EXIT.unreachable);
    this.name = 'UnreachableError';
  }
}

/**
 * One line for an error answer: `404 Not Found: no such xname.` from an RFC 7807 problem body
 * (SMD, BSS, PCS and hwctld all answer with `{type,title,status,detail}`). A non-problem body (a proxy's
 * HTML page, plain text) contributes its first line, cut short, so a stray page never floods the terminal.
 */
export function describeHttpError(status: number, bodyText: string): { message: string; body: unknown } {
  const fallbackTitle = STATUS_CODES[status] ?? 'Error';
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // not JSON: keep the text
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const p = body as Record<string, unknown>;
    const title = typeof p.title === 'string' && p.title ? p.title : fallbackTitle;
    const detail = typeof p.detail === 'string' ? p.detail : typeof p.message === 'string' ? p.message : '';
    return { message: joinDetail(`${status} ${title}`, detail), body };
  }
  const firstLine = bodyText.trim().split('\n')[0]?.trim() ?? '';
  const looksLikeHtml = /^<(!doctype|html)/i.test(firstLine);
  return { message: joinDetail(`${status} ${fallbackTitle}`, looksLikeHtml ? '' : clip(firstLine, 200)), body };
}

function joinDetail(head: string, detail: string): string {
  const d = detail.replace(/\s+/g, ' ').trim();
  return d && d !== head.replace(/^\d+ /, '') ? `${head}: ${d}` : head;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// Socket-level failures that mean "nobody answered at that address" (as opposed to an HTTP error).
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
};
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED']);

/**
 * Turns a transport error into the exit-3 error, or returns undefined when it is not a transport
 * error (a bug of ours must not be reported as "daemon unreachable").
 */
export function describeNetworkError(err: unknown, baseUrl: string, timeoutSeconds: number): UnreachableError | undefined {
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || TIMEOUT_CODES.has(code)) {
      return new UnreachableError(`hwctld at ${baseUrl} did not answer within ${timeoutSeconds}s (raise --timeout?)`);
    }
    if (UNREACHABLE_CODES[code]) {
      return new UnreachableError(`cannot reach hwctld at ${baseUrl}: ${UNREACHABLE_CODES[code]} (is it running? set --url or HWCTL_URL)`);
    }
  }
  return undefined;
}
