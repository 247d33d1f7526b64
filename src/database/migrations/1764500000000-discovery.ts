import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

// Discovery: scans with their results (database records, so progress survives and every replica can
// report it), the BMCs discovery knows with first/last seen and last status, the change log of
// rediscovery, schedules claimed through the database, and the address → xname map.
export class Discovery1764500000000 implements MigrationInterface {
  name = 'Discovery1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = (name: string, nullable = false) => ({ name, type: 'varchar', length: '32', isNullable: nullable });
    const int = (name: string) => ({ name, type: 'integer', default: 0 });
    await q.createTable(
      new Table({
        name: 'discovery_scans',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'spec', type: 'text' },
          { name: 'schedule_id', type: 'varchar', length: '64', isNullable: true },
          int('total'), int('probed'), int('found'), int('collected'), int('failed'),
          { name: 'owner', type: 'varchar', length: '128' },
          ts('heartbeat_at'),
          ts('created_at'),
          ts('finished_at', true),
          { name: 'error', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_discovery_scans_created', columnNames: ['created_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'discovery_scan_results',
        columns: [
          { name: 'scan_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'address', type: 'varchar', length: '64', isPrimary: true },
          { name: 'port', type: 'integer', isPrimary: true },
          { name: 'protocol', type: 'varchar', length: '8', isPrimary: true },
          { name: 'service_type', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '24' },
          { name: 'scheme', type: 'varchar', length: '8', default: "'https'" },
          { name: 'redfish_version', type: 'varchar', length: '32', default: "''" },
          { name: 'service_uuid', type: 'varchar', length: '64', default: "''" },
          { name: 'vendor', type: 'varchar', length: '128', default: "''" },
          { name: 'xname', type: 'varchar', length: '64', default: "''" },
          { name: 'collect_status', type: 'varchar', length: '32', default: "''" },
          { name: 'collect_error', type: 'text', isNullable: true },
          ts('timestamp'),
        ],
        foreignKeys: [
          { name: 'fk_discovery_scan_results_scan', columnNames: ['scan_id'], referencedTableName: 'discovery_scans', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'discovered_bmcs',
        columns: [
          { name: 'endpoint', type: 'varchar', length: '80', isPrimary: true },
          { name: 'address', type: 'varchar', length: '64' },
          { name: 'port', type: 'integer' },
          { name: 'scheme', type: 'varchar', length: '8', default: "'https'" },
          { name: 'xname', type: 'varchar', length: '64', default: "''" },
          { name: 'service_uuid', type: 'varchar', length: '64', default: "''" },
          { name: 'bmc_mac', type: 'varchar', length: '32', default: "''" },
          { name: 'redfish_version', type: 'varchar', length: '32', default: "''" },
          { name: 'vendor', type: 'varchar', length: '128', default: "''" },
          { name: 'fingerprint', type: 'text' },
          { name: 'ipmi', type: 'boolean', default: false },
          { name: 'present', type: 'boolean', default: true },
          ts('first_seen'),
          ts('last_seen'),
          ts('last_attempt'),
          { name: 'last_status', type: 'varchar', length: '32' },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_discovered_bmcs_xname', columnNames: ['xname'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'discovery_changes',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          ts('at'),
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'endpoint', type: 'varchar', length: '80' },
          { name: 'xname', type: 'varchar', length: '64', default: "''" },
          { name: 'scan_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'detail', type: 'text' },
        ],
        indices: [new TableIndex({ name: 'idx_discovery_changes_endpoint', columnNames: ['endpoint'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'discovery_schedules',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'targets', type: 'text' },
          { name: 'ports', type: 'text' },
          { name: 'interval_seconds', type: 'integer', isNullable: true },
          { name: 'cron', type: 'varchar', length: '128', isNullable: true },
          { name: 'collect', type: 'boolean', default: true },
          { name: 'enabled', type: 'boolean', default: true },
          { name: 'source', type: 'varchar', length: '16', default: "'api'" },
          ts('next_run_at'),
          ts('last_run_at', true),
          { name: 'last_scan_id', type: 'varchar', length: '36', isNullable: true },
          int('skipped_runs'),
          { name: 'lease_owner', type: 'varchar', length: '128', isNullable: true },
          ts('lease_until', true),
          ts('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'discovery_xname_map',
        columns: [{ name: 'address', type: 'varchar', length: '64', isPrimary: true }, { name: 'xname', type: 'varchar', length: '64' }, ts('updated_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['discovery_xname_map', 'discovery_schedules', 'discovery_changes', 'discovered_bmcs', 'discovery_scan_results', 'discovery_scans']) await q.dropTable(t);
  }
}
