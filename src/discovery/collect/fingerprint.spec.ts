import { macChanges } from './fingerprint';

describe('macChanges', () => {
  it('reports nothing when nothing changed', () => {
    const fp = { bmcMac: '06:00:00:00:00:01', nodes: { x1c0s1b1n0: ['02:00:00:00:00:01'] } };
    expect(macChanges(fp, structuredClone(fp), 'x1c0s1b1')).toEqual([]);
  });

  it('reports a replaced node NIC, a new BMC MAC and a node that appeared', () => {
    const old = { bmcMac: '06:00:00:00:00:01', nodes: { n0: ['02:00:00:00:00:01', '02:00:00:00:00:02'] } };
    const now = { bmcMac: '06:00:00:00:00:09', nodes: { n0: ['02:00:00:00:00:01', '02:00:00:00:00:03'], n1: ['02:00:00:00:00:04'] } };
    expect(macChanges(old, now, 'bmc')).toEqual([
      { component: 'bmc', removed: ['06:00:00:00:00:01'], added: ['06:00:00:00:00:09'] },
      { component: 'n0', removed: ['02:00:00:00:00:02'], added: ['02:00:00:00:00:03'] },
      { component: 'n1', removed: [], added: ['02:00:00:00:00:04'] },
    ]);
  });
});
