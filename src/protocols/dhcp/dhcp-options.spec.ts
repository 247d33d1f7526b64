import { DhcpOption, IpxeOption } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { encodeSubOptions, IPXE_NO_PXEDHCP, parseSubOptions } from './dhcp-options';
import { decodeDhcpPacket } from './dhcp-packet.codec';
import { vector } from './testdata/pcap-vectors';

describe('encapsulated options (RFC 2132 §8.4 layout; iPXE option 175)', () => {
  it.each<[string, [number, number[]][], number[]]>([
    ['iPXE NoPxeDhcp = 1 (dnsmasq encap:175,176,1b)', [[176, [1]]], [176, 1, 1]],
    ['two sub-options, in order', [[1, [0x80]], [176, [1]]], [1, 1, 0x80, 176, 1, 1]],
    ['an empty value', [[0x51, []]], [0x51, 0]],
    ['nothing', [], []],
  ])('encodes %s', (_n, subOptions, bytes) => {
    const encoded = encodeSubOptions(subOptions);
    expect([...encoded]).toEqual(bytes);
    expect([...parseSubOptions(encoded)].map(([c, v]) => [c, [...v]])).toEqual(subOptions);
  });

  it.each<[string, [number, number[]][]]>([
    ['code 0 (pad)', [[0, [1]]]],
    ['code 255 (end)', [[255, [1]]]],
    ['a value over 255 bytes', [[176, Array.from({ length: 256 }, () => 1)]]],
  ])('refuses %s (RangeError: our own bug, not a client)', (_n, subOptions) => {
    expect(() => encodeSubOptions(subOptions)).toThrow(RangeError);
  });

  it.each<[string, number[], [number, number[]][]]>([
    ['pad skipped, end stops', [0, 176, 1, 1, 255, 9, 9], [[176, [1]]]],
    ['a repeated sub-option concatenates', [8, 1, 1, 8, 1, 2], [[8, [1, 2]]]],
  ])('parses %s', (_n, bytes, subOptions) => {
    expect([...parseSubOptions(Buffer.from(bytes))].map(([c, v]) => [c, [...v]])).toEqual(subOptions);
  });

  it.each<[string, number[]]>([
    ['a length past the end', [176, 2, 1]],
    ['a code without its length', [176]],
  ])('drops %s as DhcpDecodeError', (_n, bytes) => {
    expect(() => parseSubOptions(Buffer.from(bytes))).toThrow(DhcpDecodeError);
  });

  it('IPXE_NO_PXEDHCP is 176, 1, 1 (iPXE include/ipxe/dhcp.h: DHCP_EB_NO_PXEDHCP = DHCP_ENCAP_OPT(175, 0xb0))', () => {
    expect(DhcpOption.IpxeEncapsulated).toBe(175);
    expect(IpxeOption.NoPxeDhcp).toBe(0xb0);
    expect([...IPXE_NO_PXEDHCP]).toEqual([176, 1, 1]);
  });

  it("reads the option 175 QEMU's iPXE ROM sends: bus id (0xb1), version (0xeb), feature markers", () => {
    const sub = parseSubOptions(decodeDhcpPacket(vector('ipxe_discover')).options.get(DhcpOption.IpxeEncapsulated)!);
    expect([...sub.get(0xb1)!]).toEqual([1, 0x80, 0x86, 0x10, 0x0e]); // PCI 8086:100e, the e1000
    expect([...sub.get(0xeb)!]).toEqual([1, 0, 0]); // iPXE 1.0.0
    expect(sub.has(IpxeOption.NoPxeDhcp)).toBe(false); // a server-to-client setting
  });
});
