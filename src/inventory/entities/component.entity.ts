import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An SMD State/Component (hms-base Component). ID is a normalized xname; Type is derived from it. */
@Entity('components')
export class ComponentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 16, default: 'Unknown' })
  state: string;

  @Column({ type: 'varchar', length: 16, default: 'OK' })
  flag: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'software_status', type: 'varchar', length: 64, default: '' })
  softwareStatus: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  role: string;

  @Column({ name: 'sub_role', type: 'varchar', length: 32, default: '' })
  subRole: string;

  @Column({ type: 'integer', nullable: true })
  nid: number | null;

  @Column({ name: 'net_type', type: 'varchar', length: 16, default: '' })
  netType: string;

  @Column({ type: 'varchar', length: 16, default: '' })
  arch: string;

  @Column({ type: 'varchar', length: 16, default: '' })
  class: string;

  @Column({ name: 'sub_type', type: 'varchar', length: 64, default: '' })
  subType: string;

  @Column({ name: 'reservation_disabled', type: 'boolean', default: false })
  reservationDisabled: boolean;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
