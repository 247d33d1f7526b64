import * as os from 'node:os';
import { DhcpLinkError, resolveDhcpLink } from './dhcp-link';

const v4 = (address: string, netmask: string): os.NetworkInterfaceInfo => ({ address, netmask, family: 'IPv4', mac: '00:00:00:00:00:00', internal: false, cidr: null });
const v6: os.NetworkInterfaceInfo = { address: 'fd99::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: null, scopeid: 0 };
const ifs = { eth1: [v6, v4('10.99.0.1', '255.255.255.0'), v4('10.99.1.1', '255.255.255.0')], eth2: [v6] };

describe('resolveDhcpLink', () => {
  it('takes the first IPv4 address, or the one named by HWCTL_DHCP_SERVER_ID', () => {
    expect(resolveDhcpLink('eth1', undefined, ifs)).toEqual({ name: 'eth1', address: '10.99.0.1', netmask: '255.255.255.0' });
    expect(resolveDhcpLink('eth1', '10.99.1.1', ifs).address).toBe('10.99.1.1');
  });

  it.each([
    ['eth9', undefined, /HWCTL_DHCP_INTERFACE: no interface "eth9"/],
    ['eth2', undefined, /has no IPv4 address/],
    ['eth1', '10.5.5.5', /HWCTL_DHCP_SERVER_ID: 10.5.5.5 is not an address of eth1/],
  ])('%s / %s → an error naming the key', (name, id, msg) => {
    expect(() => resolveDhcpLink(name, id, ifs)).toThrow(DhcpLinkError);
    expect(() => resolveDhcpLink(name, id, ifs)).toThrow(msg);
  });
});
