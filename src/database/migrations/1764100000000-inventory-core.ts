import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

// Written with TypeORM's schema builder rather than raw SQL so one migration serves both SQLite and
// PostgreSQL. Timestamps are ISO-8601 strings (what SMD returns) to keep both dialects identical.
const str = (name: string, length: number, dflt: string | null = '') => ({
  name,
  type: 'varchar',
  length: String(length),
  ...(dflt === null ? {} : { default: `'${dflt}'` }),
});
const flag = (name: string, dflt: boolean) => ({ name, type: 'boolean', default: dflt });

export class InventoryCore1764100000000 implements MigrationInterface {
  name = 'InventoryCore1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'components',
        columns: [
          { ...str('id', 64, null), isPrimary: true },
          str('type', 32, null),
          str('state', 16, 'Unknown'),
          str('flag', 16, 'OK'),
          flag('enabled', true),
          str('software_status', 64),
          str('role', 32),
          str('sub_role', 32),
          { name: 'nid', type: 'integer', isNullable: true },
          str('net_type', 16),
          str('arch', 16),
          str('class', 16),
          str('sub_type', 64),
          flag('reservation_disabled', false),
          flag('locked', false),
          str('updated_at', 32, null),
        ],
        indices: [
          new TableIndex({ name: 'idx_components_type', columnNames: ['type'] }),
          new TableIndex({ name: 'idx_components_nid', columnNames: ['nid'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'redfish_endpoints',
        columns: [
          { ...str('id', 64, null), isPrimary: true },
          str('type', 32, null),
          str('name', 255),
          str('hostname', 255),
          str('domain', 255),
          str('fqdn', 255),
          flag('enabled', true),
          str('uuid', 64),
          str('username', 128),
          { name: 'password_sealed', type: 'text', isNullable: true },
          flag('use_ssdp', false),
          flag('mac_required', false),
          str('mac_addr', 32),
          str('ip_address', 64),
          flag('rediscover_on_update', false),
          str('template_id', 128),
          { name: 'discovery_info', type: 'text' },
          str('updated_at', 32, null),
        ],
        indices: [new TableIndex({ name: 'idx_redfish_endpoints_fqdn', columnNames: ['fqdn'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'component_endpoints',
        columns: [
          { ...str('id', 64, null), isPrimary: true },
          str('type', 32, null),
          str('redfish_type', 64),
          str('redfish_subtype', 64),
          str('uuid', 64),
          str('odata_id', 512),
          str('redfish_endpoint_id', 64, null),
          flag('enabled', true),
          str('redfish_url', 1024),
          str('component_endpoint_type', 64),
          { name: 'info', type: 'text' },
          str('updated_at', 32, null),
        ],
        foreignKeys: [
          {
            name: 'fk_component_endpoints_redfish_endpoint',
            columnNames: ['redfish_endpoint_id'],
            referencedTableName: 'redfish_endpoints',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [new TableIndex({ name: 'idx_component_endpoints_rfep', columnNames: ['redfish_endpoint_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ethernet_interfaces',
        columns: [
          { ...str('id', 32, null), isPrimary: true },
          { ...str('mac_address', 32, null), isUnique: true },
          str('description', 255),
          str('component_id', 64),
          str('type', 32),
          { name: 'ip_addresses', type: 'text' },
          str('last_update', 32, null),
        ],
        indices: [new TableIndex({ name: 'idx_ethernet_interfaces_component', columnNames: ['component_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ethernet_interfaces');
    await q.dropTable('component_endpoints');
    await q.dropTable('redfish_endpoints');
    await q.dropTable('components');
  }
}
