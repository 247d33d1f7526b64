import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a set of boot parameters is keyed by. BSS keys a node by exactly one of xname ("hosts"), boot MAC
 * or NID (reference §3.1); `group` is hwctl's addition: an inventory group label, whose parameters are
 * the default for its members (a node's own parameters win, field by field).
 */
export type BootTargetKind = 'host' | 'mac' | 'nid' | 'group';

/**
 * One target's boot parameters. Like BSS's SQL store, a config shared by many nodes is stored once per
 * node; GET /bootparameters folds identical (kernel, initrd, params) back into one entry.
 */
@Entity('boot_parameters')
export class BootParameterEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  kind: BootTargetKind;

  /** Normalized: lowercase xname without leading zeros, aa:bb:cc:dd:ee:ff, decimal NID, lowercase label. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  target: string;

  @Column({ type: 'text', default: '' })
  kernel: string;

  @Column({ type: 'text', default: '' })
  initrd: string;

  @Column({ type: 'text', default: '' })
  params: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
