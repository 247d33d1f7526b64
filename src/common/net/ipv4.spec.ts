import { Ipv4Error, countTargets, expandTargets, intToIpv4, ipv4ToInt, isIP, isIPv4, parseCidr } from './ipv4';

describe('isIPv4 / isIP', () => {
  it.each<[string, boolean, boolean]>([
    ['10.0.0.1', true, true],
    ['0.0.0.0', true, true],
    ['255.255.255.255', true, true],
    ['256.0.0.1', false, false],
    ['010.0.0.1', false, false], // leading zero: octal to inet_aton, refused
    ['1.2.3', false, false],
    ['1.2.3.4.5', false, false],
    [' 10.0.0.1', false, false],
    ['', false, false],
    ['x1000c1s7b0', false, false],
    ['::1', false, true],
    ['fe80::1%eth0', false, true],
    ['::ffff:10.0.0.1', false, true],
    ['2001:db8::/32', false, false],
  ])('%j ipv4=%s ip=%s', (raw, v4, any) => {
    expect(isIPv4(raw)).toBe(v4);
    expect(isIP(raw)).toBe(any);
  });
});

describe('ipv4ToInt / intToIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['0.0.0.255', 255],
    ['0.0.1.0', 256],
    ['10.0.0.1', 167772161],
    ['172.16.0.101', 2886729829],
    ['255.255.255.255', 4294967295], // above 2^31: no signed-shift surprises
  ])('%s <-> %d', (ip, n) => {
    expect(ipv4ToInt(ip)).toBe(n);
    expect(intToIpv4(n)).toBe(ip);
  });

  it.each(['', '1.2.3', '300.1.1.1', '::1'])('ipv4ToInt(%j) throws', (ip) => {
    expect(() => ipv4ToInt(ip)).toThrow(Ipv4Error);
  });

  it.each([-1, 2 ** 32, 1.5, NaN])('intToIpv4(%d) throws', (n) => {
    expect(() => intToIpv4(n)).toThrow(Ipv4Error);
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/24', { network: '10.0.0.0', prefix: 24, first: '10.0.0.1', last: '10.0.0.254', size: 254 }],
    ['10.0.0.7/24', { network: '10.0.0.0', prefix: 24, first: '10.0.0.1', last: '10.0.0.254', size: 254 }],
    ['172.16.0.0/12', { network: '172.16.0.0', prefix: 12, first: '172.16.0.1', last: '172.31.255.254', size: 2 ** 20 - 2 }],
    ['192.168.1.64/30', { network: '192.168.1.64', prefix: 30, first: '192.168.1.65', last: '192.168.1.66', size: 2 }],
    ['192.168.1.64/31', { network: '192.168.1.64', prefix: 31, first: '192.168.1.64', last: '192.168.1.65', size: 2 }],
    ['192.168.1.64/32', { network: '192.168.1.64', prefix: 32, first: '192.168.1.64', last: '192.168.1.64', size: 1 }],
    ['0.0.0.0/0', { network: '0.0.0.0', prefix: 0, first: '0.0.0.1', last: '255.255.255.254', size: 2 ** 32 - 2 }],
    [' 10.1.0.0/16 ', { network: '10.1.0.0', prefix: 16, first: '10.1.0.1', last: '10.1.255.254', size: 65534 }],
  ])('%j', (spec, want) => {
    expect(parseCidr(spec)).toEqual(want);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0/24', '10.0.0.0/24/1', '/24', '10.0.0.0/-1', '10.0.0.0/2a'])(
    '%j throws',
    (spec) => {
      expect(() => parseCidr(spec)).toThrow(Ipv4Error);
    },
  );
});

describe('expandTargets', () => {
  it.each<[string, string[]]>([
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.5-10.0.0.9', ['10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8', '10.0.0.9']],
    ['10.0.0.5 - 10.0.0.5', ['10.0.0.5']],
    ['10.0.0.254-10.0.1.1', ['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']], // ranges are literal
    ['10.0.0.0/30', ['10.0.0.1', '10.0.0.2']],
    ['10.0.0.5/30', ['10.0.0.5', '10.0.0.6']], // the block, not magellan's "count from .5"
    ['10.0.0.0/31', ['10.0.0.0', '10.0.0.1']],
    ['10.0.0.9/32', ['10.0.0.9']],
  ])('%j', (spec, want) => {
    expect([...expandTargets(spec)]).toEqual(want);
    expect(countTargets(spec)).toBe(want.length);
  });

  it('walks a /16 lazily and stops at the boundary', () => {
    const it16 = expandTargets('10.1.0.0/16');
    expect(it16.next().value).toBe('10.1.0.1');
    expect(countTargets('10.1.0.0/16')).toBe(65534);
    expect(countTargets('10.0.0.0-10.0.255.255')).toBe(65536);
  });

  it.each<[string, RegExp]>([
    ['10.0.0.0/15', /refusing to scan.*\/15.*use \/16 or longer/],
    ['10.0.0.0/8', /refusing to scan/],
    ['10.0.0.0-10.1.0.0', /refusing to scan.*65537 addresses/],
    ['10.0.0.9-10.0.0.5', /comes before/],
    ['10.0.0.5-', /invalid range/],
    ['10.0.0.5-9', /invalid range/],
    ['nid001', /invalid target/],
    ['', /invalid target/],
    ['10.0.0.0/40', /invalid CIDR/],
  ])('%j throws %s at call time', (spec, msg) => {
    expect(() => expandTargets(spec)).toThrow(Ipv4Error);
    expect(() => expandTargets(spec)).toThrow(msg);
  });
});
