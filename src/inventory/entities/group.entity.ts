import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An SMD group. Labels, tags and exclusiveGroup are lowercase and match ^[-a-z0-9:._]+$. */
@Entity('groups')
export class GroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  label: string;

  @Column({ type: 'varchar', length: 1024, default: '' })
  description: string;

  @Column({ name: 'exclusive_group', type: 'varchar', length: 255, default: '' })
  exclusiveGroup: string;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}

/** Group membership; ordered by `position` so "membership order" is stable for cloud-init merges. */
@Entity('group_members')
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_label', type: 'varchar', length: 255 })
  groupLabel: string;

  @PrimaryColumn({ name: 'component_id', type: 'varchar', length: 64 })
  componentId: string;

  @Column({ name: 'exclusive_group', type: 'varchar', length: 255, default: '' })
  exclusiveGroup: string;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
