/**
 * NICs from Redfish resources and the choice of the BMC's own MAC (reference/redfish.md §0.8, §4).
 * Pure functions over parsed JSON, so every rule here is unit-tested without a BMC.
 */
import { bool, ipv4List, isObject, Json, lastSegment, mac, naturalCompare, pathKey, str } from './redfish-json';
import { BmcInventory, ManagerInfo, NicInfo } from './redfish-walk.types';

/** An EthernetInterface resource → NicInfo, or undefined when it carries no usable MAC ("Not Available"). */
export function nicFromEthernetInterface(path: string, j: Json): NicInfo | undefined {
  const effective = mac(j.MACAddress);
  const permanent = mac(j.PermanentMACAddress);
  const m = effective ?? permanent;
  if (!m) return undefined;
  const status = isObject(j.Status) ? str(j.Status.State) : undefined;
  const link = str(j.LinkStatus)?.toLowerCase();
  return {
    path,
    id: str(j.Id) ?? lastSegment(path),
    mac: m,
    permanentMac: permanent && permanent !== m ? permanent : undefined,
    ipv4: ipv4List(j.IPv4Addresses, j.IPv4StaticAddresses),
    enabled: bool(j.InterfaceEnabled) ?? (status?.toLowerCase() === 'disabled' ? false : undefined),
    linkUp: link === 'linkup' ? true : link === 'linkdown' || link === 'nolink' ? false : undefined,
    name: str(j.Name),
    description: str(j.Description),
  };
}

/**
 * MACs a NetworkPort (Chassis/NetworkAdapters/*\/NetworkPorts, older schemas) or Port (newer) names for the
 * host: AssociatedNetworkAddresses or Ethernet.AssociatedMACAddresses (Lenovo XCC, iDRAC 10 and HPE iLO
 * put host MACs only here; quirk 6).
 */
export function nicsFromPort(path: string, j: Json): NicInfo[] {
  const eth = isObject(j.Ethernet) ? j.Ethernet : {};
  const raw = [
    ...(Array.isArray(j.AssociatedNetworkAddresses) ? j.AssociatedNetworkAddresses : []),
    ...(Array.isArray(eth.AssociatedMACAddresses) ? eth.AssociatedMACAddresses : []),
  ];
  const link = str(j.LinkStatus)?.toLowerCase();
  const id = str(j.Id) ?? lastSegment(path);
  return [...new Set(raw.map(mac).filter((m): m is string => m !== undefined))].map((m) => ({
    path,
    id,
    mac: m,
    ipv4: [],
    linkUp: link === 'up' || link === 'linkup' ? true : link === 'down' || link === 'linkdown' ? false : undefined,
    name: str(j.Name),
  }));
}

/**
 * A NetworkDeviceFunction (DSP0268; reached from ComputerSystem.NetworkInterfaces) → NicInfo: Ethernet.MACAddress
 * (effective), else Ethernet.PermanentMACAddress. A function whose NetDevFuncType is "Disabled" is "neither
 * enumerated nor visible to the operating system" (DSP0268), so no host uses its MAC: HPE iLO 5 lists 14
 * such NPAR partitions, each with a MAC, beside its two real ports (mockup hpe-proliant-xl675d-ilo5,
 * Chassis/1/NetworkAdapters/DC092000/NetworkDeviceFunctions/3–16). Fibre Channel and InfiniBand functions
 * carry no Ethernet object and yield nothing.
 */
export function nicFromDeviceFunction(path: string, j: Json): NicInfo | undefined {
  if (str(j.NetDevFuncType)?.toLowerCase() === 'disabled') return undefined;
  const eth = isObject(j.Ethernet) ? j.Ethernet : {};
  const effective = mac(eth.MACAddress);
  const permanent = mac(eth.PermanentMACAddress);
  const m = effective ?? permanent;
  if (!m) return undefined;
  const status = isObject(j.Status) ? str(j.Status.State) : undefined;
  return {
    path,
    id: str(j.Id) ?? lastSegment(path),
    mac: m,
    permanentMac: permanent && permanent !== m ? permanent : undefined,
    ipv4: [],
    enabled: bool(j.DeviceEnabled) ?? (status?.toLowerCase() === 'disabled' ? false : undefined),
    name: str(j.Name),
    description: str(j.Description),
  };
}

/** Sorted by resource Id (natural order), one entry per MAC (VLAN sub-interfaces repeat their parent's MAC). */
export function orderNics(nics: NicInfo[], exclude: Set<string> = new Set()): NicInfo[] {
  const seen = new Set<string>();
  return [...nics]
    .filter((n) => !exclude.has(pathKey(n.path)))
    .sort((a, b) => naturalCompare(a.id, b.id))
    .filter((n) => (seen.has(n.mac) ? false : (seen.add(n.mac), true)));
}

function usableIpv4(ip: string): boolean {
  return ip !== '0.0.0.0' && !ip.startsWith('169.254.'); // link-local: a USB host interface, never the BMC's address
}

/**
 * The BMC MAC: the manager NIC whose IPv4 is the address we scanned (magellan FindMACAddressWithIP);
 * failing that the first enabled NIC with a routable IPv4 (NAT, loopback simulators, mockups captured
 * elsewhere); failing that the first NIC with a MAC. Host-interface NICs are already excluded.
 */
export function selectBmcMac(managers: ManagerInfo[], address: string): Pick<BmcInventory, 'bmcMac' | 'bmcMacSource'> {
  const ordered = [...managers].sort((a, b) => rank(a) - rank(b) || naturalCompare(a.id, b.id));
  const nics = ordered.flatMap((m) => m.nics);
  const hit = nics.find((n) => n.ipv4.includes(address));
  if (hit) return { bmcMac: hit.mac, bmcMacSource: 'ip-match' };
  const usable = nics.find((n) => n.enabled !== false && n.ipv4.some(usableIpv4));
  if (usable) return { bmcMac: usable.mac, bmcMacSource: 'first-usable' };
  if (nics[0]) return { bmcMac: nics[0].mac, bmcMacSource: 'first' };
  return { bmcMac: undefined, bmcMacSource: 'none' };
}

/** BMC-like managers before auxiliary controllers (Cray EX blades list MCU0 beside the BMC). */
function rank(m: ManagerInfo): number {
  return m.kind === 'bmc' ? 0 : m.kind === 'enclosure-manager' || m.kind === 'management-controller' ? 1 : 2;
}

/** MAC arithmetic for SMD's S2600 workaround: "a4:bf:01:28:90:aa" + (−2) → "a4:bf:01:28:90:a8". */
export function offsetMac(m: string, delta: number): string | undefined {
  const hex = m.replace(/:/g, '');
  const value = parseInt(hex.slice(6), 16) + delta; // only the NIC-specific half moves
  if (value < 0 || value > 0xffffff) return undefined;
  const tail = value.toString(16).padStart(6, '0');
  return `${hex.slice(0, 6)}${tail}`.match(/../g)!.join(':');
}

/** The numerically lowest MAC of a list (SMD takes the lowest BMC MAC as the base). */
export function lowestMac(macs: string[]): string | undefined {
  return [...macs].sort()[0];
}

