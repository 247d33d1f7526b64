import {
  decodeGetLanConfigRequest,
  decodeGetLanConfigResponse,
  decodeIpv4,
  decodeMac,
  encodeGetLanConfigRequest,
  encodeGetLanConfigResponse,
  encodeIpv4,
  encodeMac,
  LanParam,
} from './lan-config.codec';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('Get LAN Configuration Parameters (§23.2)', () => {
  it('round-trips a request for the MAC address of channel 1', () => {
    const wire = encodeGetLanConfigRequest(1, LanParam.MacAddress);
    expect(wire.toString('hex')).toBe('01050000');
    expect(decodeGetLanConfigRequest(wire)).toEqual({ channel: 1, revisionOnly: false, param: 5, setSelector: 0, blockSelector: 0 });
    expect(decodeGetLanConfigRequest(hex('8103'))).toMatchObject({ revisionOnly: true, param: 3 });
  });

  it('puts the revision byte (11h) before the value', () => {
    const wire = encodeGetLanConfigResponse(encodeMac('02:00:5e:00:01:07'));
    expect(wire.toString('hex')).toBe('1102005e000107');
    const { revision, value } = decodeGetLanConfigResponse(wire);
    expect(revision).toBe(0x11);
    expect(decodeMac(value)).toBe('02:00:5e:00:01:07');
  });

  it.each([
    ['127.0.1.7', '7f000107'],
    ['255.255.255.0', 'ffffff00'],
  ])('IPv4 %s is %s on the wire (network order)', (ip, wire) => {
    expect(encodeIpv4(ip).toString('hex')).toBe(wire);
    expect(decodeIpv4(hex(wire))).toBe(ip);
  });

  it.each(['1.2.3', '1.2.3.256', 'a.b.c.d'])('rejects IPv4 %j', (ip) => {
    expect(() => encodeIpv4(ip)).toThrow(RangeError);
  });

  it.each(['02:00:5e:00:01', 'zz:00:5e:00:01:07'])('rejects MAC %j', (mac) => {
    expect(() => encodeMac(mac)).toThrow(RangeError);
  });

  it('rejects a short MAC value from a BMC', () => {
    expect(() => decodeMac(hex('0200'))).toThrow(/need 6/);
  });
});
