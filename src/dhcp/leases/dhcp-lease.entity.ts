import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DhcpLeaseState = 'offered' | 'bound' | 'declined';

/**
 * A pool lease for a MAC the inventory does not know (HWCTL_DHCP_UNKNOWN_POLICY=pool). Kept in the
 * database so DHCP replicas agree: the primary key makes an address belong to one MAC, the unique
 * index on `mac` gives a MAC at most one address. A declined address (RFC 2131 §4.3.3) has no MAC.
 */
@Entity('dhcp_leases')
export class DhcpLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 15 })
  ip: string;

  @Index('uq_dhcp_leases_mac', { unique: true })
  @Column({ type: 'varchar', length: 17, nullable: true })
  mac: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: DhcpLeaseState;

  @Column({ name: 'expires_at', type: 'varchar', length: 32 })
  expiresAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
