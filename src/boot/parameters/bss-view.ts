import { BootParameterEntity } from '../entities/boot-parameter.entity';

/** BSS `bssTypes.BootParams` as it goes on the wire (Go field order; empty fields omitted). */
export interface BssBootParams {
  hosts?: string[];
  macs?: string[];
  nids?: number[];
  params?: string;
  kernel?: string;
  initrd?: string;
  'cloud-init': typeof EMPTY_CLOUD_INIT;
}

/**
 * BSS always emits `cloud-init`; its SQL store keeps none, so this is what every entry carries (seeds/003
 * shows exactly this object from `ochami bss boot params get`). Cloud-init data lives under /cloud-init.
 */
export const EMPTY_CLOUD_INIT = {
  'meta-data': null,
  'user-data': null,
  'phone-home': { pub_key_dsa: '', pub_key_rsa: '', pub_key_ecdsa: '', instance_id: '', hostname: '', fqdn: '' },
};

/**
 * Folds rows with the same (kernel, initrd, params) into one entry listing all their targets, as BSS's
 * SqlGetBootParams does; entries come in order of first appearance, targets in row order. Group targets
 * are listed under `hosts`, where BSS lists its boot-group names.
 */
export function toBssView(rows: BootParameterEntity[]): BssBootParams[] {
  const byConfig = new Map<string, { hosts: string[]; macs: string[]; nids: number[]; row: BootParameterEntity }>();
  for (const r of rows) {
    const id = JSON.stringify([r.kernel, r.initrd, r.params]);
    let e = byConfig.get(id);
    if (!e) byConfig.set(id, (e = { hosts: [], macs: [], nids: [], row: r }));
    if (r.kind === 'mac') e.macs.push(r.target);
    else if (r.kind === 'nid') e.nids.push(Number(r.target));
    else e.hosts.push(r.target);
  }
  return [...byConfig.values()].map(({ hosts, macs, nids, row }) => ({
    ...(hosts.length ? { hosts } : {}),
    ...(macs.length ? { macs } : {}),
    ...(nids.length ? { nids } : {}),
    ...(row.params ? { params: row.params } : {}),
    ...(row.kernel ? { kernel: row.kernel } : {}),
    ...(row.initrd ? { initrd: row.initrd } : {}),
    'cloud-init': EMPTY_CLOUD_INIT,
  }));
}
