/**
 * A walked BMC → the body magellan's `send` POSTs/PUTs to SMD (reference §1.5), which our inventory's
 * RedfishEndpointsService already turns into components, endpoints and NICs the way SMD's OpenCHAMI parser
 * does (§2.3). Keeping that one mapper means a collect and a `magellan send` produce the same inventory.
 * Node k of the BMC is the k-th physical system in natural Id order (SMD's ordinal rule), so `<bmc>n<k>`
 * stays stable across rediscoveries.
 */
import { BmcInventory, managerTypeName, NicInfo, PowerState } from '../../protocols/redfish';
import { RedfishEndpointDto } from '../../inventory/redfish-endpoints/redfish-endpoint.dto';

export interface EndpointTarget {
  address: string;
  port: number;
  scheme: 'https' | 'http';
}

/** SMD stores PowerState verbatim from Redfish; our enum back to the DMTF spelling. */
const POWER_NAMES: Record<PowerState, string> = { on: 'On', off: 'Off', 'powering-on': 'PoweringOn', 'powering-off': 'PoweringOff', paused: 'Paused', unknown: '' };

export function toEndpointPayload(inv: BmcInventory, xname: string, t: EndpointTarget, creds?: { username: string; password?: string }): RedfishEndpointDto {
  const base = `${t.scheme}://${t.address}:${t.port}`;
  const nic = (n: NicInfo) => ({ uri: `${base}${n.path}`, mac: n.mac, ip: n.ipv4[0] ?? '', name: n.name ?? n.id, description: n.description ?? '', enabled: n.enabled !== false });
  return {
    ID: xname,
    FQDN: t.address,
    IPAddress: t.address,
    User: creds?.username ?? '',
    ...(creds?.password !== undefined ? { Password: creds.password } : {}),
    Enabled: true,
    UUID: inv.serviceUuid ?? '',
    MACRequired: true,
    ...(inv.bmcMac ? { MACAddr: inv.bmcMac } : {}),
    RediscoverOnUpdate: false,
    SchemaVersion: 1,
    Managers: inv.managers.map((m) => ({
      uri: `${base}${m.path}`,
      uuid: m.uuid ?? '',
      name: m.name ?? m.id,
      model: m.model ?? '',
      type: managerTypeName(m.kind),
      firmware_version: m.firmwareVersion ?? '',
      ethernet_interfaces: m.nics.map(nic),
    })),
    Systems: inv.systems.map((s, k) => ({
      uri: `${base}${s.path}`,
      uuid: s.uuid ?? '',
      manufacturer: s.manufacturer ?? '',
      system_type: 'Physical',
      name: s.name ?? s.id,
      model: s.model ?? '',
      serial: s.serialNumber ?? '',
      bios_version: s.biosVersion ?? '',
      ethernet_interfaces: s.nics.map(nic),
      actions: s.reset.allowed,
      power: { state: POWER_NAMES[s.powerState] },
      processor_count: s.processors.count ?? 0,
      processor_type: s.processors.model ?? '',
      memory_total: s.memoryGiB ?? 0,
      links: { chassis: s.chassis, managers: s.managedBy },
      node_id: String(k),
    })),
  };
}

/** The node xnames our inventory derives for this BMC (deriveInventory: one per distinct non-empty UUID). */
export function nodeXnames(inv: BmcInventory, xname: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of inv.systems) {
    if (s.uuid && seen.has(s.uuid)) continue;
    if (s.uuid) seen.add(s.uuid);
    out.push(`${xname}n${out.length}`);
  }
  return out;
}
