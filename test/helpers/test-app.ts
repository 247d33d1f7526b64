import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication, LoggerService } from '@nestjs/common';
import { issueToken } from '../../src/auth/token-issuer';
import { createApp } from '../../src/bootstrap';
import { HwctlConfig } from '../../src/config/config';
import { loadConfig } from '../../src/config/config.loader';
import { createTestDatabase, TestDatabase } from './databases';

/** Captures every log line the app writes, so tests can assert that no secret is ever logged. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private push(level: string, args: unknown[]) {
    this.lines.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  }
  log(...a: unknown[]) { this.push('log', a); }
  error(...a: unknown[]) { this.push('error', a); }
  warn(...a: unknown[]) { this.push('warn', a); }
  debug(...a: unknown[]) { this.push('debug', a); }
  verbose(...a: unknown[]) { this.push('verbose', a); }
}

export interface TestApp {
  app: INestApplication;
  config: HwctlConfig;
  db: TestDatabase;
  logger: CapturingLogger;
  server: any;
  token(scope?: 'read' | 'write' | 'admin', ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the real application (same bootstrap as hwctld) on a fresh database of the given kind, or with
 * `opts.db` on that database — a second replica of another app; then the database is left to its owner.
 */
export async function startTestApp(kind: 'sqlite' | 'postgres', env: Record<string, string> = {}, opts: { db?: TestDatabase } = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase(kind));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-data-'));
  const config = loadConfig({ HWCTL_DATABASE_URL: db.url, HWCTL_DATA_DIR: dataDir, HWCTL_HTTP_BODY_LIMIT: '256kb', ...env });
  const logger = new CapturingLogger();
  const app = await createApp(config, logger);
  await app.init();
  return {
    app,
    config,
    db,
    logger,
    server: app.getHttpServer(),
    token: (scope = 'admin', ttlSeconds) => issueToken(config, { scopes: [scope], ttlSeconds }),
    close: async () => {
      await app.close();
      if (!opts.db) await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
