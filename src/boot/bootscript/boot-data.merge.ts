import { NodeRecord } from '../../inventory/inventory-reader';
import { BootParameterEntity } from '../entities/boot-parameter.entity';
import { BootData } from './ipxe-script';

/**
 * A node's effective boot data: its groups' parameters are the defaults, its own override them, field by
 * field (kernel, initrd and params each come from the most specific layer that sets it; params are
 * replaced whole, never concatenated).
 *
 * Layers, weakest first:
 *   1. its groups, in membership order (a later group wins, as cloud-init merges groups);
 *   2. its NID, 3. its MACs in interface order, 4. its xname — BSS's key priority (hosts > macs > nids).
 * So a site can PUT kernel+initrd+params for group "compute" and then only `params` for one node.
 */
export function mergeBootData(node: Pick<NodeRecord, 'xname' | 'nid' | 'groups' | 'interfaces'>, rows: BootParameterEntity[]): BootData {
  const find = (kind: BootParameterEntity['kind'], target: string) => rows.find((r) => r.kind === kind && r.target === target);
  const layers = [
    ...node.groups.map((g) => find('group', g)),
    node.nid !== null ? find('nid', String(node.nid)) : undefined,
    ...node.interfaces.map((i) => find('mac', i.mac)),
    find('host', node.xname),
  ];
  const out: BootData = { kernel: '', initrd: '', params: '' };
  for (const l of layers) {
    if (!l) continue;
    if (l.kernel) out.kernel = l.kernel;
    if (l.initrd) out.initrd = l.initrd;
    if (l.params) out.params = l.params;
  }
  return out;
}
