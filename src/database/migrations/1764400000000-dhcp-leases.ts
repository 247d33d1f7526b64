import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

// DHCP pool leases for MACs the inventory does not know (src/dhcp/leases). The primary key on `ip`
// and the unique index on `mac` are what let several DHCP replicas share one pool without handing an
// address to two MACs or two addresses to one MAC; NULL macs (declined addresses) do not collide.
export class DhcpLeases1764400000000 implements MigrationInterface {
  name = 'DhcpLeases1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dhcp_leases',
        columns: [
          { name: 'ip', type: 'varchar', length: '15', isPrimary: true },
          { name: 'mac', type: 'varchar', length: '17', isNullable: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'expires_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        indices: [new TableIndex({ name: 'uq_dhcp_leases_mac', columnNames: ['mac'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dhcp_leases');
  }
}
