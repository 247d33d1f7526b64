import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE } from './errors/problem';

/**
 * JSON body parsing whose failures are RFC 7807 problems like every other error: malformed JSON
 * is a 400 naming the position, an oversize body a 413 naming the limit. Nothing is stored either way.
 */
export function jsonBody(limit: string) {
  const parse = express.json({ limit, type: ['application/json', 'application/*+json'], strict: false });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: any) => {
      if (!err) return next();
      const status = typeof err.status === 'number' ? err.status : 400;
      const detail =
        err.type === 'entity.too.large'
          ? `request body exceeds the ${limit} limit`
          : err.type === 'entity.parse.failed'
            ? `malformed JSON body: ${err.message}`
            : err.message;
      res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem(status, detail, { code: err.type })));
    });
}
