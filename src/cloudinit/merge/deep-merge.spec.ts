import { JsonMap, mergeLayers, mergePatch } from './deep-merge';

describe('mergePatch (RFC 7396 rules for cloud-init layers)', () => {
  // The test cases of RFC 7396 Appendix A that have a map patch.
  it.each<[string, JsonMap, JsonMap, JsonMap]>([
    ['replace a value', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['add a key', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['null removes', { a: 'b' }, { a: null }, {}],
    ['null removes one of two', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    ['list replaces a scalar', { a: ['b'] }, { a: 'c' }, { a: 'c' }],
    ['scalar replaces a list', { a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    ['nested null removes', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    ['list of maps replaces whole', { a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    ['map replaces a scalar and drops its nulls', { e: null }, { a: 1 }, { e: null, a: 1 }],
    ['patch into a non-map', { a: 'foo' }, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%s', (_name, target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('keeps sibling keys of nested maps (node wins only where it speaks)', () => {
    const group = { ntp: { enabled: true, servers: ['10.0.0.1'] }, users: [{ name: 'ops' }] };
    const node = { ntp: { servers: ['10.0.0.9'] } };
    expect(mergePatch(group, node)).toEqual({ ntp: { enabled: true, servers: ['10.0.0.9'] }, users: [{ name: 'ops' }] });
  });

  it('never modifies its inputs and shares no objects with them', () => {
    const target: JsonMap = { a: { b: [1, { c: 2 }] } };
    const patch: JsonMap = { a: { d: { e: 3 } } };
    const before = JSON.stringify([target, patch]);
    const out = mergePatch(target, patch);
    expect(JSON.stringify([target, patch])).toBe(before);
    ((out.a as JsonMap).b as unknown[]).push(9);
    ((out.a as JsonMap).d as JsonMap).e = 4;
    expect(JSON.stringify([target, patch])).toBe(before);
  });

  it('treats "__proto__" as an ordinary key (no prototype pollution)', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as JsonMap;
    const out = mergePatch({}, patch);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('mergeLayers', () => {
  it('applies groups in membership order, then the node', () => {
    const all = { packages: ['a'], write_files: [{ path: '/etc/x', content: 'all' }], timezone: 'UTC' };
    const gpu = { packages: ['cuda'], bootcmd: ['echo gpu'] };
    const node = { timezone: 'Europe/Paris', bootcmd: null };
    expect(mergeLayers([all, gpu, node])).toEqual({
      packages: ['cuda'],
      write_files: [{ path: '/etc/x', content: 'all' }],
      timezone: 'Europe/Paris',
    });
  });

  it('skips missing layers and gives an empty map for none', () => {
    expect(mergeLayers([])).toEqual({});
    expect(mergeLayers([null, undefined, { a: 1 }])).toEqual({ a: 1 });
  });
});
