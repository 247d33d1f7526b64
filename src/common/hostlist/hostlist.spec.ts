import { HostlistError, MAX_HOSTS, compressHostlist, expandHostlist } from './hostlist';

describe('expandHostlist', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    ['nid001', ['nid001']],
    ['nid[001-003,007],x1000c1s7b[1-2]n0', ['nid001', 'nid002', 'nid003', 'nid007', 'x1000c1s7b1n0', 'x1000c1s7b2n0']],
    ['foo[19]', ['foo19']], // powerman: a one-number bracket is just the host
    ['foo[0,4-5]', ['foo0', 'foo4', 'foo5']],
    ['n[8-10]', ['n8', 'n9', 'n10']], // width of "8" is 1: no padding
    ['n[08-10]', ['n08', 'n09', 'n10']],
    ['n[098-101]', ['n098', 'n099', 'n100', 'n101']],
    ['n[001-3]', ['n001', 'n002', 'n003']], // width comes from the first number as written
    ['n[1,001]', ['n1', 'n001']], // each item keeps its own width
    ['[1-3]', ['1', '2', '3']],
    ['rack[1-2]node[1-2]', ['rack1node1', 'rack1node2', 'rack2node1', 'rack2node2']],
    ['node[01-02]-[1-2,6]', ['node01-1', 'node01-2', 'node01-6', 'node02-1', 'node02-2', 'node02-6']],
    ['a b\tc\nd', ['a', 'b', 'c', 'd']],
    ['a,,b , c', ['a', 'b', 'c']],
    ['n[1 , 3]', ['n1', 'n3']], // spaces inside brackets are not separators
    ['n[1-3],n2,n[2-4]', ['n1', 'n2', 'n3', 'n4']], // duplicates dropped, first position kept
    ['bmc-1.example.com,x3000c0w14', ['bmc-1.example.com', 'x3000c0w14']],
  ])('%j', (spec, want) => {
    expect(expandHostlist(spec)).toEqual(want);
  });

  it('keeps duplicates when asked', () => {
    expect(expandHostlist('n[1-2],n1', { allowDuplicates: true })).toEqual(['n1', 'n2', 'n1']);
  });

  it('expands exactly MAX_HOSTS hosts', () => {
    const hosts = expandHostlist('n[1-100000]');
    expect(hosts).toHaveLength(MAX_HOSTS);
    expect(hosts[99999]).toBe('n100000');
  });

  it.each<[string, RegExp]>([
    ['nid[001-003', /unbalanced "\["/],
    ['nid001-003]', /unbalanced "\]"/],
    ['nid[1-[2]]', /nested "\["/],
    ['nid[]', /invalid range ""/],
    ['nid[1,]', /invalid range ""/],
    ['nid[a-b]', /invalid range "a-b"/],
    ['nid[1-2-3]', /invalid range "1-2-3"/],
    ['nid[-1]', /invalid range "-1"/],
    ['nid[3-1]', /reversed range "3-1"/],
    ['nid[1-100001]', /more than 100000 hosts/],
    ['a[1-1000]b[1-1000]', /more than 100000 hosts/], // product, checked before building it
    ['n[1-60000],m[1-60000]', /more than 100000 hosts/], // the whole list counts
    ['n[1-99999999999999999999]', /number too large/],
  ])('%j -> HostlistError %s', (spec, msg) => {
    expect(() => expandHostlist(spec)).toThrow(HostlistError);
    expect(() => expandHostlist(spec)).toThrow(msg);
  });

  it('honours a smaller maxHosts', () => {
    expect(() => expandHostlist('n[1-11]', { maxHosts: 10 })).toThrow(/more than 10 hosts/);
    expect(expandHostlist('n[1-10]', { maxHosts: 10 })).toHaveLength(10);
  });
});

describe('compressHostlist', () => {
  it.each<[string[], string]>([
    [[], ''],
    [['nid001'], 'nid001'],
    [['nid001', 'nid002', 'nid003', 'nid007'], 'nid[001-003,007]'],
    [['nid007', 'nid002', 'nid001', 'nid003'], 'nid[001-003,007]'], // numeric sort within
    [['nid2', 'nid10', 'nid1'], 'nid[1-2,10]'], // numeric, not lexical
    [['n9', 'n10', 'n11'], 'n[9-11]'],
    [['n08', 'n09', 'n10'], 'n[08-10]'],
    [['n1', 'n01', 'n2', 'n02'], 'n[1-2,01-02]'], // widths never mix inside one range
    [['n09', 'n010'], 'n[09,010]'],
    [['x1000c1s7b1n0', 'x1000c1s7b2n0'], 'x1000c1s7b[1-2]n0'],
    [['rack1node1', 'rack1node2', 'rack2node1', 'rack2node2'], 'rack[1-2]node[1-2]'],
    [['rack1node1', 'rack1node2', 'rack2node1'], 'rack1node[1-2],rack2node1'],
    [['x1000c0s0b0n0', 'x1000c0s0b0n1', 'x1000c0s1b0n0', 'x1000c0s1b0n1'], 'x1000c0s[0-1]b0n[0-1]'],
    [['login', 'nid002', 'nid001', 'bmc', 'login'], 'login,nid[001-002],bmc'], // prefixes keep input order
    [['cn1', 'gpu1', 'cn2', 'gpu2'], 'cn[1-2],gpu[1-2]'],
    [['node01-1', 'node01-2', 'node02-1', 'node02-2'], 'node[01-02]-[1-2]'],
    [['a.b1', 'a.b2'], 'a.b[1-2]'],
    [['h12345678901234567', 'h12345678901234568'], 'h12345678901234567,h12345678901234568'], // too long: literal
  ])('%j -> %j', (names, want) => {
    expect(compressHostlist(names)).toBe(want);
  });

  it.each(['', 'a,b', 'a b', 'n[1]'])('refuses host name %j', (name) => {
    expect(() => compressHostlist([name])).toThrow(HostlistError);
  });

  it.each([
    'nid[001-003,007],x1000c1s7b[1-2]n0',
    'n[1-2,01-02,9-11,099-101]',
    'x[1000-1001]c[0-7]s[0-7]b[0-1]n[0-1],login[1-2],mgmt',
    'r[1-3]n[1-3],r4n[1-2]',
  ])('round-trips %j', (spec) => {
    const hosts = expandHostlist(spec);
    const back = expandHostlist(compressHostlist(hosts));
    expect([...back].sort()).toEqual([...hosts].sort());
  });

  it('compresses 100000 hosts quickly', () => {
    const hosts = expandHostlist('nid[000001-100000]');
    const t0 = Date.now();
    expect(compressHostlist(hosts)).toBe('nid[000001-100000]');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
