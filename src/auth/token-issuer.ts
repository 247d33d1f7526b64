import * as crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { HwctlConfig } from '../config/config';
import { loadJwtSecret } from './jwt-keys';

export interface TokenRequest {
  scopes: string[];
  subject?: string;
  ttlSeconds?: number;
  audience?: string;
  extraClaims?: Record<string, unknown>;
}

/** Mints an HS256 token the daemon accepts. Used by `hwctl token create` and by admin routes. */
export async function issueToken(config: HwctlConfig, req: TokenRequest, secret = loadJwtSecret(config)): Promise<string> {
  const ttl = req.ttlSeconds ?? config.auth.defaultTtlSeconds;
  if (!(ttl > 0)) throw new Error('token lifetime must be positive');
  return new SignJWT({ ...req.extraClaims, scope: req.scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(config.auth.issuer)
    .setAudience(req.audience ?? config.auth.audience)
    .setSubject(req.subject ?? 'hwctl-admin')
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + Math.round(ttl))
    .sign(secret);
}
