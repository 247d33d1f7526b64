import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The MACs a BMC reported last time, to notice changes on rediscovery. */
export interface BmcFingerprint {
  /** When these MACs were read (absent until a walk succeeded: nothing to compare with yet). */
  collectedAt?: string;
  bmcMac?: string;
  /** Node xname → its MACs, in walk order. */
  nodes: Record<string, string[]>;
}

/**
 * A BMC discovery knows about, keyed by where we reach it (address:port): its xname, identity, MACs,
 * first/last seen, and the outcome of the last discovery (SMD LastDiscoveryStatus vocabulary).
 */
@Entity('discovered_bmcs')
@Index('idx_discovered_bmcs_xname', ['xname'])
export class DiscoveredBmcEntity {
  /** "address:port". */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  endpoint: string;

  @Column({ type: 'varchar', length: 64 })
  address: string;

  @Column({ type: 'integer' })
  port: number;

  @Column({ type: 'varchar', length: 8, default: 'https' })
  scheme: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  xname: string;

  @Column({ name: 'service_uuid', type: 'varchar', length: 64, default: '' })
  serviceUuid: string;

  @Column({ name: 'bmc_mac', type: 'varchar', length: 32, default: '' })
  bmcMac: string;

  @Column({ name: 'redfish_version', type: 'varchar', length: 32, default: '' })
  redfishVersion: string;

  @Column({ type: 'varchar', length: 128, default: '' })
  vendor: string;

  @Column({ type: 'simple-json' })
  fingerprint: BmcFingerprint;

  /** Answered RMCP on the IPMI port in the last scan that probed it. */
  @Column({ type: 'boolean', default: false })
  ipmi: boolean;

  /** False once a scan covering this address found nothing there (a vanished BMC). */
  @Column({ type: 'boolean', default: true })
  present: boolean;

  @Column({ name: 'first_seen', type: 'varchar', length: 32 })
  firstSeen: string;

  @Column({ name: 'last_seen', type: 'varchar', length: 32 })
  lastSeen: string;

  @Column({ name: 'last_attempt', type: 'varchar', length: 32 })
  lastAttempt: string;

  /** DiscoverOK, HTTPsGetFailed, VerificationFailed (auth), EPResponseFailedDecode, StoreFailed, NotInMap, Vanished. */
  @Column({ name: 'last_status', type: 'varchar', length: 32 })
  lastStatus: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
