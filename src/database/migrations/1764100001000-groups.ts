import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

// Groups and memberships. A member row goes with its group and with its component (FK cascades).
// The partial unique index enforces SMD's exclusive groups: a component may belong to at most one
// group sharing the same non-empty exclusiveGroup.
export class Groups1764100001000 implements MigrationInterface {
  name = 'Groups1764100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'groups',
        columns: [
          { name: 'label', type: 'varchar', length: '255', isPrimary: true },
          { name: 'description', type: 'varchar', length: '1024', default: "''" },
          { name: 'exclusive_group', type: 'varchar', length: '255', default: "''" },
          { name: 'tags', type: 'text' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'group_members',
        columns: [
          { name: 'group_label', type: 'varchar', length: '255', isPrimary: true },
          { name: 'component_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'exclusive_group', type: 'varchar', length: '255', default: "''" },
          { name: 'position', type: 'integer', default: 0 },
        ],
        foreignKeys: [
          {
            name: 'fk_group_members_group',
            columnNames: ['group_label'],
            referencedTableName: 'groups',
            referencedColumnNames: ['label'],
            onDelete: 'CASCADE',
          },
          {
            name: 'fk_group_members_component',
            columnNames: ['component_id'],
            referencedTableName: 'components',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          new TableIndex({ name: 'idx_group_members_component', columnNames: ['component_id'] }),
          new TableIndex({
            name: 'uq_group_members_exclusive',
            columnNames: ['exclusive_group', 'component_id'],
            isUnique: true,
            where: "exclusive_group <> ''",
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('group_members');
    await q.dropTable('groups');
  }
}
