import { Command } from 'commander';
import { issueToken } from '../../auth/token-issuer';
import { NODE_TOKEN_AUDIENCE, NODE_TOKEN_MAX_TTL_SECONDS, NODE_TOKEN_SCOPE } from '../../cloudinit/cloud-init.constants';
import { parseDuration } from '../../common/duration';
import { normalizeXname, xnameType } from '../../common/xname/xname';
import { ConfigError, loadConfig } from '../../config/config.loader';
import { seg } from '../api/api.client';
import { contextOf } from '../cli-context';
import { usageError } from '../cli-error';
import { CliIo } from '../cli-io';

/**
 * `hwctl token node XNAME`: a node token for the cloud-init secure stage (scope `node`, audience
 * `cloud-init`, subject = the node), what OpenCHAMI's tpm-manager drops on a booting node (seeds/003).
 * By default hwctld issues it (POST /cloud-init/admin/node-tokens/XNAME, needs an `admin` token), which
 * checks that the node exists; `--offline` mints it from the daemon's configuration and secret, like
 * `hwctl token create`. Only the token goes to stdout:
 *   hwctl token node x1000c1s7b1n0 | ssh nid001 'cat > /run/hwctl/node.token'
 */
export function registerNodeTokenCommand(token: Command, io: CliIo): void {
  token
    .command('node')
    .description('print a short-lived node token for the cloud-init secure stage (and nothing else) on stdout')
    .argument('<xname>', 'the node (a Node xname, e.g. x1000c1s7b1n0)')
    .option('--ttl <duration>', `lifetime, e.g. 10m, 1h (default: HWCTL_CLOUDINIT_NODE_TOKEN_TTL; at most ${NODE_TOKEN_MAX_TTL_SECONDS / 3600}h)`)
    .option('--offline', 'mint it locally from the daemon configuration (HWCTL_JWT_SECRET or the key file) instead of asking hwctld')
    .action(async (rawXname: string, opts: { ttl?: string; offline?: boolean }, command: Command) => {
      const xname = normalizeXname(rawXname);
      if (xnameType(xname) !== 'Node') throw usageError(`"${rawXname}" is not a node xname (e.g. x1000c1s7b1n0)`);
      const ttlSeconds = opts.ttl === undefined ? undefined : parseTtl(opts.ttl);
      let jwt: string;
      if (opts.offline) {
        const config = configFrom(io.env);
        jwt = await issueToken(config, {
          scopes: [NODE_TOKEN_SCOPE],
          audience: NODE_TOKEN_AUDIENCE,
          subject: xname,
          ttlSeconds: ttlSeconds ?? config.cloudInit.nodeTokenTtlSeconds,
        });
      } else {
        const ctx = contextOf(command, io);
        const res = await ctx.withApi((api) => api.post<{ token: string }>(`/cloud-init/admin/node-tokens/${seg(xname)}`, opts.ttl ? { ttl: opts.ttl } : {}));
        jwt = res.token;
      }
      io.out(`${jwt}\n`);
    });
}

function parseTtl(text: string): number {
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch (err) {
    throw usageError(`--ttl: ${(err as Error).message}`);
  }
  if (!(seconds > 0) || seconds > NODE_TOKEN_MAX_TTL_SECONDS) throw usageError(`--ttl: must be between 1s and ${NODE_TOKEN_MAX_TTL_SECONDS / 3600}h`);
  return seconds;
}

function configFrom(env: NodeJS.ProcessEnv) {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw usageError(['invalid configuration (the same HWCTL_* settings as hwctld):', ...err.problems]);
    throw err;
  }
}
