import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/config';
import { MIGRATIONS } from './migrations';
import { ENTITIES } from './entities';

/**
 * TypeORM options for either database. `synchronize` stays off: the schema comes only from the
 * committed migrations, which run at start (migrationsRun) inside one transaction each.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') fs.mkdirSync(path.dirname(db.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      // WAL lets readers run beside the single writer; FKs are off by default in SQLite.
      prepareDatabase: (conn: any) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        // In WAL mode NORMAL syncs at checkpoints, not at every commit: SQLite's recommended setting
        // with WAL (always consistent; the last commits may roll back after a power cut or OS crash).
        // FULL blocked the event loop ~1–3 ms per commit here (better-sqlite3 is synchronous).
        conn.pragma(`synchronous = ${db.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      },
    };
  }
  return { ...common, type: 'postgres', url: db.url, extra: { max: db.poolSize } };
}

export function createDataSource(db: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(db));
}
