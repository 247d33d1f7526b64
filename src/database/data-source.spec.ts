import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config/config.loader';
import { createDataSource } from './data-source';

describe('SQLite data source', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-ds-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // PRAGMA synchronous answers 1 for NORMAL, 2 for FULL (https://sqlite.org/pragma.html#pragma_synchronous).
  it.each([
    [{}, 1],
    [{ HWCTL_SQLITE_SYNCHRONOUS: 'normal' }, 1],
    [{ HWCTL_SQLITE_SYNCHRONOUS: 'full' }, 2],
  ])('runs in WAL mode with synchronous from %j', async (env, expected) => {
    const config = loadConfig({ HWCTL_DATABASE_URL: `sqlite:${path.join(dir, `${expected}-${Object.keys(env).length}.sqlite`)}`, ...env });
    const ds = createDataSource(config.database);
    await ds.initialize();
    try {
      expect(await ds.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: expected }]);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses any other value, naming the key', () => {
    expect(() => loadConfig({ HWCTL_SQLITE_SYNCHRONOUS: 'off' })).toThrow(/HWCTL_SQLITE_SYNCHRONOUS/);
  });
});
