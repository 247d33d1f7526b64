import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface IpAddressEntry {
  IPAddress: string;
  Network?: string;
}

/** An SMD CompEthInterface V2. ID = lowercase MAC without separators; one row per MAC. */
@Entity('ethernet_interfaces')
export class EthernetInterfaceEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'mac_address', type: 'varchar', length: 32, unique: true })
  macAddress: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  description: string;

  @Column({ name: 'component_id', type: 'varchar', length: 64, default: '' })
  componentId: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  type: string;

  @Column({ name: 'ip_addresses', type: 'simple-json' })
  ipAddresses: IpAddressEntry[];

  @Column({ name: 'last_update', type: 'varchar', length: 32 })
  lastUpdate: string;
}
