import { normalizeXnameMap, parseXnameMap } from './xname-map';

describe('xname map', () => {
  it('reads magellan --bmc-id-map JSON and plain YAML', () => {
    expect([...parseXnameMap('{"map_key":"bmc-ip-addr","id_map":{"172.21.0.1":"x0c0s1b0"}}')]).toEqual([['172.21.0.1', 'x0c0s1b0']]);
    expect([...parseXnameMap('127.0.1.1: X1000C0S01B0\n127.0.1.2: x1000c0b0\n')]).toEqual([
      ['127.0.1.1', 'x1000c0s1b0'],
      ['127.0.1.2', 'x1000c0b0'],
    ]);
  });

  it.each([
    [{ '127.0.1.1': 'x1000c0s1b0n0' }, 'bmcIdMap.127.0.1.1'], // a node, not a controller
    [{ 'bmc-1': 'x1000c0s1b0' }, 'bmcIdMap.bmc-1'],
    [{ '127.0.1.1': 'x1000c0s1b0', '127.0.1.2': 'x1000c0s1b0' }, 'bmcIdMap.127.0.1.2'],
    [{ map_key: 'mac', id_map: {} }, 'bmcIdMap.map_key'],
    [['x'], 'bmcIdMap'],
  ])('rejects %j naming %s', (raw, field) => {
    expect(() => normalizeXnameMap(raw)).toThrow(expect.objectContaining({ field }));
  });

  it('reports unparseable text', () => {
    expect(() => parseXnameMap('{ nope')).toThrow(/not JSON or YAML/);
  });
});
