import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../helpers/databases';

// Migrations must apply to an empty database and to one left at every earlier migration, keep the
// data already there, and undo cleanly — on both SQLite and PostgreSQL (STYLE.md §12).
async function hasTable(ds: DataSource, table: string): Promise<boolean> {
  const runner = ds.createQueryRunner();
  try {
    return await runner.hasTable(table);
  } finally {
    await runner.release();
  }
}

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await db.drop();
  });

  const open = async (migrations: unknown[]) => {
    const ds = new DataSource({ ...dataSourceOptions(db.config), migrations: migrations as any, migrationsRun: false });
    await ds.initialize();
    return ds;
  };

  it('applies every migration to an empty database', async () => {
    const ds = await open(MIGRATIONS);
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(await ds.showMigrations()).toBe(false);
    for (const table of ['components', 'redfish_endpoints', 'component_endpoints', 'ethernet_interfaces', 'groups', 'group_members']) {
      expect(await hasTable(ds, table)).toBe(true);
    }
    await ds.destroy();
  });

  it.each(MIGRATIONS.slice(0, -1).map((_, i) => i + 1))(
    'upgrades a database left at migration %i and keeps its data',
    async (upTo) => {
      const old = await open(MIGRATIONS.slice(0, upTo));
      await old.runMigrations();
      await old.query(
        `INSERT INTO components (id, type, state, flag, enabled, nid, updated_at) VALUES ('x1000c1s7b1n0', 'Node', 'On', 'OK', ${kind === 'sqlite' ? 1 : 'true'}, 1, '2026-01-01T00:00:00.000Z')`,
      );
      await old.destroy();

      const ds = await open(MIGRATIONS);
      const applied = await ds.runMigrations();
      expect(applied).toHaveLength(MIGRATIONS.length - upTo);
      const rows = await ds.query(`SELECT id, nid FROM components`);
      expect(rows).toEqual([{ id: 'x1000c1s7b1n0', nid: 1 }]);
      await ds.destroy();
    },
  );

  it('undoes every migration back to an empty schema', async () => {
    const ds = await open(MIGRATIONS);
    await ds.runMigrations();
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    expect(await hasTable(ds, 'components')).toBe(false);
    expect(await hasTable(ds, 'groups')).toBe(false);
    await ds.destroy();
  });
});
