import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** What a node route needs to know about its request (kept out of services: no express types there). */
export interface NodeRequest {
  /** TCP peer address as the socket reports it. */
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
  authorization: string | undefined;
  /** `<scheme>://<Host header>`, the origin the node used to reach us. */
  origin: string;
}

/**
 * Read from the bare Node request, so the Nest route and the fast path (node-data-fast-path.ts) see the
 * same identity: which node asks is decided from these fields only (TrustedProxies.clientIp). The scheme
 * is the socket's, as Express's `req.protocol` gives it with "trust proxy" off (our default): a
 * client-sent X-Forwarded-Proto is no evidence.
 */
export function nodeRequestOf(req: IncomingMessage): NodeRequest {
  return {
    peer: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    authorization: req.headers.authorization,
    origin: `${(req.socket as TLSSocket).encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`,
  };
}

export const NodeRequestInfo = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): NodeRequest => nodeRequestOf(ctx.switchToHttp().getRequest<Request>()),
);
