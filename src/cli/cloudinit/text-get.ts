import { Agent, request } from 'undici';
import { ApiError, describeHttpError, describeNetworkError } from '../api/api-error';
import { CliContext } from '../cli-context';

/**
 * GET of a text document (cloud-init's user-data, meta-data and vendor-data are YAML/plain text, not the
 * JSON ApiClient expects), with the same token, deadline and error mapping (exit 1 API error, 3 unreachable).
 */
export async function getText(ctx: CliContext, path: string): Promise<string> {
  const ms = Math.max(1, Math.round(ctx.timeoutSeconds * 1000));
  const agent = new Agent({ connect: { timeout: ms }, headersTimeout: ms, bodyTimeout: ms, keepAliveTimeout: 1000 });
  const url = new URL(path.replace(/^\/+/, ''), ctx.url.replace(/\/*$/, '/')).toString();
  const headers: Record<string, string> = { accept: 'text/yaml, text/plain, application/problem+json' };
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  try {
    const res = await request(url, { method: 'GET', headers, dispatcher: agent, signal: AbortSignal.timeout(ms) });
    const text = await res.body.text();
    if (res.statusCode >= 400) {
      const { message, body } = describeHttpError(res.statusCode, text);
      throw new ApiError(res.statusCode, message, body);
    }
    return text;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw describeNetworkError(err, ctx.url, ctx.timeoutSeconds) ?? err;
  } finally {
    await agent.close();
  }
}
