import { Logger } from '@nestjs/common';
import * as crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('http');

/** One access-log line per request with a request id; no headers or bodies (they may carry secrets). */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
  res.setHeader('X-Request-Id', id);
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.log({ msg: 'request', id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
  });
  next();
}
