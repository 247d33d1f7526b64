import { Inject, Injectable, Logger } from '@nestjs/common';
import { scopesOf } from '../../auth/scopes';
import { issueToken } from '../../auth/token-issuer';
import { TokenRejected, TokenVerifier } from '../../auth/token-verifier';
import { HwctlError, notFound } from '../../common/errors/hwctl-error';
import { normalizeXname } from '../../common/xname/xname';
import { HWCTL_CONFIG } from '../../config/config.module';
import { HwctlConfig } from '../../config/config';
import { NODE_TOKEN_AUDIENCE, NODE_TOKEN_MAX_TTL_SECONDS, NODE_TOKEN_SCOPE } from '../cloud-init.constants';
import { CloudInitCache } from './cloud-init-cache.service';

export interface IssuedNodeToken {
  token: string;
  xname: string;
  audience: string;
  scope: string;
  expiresAt: string;
}

/**
 * Node tokens: short-lived JWTs (scope `node`, audience `cloud-init`, subject = the node's xname) that
 * open the secure stage for that one node — the job OpenCHAMI's tpm-manager does in seeds/003 (it drops a
 * JWT on each booting node so the second cloud-init run can fetch secrets). They are HS256 tokens of our
 * own issuer (auth/token-issuer.ts); tokens of an identity provider (HWCTL_JWKS_URL) with the same claims
 * are accepted too.
 */
@Injectable()
export class NodeTokenService {
  private readonly log = new Logger('cloud-init');

  constructor(
    private readonly cache: CloudInitCache,
    private readonly verifier: TokenVerifier,
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
  ) {}

  /** A token for a node of the inventory (404 otherwise); `ttlSeconds` defaults to HWCTL_CLOUDINIT_NODE_TOKEN_TTL. */
  async issue(rawXname: string, ttlSeconds?: number): Promise<IssuedNodeToken> {
    const node = await this.cache.nodeByXname(rawXname);
    if (!node) throw notFound(`no node ${normalizeXname(rawXname)} in the inventory`);
    const ttl = ttlSeconds ?? this.config.cloudInit.nodeTokenTtlSeconds;
    if (!(ttl > 0) || ttl > NODE_TOKEN_MAX_TTL_SECONDS) {
      throw new HwctlError('BAD_REQUEST', 400, `ttl: must be between 1s and ${NODE_TOKEN_MAX_TTL_SECONDS / 3600}h`, [{ field: 'ttl', message: 'out of range' }]);
    }
    const token = await issueToken(this.config, { scopes: [NODE_TOKEN_SCOPE], audience: NODE_TOKEN_AUDIENCE, subject: node.xname, ttlSeconds: ttl });
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + Math.round(ttl)) * 1000).toISOString();
    this.log.log({ msg: 'node token issued', xname: node.xname, ttl, expiresAt });
    return { token, xname: node.xname, audience: NODE_TOKEN_AUDIENCE, scope: NODE_TOKEN_SCOPE, expiresAt };
  }

  /**
   * The xname a bearer token is a node token for. 401 when there is no token or it does not verify
   * (signature, issuer, audience `cloud-init`, expiry), 403 when it is valid but not a node token.
   */
  async subjectOf(authorization: string | undefined, clientIp: string): Promise<string> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) throw new HwctlError('UNAUTHORIZED', 401, 'the secure stage needs a node token (Authorization: Bearer …; see `hwctl token node`)');
    let claims;
    try {
      claims = await this.verifier.verify(m[1], NODE_TOKEN_AUDIENCE);
    } catch (err) {
      const reason = err instanceof TokenRejected ? err.message : 'token verification failed';
      this.log.warn({ msg: 'node token rejected', ip: clientIp, reason });
      throw new HwctlError('UNAUTHORIZED', 401, `invalid node token: ${reason}`);
    }
    if (!scopesOf(claims).includes(NODE_TOKEN_SCOPE) || typeof claims.sub !== 'string' || !claims.sub) {
      throw new HwctlError('FORBIDDEN', 403, `not a node token (needs scope "${NODE_TOKEN_SCOPE}" and the node's xname as subject)`);
    }
    return normalizeXname(claims.sub);
  }
}
