import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DatabaseConfig } from '../../src/config/config';

/** A fresh, empty database of one kind for one suite, and how to throw it away. */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  config: DatabaseConfig;
  url: string;
  drop(): Promise<void>;
}

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;

export async function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-sqlite-'));
    const file = path.join(dir, 'nested', 'hwctl.sqlite'); // the folder must be created on first start
    return {
      kind,
      config: { type: 'sqlite', path: file },
      url: `sqlite:${file}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.HWCTL_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('HWCTL_TEST_DATABASE_URL is not set: the jest globalSetup should have set it');
  const name = `hwctl_test_${crypto.randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind,
    config: { type: 'postgres', url, poolSize: 5 },
    url,
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
