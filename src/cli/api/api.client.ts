import { Agent, request } from 'undici';
import { ApiError, describeHttpError, describeNetworkError } from './api-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Query values: arrays repeat the key, which SMD reads as OR (`?type=Node&type=NodeBMC`). */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  timeoutSeconds: number;
}

/**
 * JSON over HTTP to hwctld. One Agent per client so `close()` lets the process end at once instead of
 * waiting for keep-alive sockets; one deadline per request covers connect, headers and body.
 */
export class ApiClient {
  private readonly agent: Agent;

  constructor(private readonly options: ApiClientOptions) {
    const ms = Math.max(1, Math.round(options.timeoutSeconds * 1000));
    this.agent = new Agent({ connect: { timeout: ms }, headersTimeout: ms, bodyTimeout: ms, keepAliveTimeout: 1000 });
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>('GET', path, { query });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, { body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, { body });
  }

  delete<T>(path: string): Promise<T> {
    return this.send<T>('DELETE', path, {});
  }

  /**
   * Sends one request. Resolves with the parsed JSON body (undefined for 204 or an empty body);
   * rejects with ApiError (the daemon said no, exit 1) or UnreachableError (exit 3).
   */
  async send<T>(method: HttpMethod, path: string, opts: { query?: Query; body?: unknown }): Promise<T> {
    const url = this.url(path, opts.query);
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method,
        headers,
        body: payload,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(Math.max(1, Math.round(this.options.timeoutSeconds * 1000))),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw describeNetworkError(err, this.options.baseUrl, this.options.timeoutSeconds) ?? err;
    }
    if (status >= 400) {
      const { message, body } = describeHttpError(status, text);
      throw new ApiError(status, status === 401 && !this.options.token ? `${message} (no token: set HWCTL_TOKEN or --token; see 'hwctl token create')` : message, body);
    }
    if (status === 204 || text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      // A 2xx that is not JSON is a wrong --url (e.g. a web server's HTML page), not a daemon answer.
      throw new ApiError(status, `${status} answer from ${url} is not JSON: is --url pointing at hwctld?`, text);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private url(path: string, query?: Query): string {
    // Keep any path prefix of the base URL (hwctld behind a reverse proxy at https://host/hwctl/).
    const url = new URL(path.replace(/^\/+/, ''), this.options.baseUrl.replace(/\/*$/, '/'));
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    return url.toString();
  }
}

/** Encodes one path segment from user input (an xname, a MAC, a group label). */
export const seg = (value: string): string => encodeURIComponent(value);
