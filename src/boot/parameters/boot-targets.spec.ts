import { HwctlError } from '../../common/errors/hwctl-error';
import { mergeBootData } from '../bootscript/boot-data.merge';
import { BootParameterEntity } from '../entities/boot-parameter.entity';
import { firstKind, parseTargets } from './boot-targets';

describe('parseTargets', () => {
  const groups = new Set(['compute']);

  it('normalizes Node xnames, group labels, MACs and NIDs, dropping duplicates', () => {
    expect(parseTargets({ hosts: ['X1000C1S7B01N0', 'Compute', 'x1000c1s7b1n0'], macs: ['DE-AD-BE-EF-00-01'], nids: [3, 3] }, groups)).toEqual({
      hosts: [{ kind: 'host', target: 'x1000c1s7b1n0' }, { kind: 'group', target: 'compute' }],
      macs: [{ kind: 'mac', target: 'de:ad:be:ef:00:01' }],
      nids: [{ kind: 'nid', target: '3' }],
    });
  });

  it.each([
    [{ hosts: ['x1000c1s7b1'] }, 'hosts[0]', /NodeBMC xname/],
    [{ hosts: ['x1000c1s7b1n'] }, 'hosts[0]', /not a valid xname/],
    [{ hosts: ['gpu'] }, 'hosts[0]', /inventory group/],
    [{ hosts: ['bad label!'] }, 'hosts[0]', /neither/],
    [{ macs: ['de:ad:be:ef:00:01', 'nope'] }, 'macs[1]', /not a MAC/],
  ])('refuses %j naming %s', (body, field, message) => {
    try {
      parseTargets(body, groups);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(HwctlError);
      expect((err as HwctlError).fields).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
  });

  it('accepts any well-formed label when groups are not checked (DELETE of an orphan)', () => {
    expect(parseTargets({ hosts: ['gone'] }).hosts).toEqual([{ kind: 'group', target: 'gone' }]);
  });

  it('picks hosts, else macs, else nids for POST and DELETE', () => {
    expect(firstKind(parseTargets({ macs: ['aa:bb:cc:dd:ee:ff'], nids: [1] }))).toEqual([{ kind: 'mac', target: 'aa:bb:cc:dd:ee:ff' }]);
  });
});

describe('mergeBootData', () => {
  const row = (kind: BootParameterEntity['kind'], target: string, f: Partial<BootParameterEntity>) => Object.assign(new BootParameterEntity(), { kind, target, kernel: '', initrd: '', params: '', updatedAt: '', ...f });
  const node = { xname: 'x1c0s0b0n0', nid: 7, groups: ['base', 'gpu'], interfaces: [{ mac: 'aa:aa:aa:aa:aa:01', description: '', ips: [] }] };

  it('layers groups (later wins), then nid, mac, xname — field by field', () => {
    const rows = [
      row('group', 'base', { kernel: 'k-base', initrd: 'i-base', params: 'p-base' }),
      row('group', 'gpu', { kernel: 'k-gpu' }),
      row('nid', '7', { params: 'p-nid' }),
      row('mac', 'aa:aa:aa:aa:aa:01', { params: 'p-mac' }),
      row('host', 'x1c0s0b0n0', { initrd: 'i-host' }),
      row('group', 'other', { kernel: 'not mine' }),
    ];
    expect(mergeBootData(node, rows)).toEqual({ kernel: 'k-gpu', initrd: 'i-host', params: 'p-mac' });
    expect(mergeBootData(node, [])).toEqual({ kernel: '', initrd: '', params: '' });
  });
});
