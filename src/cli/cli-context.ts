import { Command } from 'commander';
import { parseDuration } from '../common/duration';
import { ApiClient } from './api/api.client';
import { usageError } from './cli-error';
import { CliIo } from './cli-io';

export const DEFAULT_URL = 'http://127.0.0.1:27780';
export const DEFAULT_TIMEOUT = '30s';

/** The global options every command sees, resolved against the environment. */
export interface GlobalOptions {
  url: string;
  token?: string;
  json: boolean;
  timeoutSeconds: number;
}

/** What a command action gets: the resolved global options, the IO, and a client factory. */
export interface CliContext extends GlobalOptions {
  io: CliIo;
  /** Runs `fn` with a client to hwctld and always closes it, so no socket keeps the process alive. */
  withApi<T>(fn: (api: ApiClient) => Promise<T>): Promise<T>;
}

/** Adds --url, --token, --json and --timeout to the root command (they are accepted after subcommands too). */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--url <url>', `hwctld base URL (env HWCTL_URL, default ${DEFAULT_URL})`)
    .option('--token <jwt>', 'bearer token (env HWCTL_TOKEN; mint one with `hwctl token create`)')
    .option('--json', 'print the raw JSON answer instead of a table')
    .option('--timeout <duration>', `per-request deadline, e.g. 10s, 2m (default ${DEFAULT_TIMEOUT})`);
}

export function resolveGlobalOptions(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): GlobalOptions {
  const url = String(raw.url ?? (env.HWCTL_URL || DEFAULT_URL));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--url: "${url}" is not a URL (expected e.g. ${DEFAULT_URL})`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`--url: "${url}" must be an http:// or https:// URL`);
  }
  let timeoutSeconds: number;
  try {
    timeoutSeconds = parseDuration(String(raw.timeout ?? DEFAULT_TIMEOUT));
  } catch (err) {
    throw usageError(`--timeout: ${(err as Error).message}`);
  }
  if (!(timeoutSeconds > 0)) throw usageError('--timeout: must be greater than zero');
  const token = (raw.token as string | undefined) ?? (env.HWCTL_TOKEN || undefined);
  return { url, token: token?.trim() || undefined, json: raw.json === true, timeoutSeconds };
}

/** Builds the context for the command whose action is running (reads the globals from its ancestors). */
export function contextOf(command: Command, io: CliIo): CliContext {
  const globals = resolveGlobalOptions(command.optsWithGlobals(), io.env);
  return {
    ...globals,
    io,
    withApi: async (fn) => {
      const api = new ApiClient({ baseUrl: globals.url, token: globals.token, timeoutSeconds: globals.timeoutSeconds });
      try {
        return await fn(api);
      } finally {
        await api.close();
      }
    },
  };
}
