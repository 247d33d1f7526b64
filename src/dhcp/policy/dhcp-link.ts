/**
 * The link the DHCP server serves: the IPv4 address and netmask of HWCTL_DHCP_INTERFACE, read from
 * the kernel (os.networkInterfaces) at start. See src/protocols/dhcp/dhcp-server.ts for how the link
 * stands in for SO_BINDTODEVICE, which Node's dgram cannot set.
 */
import * as os from 'node:os';
import { DhcpLink } from '../../protocols/dhcp';

export class DhcpLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DhcpLinkError';
  }
}

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/**
 * The first IPv4 address of `name`. With several, HWCTL_DHCP_SERVER_ID picks the one to use (it must
 * be one of them), since a relay's giaddr and the clients' option 54 must match what we announce.
 */
export function resolveDhcpLink(name: string, serverId?: string, interfaces: Interfaces = os.networkInterfaces()): DhcpLink {
  const addrs = (interfaces[name] ?? []).filter((a) => a.family === 'IPv4');
  if (!interfaces[name]) {
    throw new DhcpLinkError(`HWCTL_DHCP_INTERFACE: no interface "${name}" (have: ${Object.keys(interfaces).join(', ') || 'none'})`);
  }
  if (addrs.length === 0) throw new DhcpLinkError(`HWCTL_DHCP_INTERFACE: "${name}" has no IPv4 address; a DHCP server needs one`);
  const chosen = serverId ? addrs.find((a) => a.address === serverId) : addrs[0];
  if (!chosen) {
    throw new DhcpLinkError(`HWCTL_DHCP_SERVER_ID: ${serverId} is not an address of ${name} (${addrs.map((a) => a.address).join(', ')})`);
  }
  return { name, address: chosen.address, netmask: chosen.netmask };
}
