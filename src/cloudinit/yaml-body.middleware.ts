import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE } from '../common/errors/problem';
import { HWCTL_CONFIG } from '../config/config.module';
import { HwctlConfig } from '../config/config';
import { parseYamlBody } from './render/cloud-config';

/** Content types a YAML body may be sent with (there is no registered one; these are the ones tools use). */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/**
 * The cloud-init admin API takes YAML bodies as well as JSON (seeds/003 writes its payloads in YAML):
 * a YAML body is parsed here into the same data a JSON body gives, then validated by the same DTOs.
 * Malformed YAML is a 400 problem naming line and column; nothing is stored.
 */
@Injectable()
export class YamlBodyMiddleware implements NestMiddleware {
  private readonly text: ReturnType<typeof express.text>;

  constructor(@Inject(HWCTL_CONFIG) private readonly config: HwctlConfig) {
    this.text = express.text({ type: YAML_TYPES, limit: config.http.bodyLimit });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (!req.is(YAML_TYPES)) return next();
    this.text(req, res, (err?: any) => {
      const fail = (status: number, detail: string, code: string) =>
        res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem(status, detail, { code })));
      if (err) {
        const status = typeof err.status === 'number' ? err.status : 400;
        return fail(status, err.type === 'entity.too.large' ? `request body exceeds the ${this.config.http.bodyLimit} limit` : String(err.message), String(err.type ?? 'BAD_REQUEST'));
      }
      try {
        req.body = parseYamlBody(typeof req.body === 'string' ? req.body : '');
      } catch (e) {
        return fail(400, `malformed YAML body: ${(e as Error).message}`, 'entity.parse.failed');
      }
      next();
    });
  }
}
