import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * INSERT … ON CONFLICT (key) DO UPDATE of complete rows, in chunks: one statement per chunk, where
 * TypeORM's save() loads every row by its key first and then writes each one (two to three statements
 * per row). Rows must carry every column: an absent property is written as the column's default (as
 * TypeORM's own insert does) and so resets that column on update, where save() would have left it alone.
 *
 * The SQL is written here, not by TypeORM's query builder: building it there cost ~0.15 ms per statement
 * (alias and parameter rewriting over the whole query), the largest share of a collect's CPU per BMC.
 * Values still go through the driver's preparePersistentValue (booleans, JSON, dates as each database
 * wants them). `excluded.` and ON CONFLICT are the same on SQLite (≥ 3.24) and PostgreSQL. The statement
 * runs on the repository's manager, so inside a transaction when the repository came from one.
 */
export async function upsertRows<T extends ObjectLiteral>(repo: Repository<T>, rows: T[], key: string[], chunk = 500): Promise<void> {
  if (rows.length === 0) return;
  const driver = repo.manager.connection.driver;
  const sqlite = ['better-sqlite3', 'sqlite'].includes(driver.options.type);
  const columns = repo.metadata.columns;
  const keyColumns = key.map((k) => {
    const c = columns.find((col) => col.propertyName === k);
    if (!c) throw new Error(`${repo.metadata.name} has no column ${k}`);
    return c;
  });
  const name = (c: ColumnMetadata) => driver.escape(c.databaseName);
  const head = `INSERT INTO ${driver.escape(repo.metadata.tablePath)} (${columns.map(name).join(', ')}) VALUES `;
  const tail =
    ` ON CONFLICT (${keyColumns.map(name).join(', ')}) DO UPDATE SET ` +
    columns.filter((c) => !keyColumns.includes(c)).map((c) => `${name(c)} = excluded.${name(c)}`).join(', ');
  for (let i = 0; i < rows.length; i += chunk) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + chunk).map((row) => {
      const values = columns.map((c) => {
        const value: unknown = driver.preparePersistentValue(c.getEntityValue(row), c);
        if (value === undefined) {
          // SQLite has no DEFAULT in VALUES: the column's default literal, as TypeORM's insert writes it.
          if (!sqlite) return 'DEFAULT';
          return c.default !== undefined && c.default !== null ? driver.normalizeDefault(c)! : 'NULL';
        }
        params.push(value);
        return sqlite ? '?' : `$${params.length}`;
      });
      return `(${values.join(', ')})`;
    });
    await repo.manager.query(head + tuples.join(', ') + tail, params);
  }
}

/** The object without its undefined properties (what save() would have left untouched on update). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
