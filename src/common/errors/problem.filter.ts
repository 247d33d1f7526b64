import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HwctlError } from './hwctl-error';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from './problem';

/**
 * The one place errors become HTTP: RFC 7807 application/problem+json {type,title,status,detail}.
 * Unknown errors are logged (with stack) and answered as a bare 500 that reveals nothing.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toProblem(err, req);
    if (res.headersSent) return;
    if (body.status === 405 && err instanceof HttpException) {
      const allow = (err.getResponse() as { allow?: string }).allow;
      if (allow) res.setHeader('Allow', allow);
    }
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(err: unknown, req: Request): Problem {
    if (err instanceof HwctlError) {
      return problem(err.status, err.message, { code: err.code, ...(err.fields ? { errors: err.fields } : {}) });
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const payload = err.getResponse();
      if (typeof payload === 'object' && payload !== null && 'problem' in payload) {
        return (payload as { problem: Problem }).problem;
      }
      const message = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
      const detail = Array.isArray(message) ? message.join('; ') : String(message ?? err.message);
      return problem(status, detail);
    }
    this.logger.error({ msg: 'unhandled error', method: req.method, path: req.path, err: describe(err) });
    return problem(500, 'internal error');
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
