import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What answered at one address:port during a scan (magellan's RemoteAsset, plus what the probe learned). */
@Entity('discovery_scan_results')
export class ScanResultEntity {
  @PrimaryColumn({ name: 'scan_id', type: 'varchar', length: 36 })
  scanId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  address: string;

  @PrimaryColumn({ type: 'integer' })
  port: number;

  /** tcp (Redfish) or udp (IPMI RMCP). */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  protocol: 'tcp' | 'udp';

  /** Redfish | IPMI (magellan service_type). */
  @Column({ name: 'service_type', type: 'varchar', length: 16 })
  serviceType: 'Redfish' | 'IPMI';

  /** redfish: root answered 200; auth-required: root answered 401 (non-compliant BMC); ipmi: RMCP answered; ssdp: an SSDP answer. */
  @Column({ type: 'varchar', length: 24 })
  status: 'redfish' | 'auth-required' | 'ipmi' | 'ssdp';

  @Column({ type: 'varchar', length: 8, default: 'https' })
  scheme: string;

  @Column({ name: 'redfish_version', type: 'varchar', length: 32, default: '' })
  redfishVersion: string;

  @Column({ name: 'service_uuid', type: 'varchar', length: 64, default: '' })
  serviceUuid: string;

  @Column({ type: 'varchar', length: 128, default: '' })
  vendor: string;

  /** Filled when the BMC was collected: its xname, DiscoverOK or the failure status and message. */
  @Column({ type: 'varchar', length: 64, default: '' })
  xname: string;

  @Column({ name: 'collect_status', type: 'varchar', length: 32, default: '' })
  collectStatus: string;

  @Column({ name: 'collect_error', type: 'text', nullable: true })
  collectError: string | null;

  @Column({ type: 'varchar', length: 32 })
  timestamp: string;
}
