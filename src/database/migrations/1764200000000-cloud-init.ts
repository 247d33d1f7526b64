import { MigrationInterface, QueryRunner, Table } from 'typeorm';

// cloud-init server data. Entries are keyed by (stage, name): the public and the secure stage hold
// separate data for the same group or node. Node and group names are not foreign keys on purpose: sites
// load cloud-init data before (or without) the inventory it will apply to, as OpenCHAMI's server allows.
export class CloudInit1764200000000 implements MigrationInterface {
  name = 'CloudInit1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'cloud_init_entries',
        columns: [
          { name: 'stage', type: 'varchar', length: '16', isPrimary: true },
          { name: 'name', type: 'varchar', length: '255', isPrimary: true },
          { name: 'description', type: 'varchar', length: '1024', default: "''" },
          { name: 'user_data', type: 'text', isNullable: true },
          { name: 'meta_data', type: 'text', isNullable: true },
          { name: 'vendor_data', type: 'text', isNullable: true },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cloud_init_cluster_defaults',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'data', type: 'text' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cloud_init_instance_info',
        columns: [
          { name: 'node_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'data', type: 'text' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('cloud_init_instance_info');
    await q.dropTable('cloud_init_cluster_defaults');
    await q.dropTable('cloud_init_entries');
  }
}
