import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { HwctlError } from '../common/errors/hwctl-error';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';
import { grants, Scope, scopesOf } from './scopes';
import { TokenRejected, TokenVerifier } from './token-verifier';

/** Global guard: bearer JWT → 401 when missing/invalid, 403 when it lacks the route's scope. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Inject(HWCTL_CONFIG) private readonly config: HwctlConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (!this.config.auth.enabled) return true;
    const req = ctx.switchToHttp().getRequest<Request & { auth?: unknown }>();
    const needed: Scope =
      this.reflector.getAllAndOverride<Scope>(REQUIRED_SCOPE, targets) ??
      (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write');

    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized('missing bearer token');
    let claims;
    try {
      claims = await this.verifier.verify(m[1]);
    } catch (err) {
      const reason = err instanceof TokenRejected ? err.message : 'token verification failed';
      this.logger.warn({ msg: 'token rejected', method: req.method, path: req.path, reason });
      throw unauthorized(`invalid token: ${reason}`);
    }
    if (!grants(scopesOf(claims), needed)) {
      throw new HwctlError('FORBIDDEN', 403, `token lacks the "${needed}" scope`);
    }
    req.auth = claims;
    return true;
  }
}

function unauthorized(message: string): HwctlError {
  return new HwctlError('UNAUTHORIZED', 401, message);
}
