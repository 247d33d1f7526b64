import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An SMD Inventory/RedfishEndpoint: a BMC (or other controller) we talk Redfish/IPMI to.
 * The password is stored only as AES-256-GCM ciphertext (`password_sealed`) and never returned.
 */
@Entity('redfish_endpoints')
export class RedfishEndpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  hostname: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  domain: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  fqdn: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'varchar', length: 64, default: '' })
  uuid: string;

  @Column({ name: 'username', type: 'varchar', length: 128, default: '' })
  user: string;

  @Column({ name: 'password_sealed', type: 'text', nullable: true })
  passwordSealed: string | null;

  @Column({ name: 'use_ssdp', type: 'boolean', default: false })
  useSsdp: boolean;

  @Column({ name: 'mac_required', type: 'boolean', default: false })
  macRequired: boolean;

  @Column({ name: 'mac_addr', type: 'varchar', length: 32, default: '' })
  macAddr: string;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, default: '' })
  ipAddress: string;

  @Column({ name: 'rediscover_on_update', type: 'boolean', default: false })
  rediscoverOnUpdate: boolean;

  @Column({ name: 'template_id', type: 'varchar', length: 128, default: '' })
  templateId: string;

  @Column({ name: 'discovery_info', type: 'simple-json' })
  discoveryInfo: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
