import { Column, Entity, PrimaryColumn } from 'typeorm';

/** BMC address → xname, set through the API (magellan --bmc-id-map, stored). */
@Entity('discovery_xname_map')
export class XnameMapEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  address: string;

  @Column({ type: 'varchar', length: 64 })
  xname: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
