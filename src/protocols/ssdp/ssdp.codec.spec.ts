import { encodeMSearch, encodeSearchResponse, parseSsdp, redfishAdvertOf, searchMx, wantsRedfish } from './ssdp.codec';

describe('SSDP codec', () => {
  it('builds the DSP0266 M-SEARCH and recognises it', () => {
    const m = parseSsdp(encodeMSearch());
    expect(m).toMatchObject({ kind: 'search', headers: { host: '239.255.255.250:1900', man: '"ssdp:discover"', mx: '2', st: 'urn:dmtf-org:service:redfish-rest:1' } });
    expect(wantsRedfish(m!)).toBe(true);
    expect(wantsRedfish(parseSsdp(encodeMSearch('ssdp:all'))!)).toBe(true);
    expect(wantsRedfish(parseSsdp(encodeMSearch('urn:schemas-upnp-org:device:MediaRenderer:1'))!)).toBe(false);
  });

  it('reads UUID and service root from a response, with AL or the UPnP LOCATION', () => {
    const r = parseSsdp(encodeSearchResponse({ uuid: '92384634-2938-2342-8820-489239905423', location: 'https://10.1.2.3/redfish/v1/', minor: 15 }))!;
    expect(redfishAdvertOf(r)).toEqual({ uuid: '92384634-2938-2342-8820-489239905423', location: 'https://10.1.2.3/redfish/v1/', minor: 15, maxAge: 1800 });
    const upnp = Buffer.from('HTTP/1.1 200 OK\r\nST: urn:dmtf-org:service:redfish-rest:1\r\nUSN: uuid:ABCDEF01-0000-0000-0000-000000000001::urn:dmtf-org:service:redfish-rest:1\r\nLOCATION: http://bmc/redfish/v1\r\n\r\n');
    expect(redfishAdvertOf(parseSsdp(upnp)!)).toMatchObject({ uuid: 'abcdef01-0000-0000-0000-000000000001', location: 'http://bmc/redfish/v1', minor: 0 });
  });

  it('ignores other services, byebye notices and garbage', () => {
    expect(redfishAdvertOf(parseSsdp(Buffer.from('HTTP/1.1 200 OK\r\nUSN: uuid:1::upnp:rootdevice\r\nLOCATION: http://x\r\n\r\n'))!)).toBeUndefined();
    expect(redfishAdvertOf(parseSsdp(Buffer.from('NOTIFY * HTTP/1.1\r\nNTS: ssdp:byebye\r\nUSN: uuid:1::urn:dmtf-org:service:redfish-rest:1\r\nAL: https://x\r\n\r\n'))!)).toBeUndefined();
    expect(parseSsdp(Buffer.from('\x00\x01garbage'))).toBeUndefined();
  });

  it('reads MX as UDA 1.1 §1.3.2 defines it (1–5 s; above 5 means 5; missing or junk: not answered)', () => {
    const mx = (v?: string) => searchMx({ kind: 'search', headers: v === undefined ? {} : { mx: v } });
    expect([mx('1'), mx(' 3 '), mx('5'), mx('120')]).toEqual([1, 3, 5, 5]);
    expect([mx(), mx(''), mx('0'), mx('-1'), mx('2.5'), mx('two')]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(searchMx(parseSsdp(encodeMSearch(undefined, 4))!)).toBe(4);
  });
});
