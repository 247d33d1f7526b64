import { createFleet, simulatedIdentity, simulatedMac, subnetAddress } from './fleet';

describe('fleet identities', () => {
  it('are deterministic per seed and index', () => {
    expect(simulatedIdentity('a', 7)).toEqual(simulatedIdentity('a', 7));
    expect(simulatedIdentity('a', 7).guid).not.toEqual(simulatedIdentity('b', 7).guid);
  });

  it('give unique, locally administered unicast MACs', () => {
    const macs = Array.from({ length: 1000 }, (_, i) => simulatedMac('seed', i + 1));
    expect(new Set(macs).size).toBe(1000);
    for (const mac of macs.slice(0, 10)) {
      expect(mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    }
    expect(simulatedMac('seed', 0x010203).endsWith(':01:02:03')).toBe(true);
  });

  it.each([
    ['127.0.1.0/24', 1, '127.0.1.1'],
    ['127.0.1.0/24', 254, '127.0.1.254'],
    ['127.1.0.0/16', 256, '127.1.1.0'],
    ['10.0.0.77/24', 5, '10.0.0.5'],
  ])('host %i of %s', (subnet, n, ip) => {
    expect(subnetAddress(subnet, n)).toBe(ip);
  });

  it.each([
    ['127.0.1.0/24', 255],
    ['127.0.1.0/24', 0],
    ['127.0.1/24', 1],
  ])('refuses %s host %i', (subnet, n) => {
    expect(() => subnetAddress(subnet, n)).toThrow(RangeError);
  });

  it('builds N machines on consecutive addresses with hostnames nid001…', () => {
    const fleet = createFleet({ count: 3, seed: 's', subnet: '127.0.9.0/24' });
    expect(fleet.map((m) => [m.address, m.machine.identity.hostname])).toEqual([
      ['127.0.9.1', 'nid001'],
      ['127.0.9.2', 'nid002'],
      ['127.0.9.3', 'nid003'],
    ]);
    fleet.forEach((m) => m.machine.dispose());
  });
});
