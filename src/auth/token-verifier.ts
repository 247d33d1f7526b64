import { createRemoteJWKSet, decodeProtectedHeader, JWTPayload, jwtVerify } from 'jose';
import { HwctlConfig } from '../config/config';
import { loadJwtSecret } from './jwt-keys';

export class TokenRejected extends Error {}

/**
 * Verifies bearer tokens: HS256 with our own secret, or RS256/ES256 against the JWKS at
 * HWCTL_JWKS_URL when configured (the opaal/hydra setup of the OpenCHAMI deployment recipes).
 * Issuer and audience are checked for our own tokens; JWKS tokens are checked against the same
 * audience and, as BSS and cloud-init require, must carry `sub`.
 */
export class TokenVerifier {
  private readonly secret: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: HwctlConfig) {
    this.secret = loadJwtSecret(config);
    if (config.auth.jwksUrl) {
      this.jwks = createRemoteJWKSet(new URL(config.auth.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    }
  }

  async verify(token: string, audience = this.config.auth.audience): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRejected('malformed token');
    }
    try {
      if (alg === 'HS256') {
        const { payload } = await jwtVerify(token, this.secret, {
          algorithms: ['HS256'],
          issuer: this.config.auth.issuer,
          audience,
        });
        return payload;
      }
      if (this.jwks && (alg === 'RS256' || alg === 'ES256')) {
        const { payload } = await jwtVerify(token, this.jwks, { algorithms: ['RS256', 'ES256'], audience, requiredClaims: ['sub'] });
        return payload;
      }
    } catch (err) {
      throw new TokenRejected((err as Error).message);
    }
    throw new TokenRejected(`unsupported token algorithm ${alg ?? '(none)'}`);
  }
}
