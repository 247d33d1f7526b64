import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An SMD Inventory/ComponentEndpoint: where a component lives in its BMC's Redfish tree.
 * Created only through RedfishEndpoints; removed with its RedfishEndpoint (FK ON DELETE CASCADE).
 * `info` holds RedfishSystemInfo / RedfishManagerInfo as SMD returns them.
 */
@Entity('component_endpoints')
export class ComponentEndpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ name: 'redfish_type', type: 'varchar', length: 64, default: '' })
  redfishType: string;

  @Column({ name: 'redfish_subtype', type: 'varchar', length: 64, default: '' })
  redfishSubtype: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  uuid: string;

  @Column({ name: 'odata_id', type: 'varchar', length: 512, default: '' })
  odataId: string;

  @Column({ name: 'redfish_endpoint_id', type: 'varchar', length: 64 })
  redfishEndpointId: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'redfish_url', type: 'varchar', length: 1024, default: '' })
  redfishUrl: string;

  @Column({ name: 'component_endpoint_type', type: 'varchar', length: 64, default: '' })
  componentEndpointType: string;

  @Column({ type: 'simple-json' })
  info: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
