import { dhcpHostname, expandHostnamePattern } from './node-hostname';

describe('expandHostnamePattern (coresmd internal/hostname)', () => {
  it.each<[string, number | null, string]>([
    ['nid{04d}', 1, 'nid0001'],
    ['nid{04d}', 42, 'nid0042'],
    ['nid{04d}', 12345, 'nid12345'],
    ['dev-s{02d}', 5, 'dev-s05'],
    ['bmc{03d}', 42, 'bmc042'],
    ['{id}', 1, 'x3000c0s0b1'],
    ['rack42-{id}', 1, 'rack42-x3000c0s0b1'],
    ['n{4d}', 7, 'n0007'],
  ])('%s with NID %s → %s', (pattern, nid, name) => {
    expect(expandHostnamePattern(pattern, nid, 'x3000c0s0b1')).toBe(name);
  });
});

describe('dhcpHostname', () => {
  const policy = { nodeHostname: 'nid{04d}', bmcHostname: '{id}' };
  it('nodes by NID, BMCs by xname, other types none', () => {
    expect(dhcpHostname({ type: 'Node', nid: 3, xname: 'x1000c1s7b3n0' }, policy)).toBe('nid0003');
    expect(dhcpHostname({ type: 'NodeBMC', nid: null, xname: 'x1000c1s7b3' }, policy)).toBe('x1000c1s7b3');
    expect(dhcpHostname({ type: 'CabinetPDU', nid: null, xname: 'x1000m0' }, policy)).toBeUndefined();
  });

  it('appends the domain as coresmd does', () => {
    expect(dhcpHostname({ type: 'Node', nid: 3, xname: 'x1000c1s7b3n0' }, { ...policy, domain: 'cluster.local' })).toBe('nid0003.cluster.local');
  });

  it('a NID pattern without a NID falls back to the xname (coresmd would say nid0000 / bmc0000)', () => {
    expect(dhcpHostname({ type: 'Node', nid: null, xname: 'x1000c1s7b3n0' }, policy)).toBe('x1000c1s7b3n0');
    expect(dhcpHostname({ type: 'NodeBMC', nid: null, xname: 'x1000c1s7b3' }, { ...policy, bmcHostname: 'bmc{04d}' })).toBe('x1000c1s7b3');
  });

  it('an empty BMC pattern gives BMCs no name', () => {
    expect(dhcpHostname({ type: 'NodeBMC', nid: null, xname: 'x1000c1s7b3' }, { ...policy, bmcHostname: '' })).toBeUndefined();
  });
});
