import { decodeIpmiRequest, decodeIpmiResponse, encodeIpmiRequest, encodeIpmiResponse, ipmiChecksum, isResponseFrame, responseTo } from './ipmi-message.codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Frames seen in the captures (ipmitool / ipmipower ↔ ipmi_sim). */
const REQUESTS: [string, string, { netFn: number; cmd: number; rqSeq: number; data: string }][] = [
  ['Get Channel Auth Capabilities', '2018c88100388e04b5', { netFn: 0x06, cmd: 0x38, rqSeq: 0, data: '8e04' }],
  ['Set Session Privilege Level', '2018c881043b043c', { netFn: 0x06, cmd: 0x3b, rqSeq: 1, data: '04' }],
  ['Get Chassis Status', '2000e081180166', { netFn: 0x00, cmd: 0x01, rqSeq: 6, data: '' }],
  ['Chassis Control power up', '2000e08118020164', { netFn: 0x00, cmd: 0x02, rqSeq: 6, data: '01' }],
  ['Close Session', '2018c8811c3c82000000a5', { netFn: 0x06, cmd: 0x3c, rqSeq: 7, data: '82000000' }],
];

const RESPONSES: [string, string, { netFn: number; cmd: number; rqSeq: number; completionCode: number; data: string }][] = [
  ['Get Channel Auth Capabilities', '811c6320003800019704030000000009', { netFn: 0x07, cmd: 0x38, rqSeq: 0, completionCode: 0, data: '0197040300000000' }],
  ['Get Chassis Status', '81047b20180100000000c7', { netFn: 0x01, cmd: 0x01, rqSeq: 6, completionCode: 0, data: '000000' }],
  ['unsupported HPM.x probe', '81b4cb20083ec1d9', { netFn: 0x2d, cmd: 0x3e, rqSeq: 2, completionCode: 0xc1, data: '' }],
];

describe('IPMI LAN message (§13.8)', () => {
  it.each(REQUESTS)('decodes and re-encodes the captured %s request', (_name, wire, fields) => {
    const req = decodeIpmiRequest(hex(wire));
    expect({ netFn: req.netFn, cmd: req.cmd, rqSeq: req.rqSeq, data: req.data.toString('hex') }).toEqual(fields);
    expect(encodeIpmiRequest(req).toString('hex')).toBe(wire);
    expect(isResponseFrame(hex(wire))).toBe(false);
  });

  it.each(RESPONSES)('decodes and re-encodes the captured %s response', (_name, wire, fields) => {
    const rsp = decodeIpmiResponse(hex(wire));
    expect({ netFn: rsp.netFn, cmd: rsp.cmd, rqSeq: rsp.rqSeq, completionCode: rsp.completionCode, data: rsp.data.toString('hex') }).toEqual(fields);
    expect(encodeIpmiResponse(rsp).toString('hex')).toBe(wire);
    expect(isResponseFrame(hex(wire))).toBe(true);
  });

  it('builds a response that mirrors the request', () => {
    const req = decodeIpmiRequest(hex('2000e081180166'));
    expect(encodeIpmiResponse(responseTo(req, 0, hex('000000'))).toString('hex')).toBe('81047b20180100000000c7');
  });

  it.each([
    ['header checksum', '2018c98100388e04b5'],
    ['data checksum', '2018c88100388e04b6'],
    ['too short', '2018c881'],
    ['response without completion code', '811c632000389f'],
  ])('rejects a bad %s', (_name, wire) => {
    const decode = wire.startsWith('81') ? decodeIpmiResponse : decodeIpmiRequest;
    expect(() => decode(hex(wire))).toThrow(expect.objectContaining({ name: 'IpmiDecodeError' }));
  });

  it('computes two’s-complement checksums', () => {
    expect(ipmiChecksum(hex('2018'))).toBe(0xc8);
    expect(ipmiChecksum(hex(''))).toBe(0);
  });
});
