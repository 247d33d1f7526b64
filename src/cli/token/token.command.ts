import { Command } from 'commander';
import { SCOPES, isScope } from '../../auth/scopes';
import { issueToken } from '../../auth/token-issuer';
import { parseDuration } from '../../common/duration';
import { ConfigError, loadConfig } from '../../config/config.loader';
import { HwctlConfig } from '../../config/config';
import { usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { registerNodeTokenCommand } from './node-token.command';

/**
 * `hwctl token create`: mints a token offline from the same config and secret as the daemon
 * (HWCTL_JWT_SECRET or the key file in HWCTL_DATA_DIR), so no daemon and no prior token are needed.
 * Only the token goes to stdout, for `export HWCTL_TOKEN=$(hwctl token create --scope admin)`.
 */
export function registerTokenCommands(program: Command, io: CliIo): void {
  const token = program.command('token').description('API tokens (minted offline from the daemon configuration)');

  token
    .command('create')
    .description('print a new bearer token (and nothing else) on stdout')
    .requiredOption('--scope <scope>', `one of ${SCOPES.join(', ')} (admin ⊇ write ⊇ read)`)
    .option('--ttl <duration>', 'lifetime, e.g. 30m, 24h, 7d (default: HWCTL_TOKEN_DEFAULT_TTL)')
    .option('--subject <name>', 'who the token is for (the JWT sub claim)')
    .action(async (opts: { scope: string; ttl?: string; subject?: string }) => {
      const scope = opts.scope.trim().toLowerCase();
      if (!isScope(scope)) throw usageError(`--scope: "${opts.scope}" is not one of ${SCOPES.join(', ')}`);
      const ttlSeconds = opts.ttl === undefined ? undefined : parseTtl(opts.ttl);
      const subject = opts.subject?.trim();
      if (opts.subject !== undefined && !subject) throw usageError('--subject: must not be empty');
      const jwt = await issueToken(configFrom(io.env), { scopes: [scope], subject, ttlSeconds });
      io.out(`${jwt}\n`);
    });

  registerNodeTokenCommand(token, io);
}

function parseTtl(text: string): number {
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch (err) {
    throw usageError(`--ttl: ${(err as Error).message}`);
  }
  if (!(seconds > 0)) throw usageError('--ttl: must be greater than zero');
  return seconds;
}

function configFrom(env: NodeJS.ProcessEnv): HwctlConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw usageError(['invalid configuration (the same HWCTL_* settings as hwctld):', ...err.problems]);
    throw err;
  }
}
