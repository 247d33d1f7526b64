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

export const NodeRequestInfo = createParamDecorator((_data: unknown, ctx: ExecutionContext): NodeRequest => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return {
    peer: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    authorization: req.headers.authorization,
    origin: `${req.protocol}://${req.headers.host ?? 'localhost'}`,
  };
});
