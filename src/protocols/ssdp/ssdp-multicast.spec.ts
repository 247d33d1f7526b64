import type { NetworkInterfaceInfo } from 'node:os';
import { multicastInterfaceAddress, SsdpInterfaceError, ssdpMulticastSearch } from './ssdp-multicast';

// No packet is sent here: multicast is exercised only between network namespaces (test/interop/ssdp-multicast.test.ts).
const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal, cidr: `${address}/24` });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: `${address}/64`, scopeid: 2 });
const HOST = { lo: [v4('127.0.0.1', true)], mgmt0: [v6('fe80::1'), v4('10.9.0.5'), v4('10.9.1.5')], v6only: [v6('fe80::2')] };

describe('SSDP multicast: the interface to search on', () => {
  it('is the named interface\'s first non-internal IPv4 address', () => {
    expect(multicastInterfaceAddress('mgmt0', HOST)).toBe('10.9.0.5');
  });

  it.each([
    ['eth9', /no interface "eth9"/],
    ['lo', /no IPv4 address/],
    ['v6only', /no IPv4 address/],
    ['', /not an interface name/],
    ['eth0; reboot', /not an interface name/],
    ['a-very-long-interface-name', /not an interface name/],
  ])('refuses %j (never falls back to another interface)', (name, message) => {
    expect(() => multicastInterfaceAddress(name, HOST)).toThrow(SsdpInterfaceError);
    expect(() => multicastInterfaceAddress(name, HOST)).toThrow(message);
  });

  it('fails the search before opening a socket when the interface is unusable', async () => {
    await expect(ssdpMulticastSearch({ interface: 'eth9', interfaces: HOST })).rejects.toBeInstanceOf(SsdpInterfaceError);
  });
});
