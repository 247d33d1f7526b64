import { MigrationInterface, QueryRunner, Table } from 'typeorm';

// BSS-compatible boot parameters, one row per target (host xname, boot MAC, NID or group label).
// The composite primary key is the lookup index for bootscript requests; no foreign key to the
// inventory, on purpose: BSS lets parameters be set before (or without) the node being known.
export class BootParameters1764300000000 implements MigrationInterface {
  name = 'BootParameters1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'boot_parameters',
        columns: [
          { name: 'kind', type: 'varchar', length: '8', isPrimary: true },
          { name: 'target', type: 'varchar', length: '255', isPrimary: true },
          { name: 'kernel', type: 'text', default: "''" },
          { name: 'initrd', type: 'text', default: "''" },
          { name: 'params', type: 'text', default: "''" },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('boot_parameters');
  }
}
