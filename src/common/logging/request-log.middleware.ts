import { Logger } from '@nestjs/common';
import * as crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('http');

/** The request's id: the client's X-Request-Id (at most 64 characters) or a new UUID. Fast paths use it too. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  return (headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
}

/** One access-log line per request with a request id; no headers or bodies (they may carry secrets). */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const id = requestIdOf(req.headers);
  res.setHeader('X-Request-Id', id);
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.log({ msg: 'request', id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
  });
  next();
}
