import { HwctlError } from '../../common/errors/hwctl-error';
import { parseBootscriptQuery } from './bootscript-query';

describe('parseBootscriptQuery', () => {
  it('normalizes the MAC and reads the optional fields', () => {
    expect(parseBootscriptQuery({ mac: 'DE-AD-BE-EF-00-01', arch: 'x86_64', retry: '2', ts: '1700000000', json: '1' })).toEqual({
      mac: 'de:ad:be:ef:00:01', arch: 'x86_64', retry: 2, ts: 1700000000, json: true, nid: undefined,
    });
    expect(parseBootscriptQuery({ nid: '12', mac: '' })).toEqual({ nid: 12, retry: 0, json: false, ts: undefined });
  });

  it.each([
    [{}, 'mac'],
    [{ name: 'x1\nkernel evil' }, 'name'],
    [{ name: ['a', 'b'] }, 'name'],
    [{ nid: '0x10' }, 'nid'],
    [{ nid: '99999999999' }, 'nid'],
    [{ mac: 'aa:bb:cc:dd:ee:ff', arch: '${buildarch}' }, 'arch'],
    [{ mac: 'aa:bb:cc:dd:ee:ff', ts: 'now' }, 'ts'],
  ])('refuses %j naming %s', (query, field) => {
    expect.assertions(2);
    try {
      parseBootscriptQuery(query);
    } catch (err) {
      expect(err).toBeInstanceOf(HwctlError);
      expect((err as HwctlError).fields?.[0].field).toBe(field);
    }
  });
});
