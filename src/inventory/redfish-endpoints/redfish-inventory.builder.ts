import { ComponentEndpointEntity } from '../entities/component-endpoint.entity';
import { ComponentEntity } from '../entities/component.entity';
import { RedfishEndpointEntity } from '../entities/redfish-endpoint.entity';
import { NicInput } from '../ethernet-interfaces/ethernet-interfaces.service';
import { MagellanManager, MagellanSystem, redfishPath } from './magellan-payload';

export interface DerivedInventory {
  components: ComponentEntity[];
  componentEndpoints: ComponentEndpointEntity[];
  nics: NicInput[];
}

const now = () => new Date().toISOString();

/**
 * What SMD's OpenCHAMI parser derives from a magellan payload (reference §2.3), minus its quirks:
 * the BMC component + Manager endpoint + BMC NICs; per distinct system UUID a Node `<bmc>n<k>` +
 * ComputerSystem endpoint + NICs. NICs without an IP are kept (empty IPAddresses). NIDs are not
 * set here: new nodes get the default formula, existing ones keep theirs.
 */
export function deriveInventory(ep: RedfishEndpointEntity, managers: MagellanManager[], systems: MagellanSystem[]): DerivedInventory {
  const out: DerivedInventory = { components: [], componentEndpoints: [], nics: [] };
  const base = ep.fqdn ? `${ep.fqdn}` : ep.ipAddress;

  if (managers.length > 0) {
    out.components.push(component(ep.id, ep.type, 'Ready'));
    const m = managers[0];
    const path = redfishPath(m.uri);
    out.componentEndpoints.push(
      endpoint(ep, ep.id, ep.type, 'Manager', m.type, m.uuid, path, base, 'ComponentEndpointManager', {
        Name: m.name,
        ManagerType: m.type,
        EthernetNICInfo: managers.flatMap((mm) => mm.nics.map(nicInfo)),
      }),
    );
    for (const mm of managers) {
      for (const n of mm.nics) out.nics.push({ mac: n.mac, componentId: ep.id, ips: ipList(n.ip), description: `BMC interface of ${ep.id}` });
    }
  }

  const seen = new Map<string, number>();
  let k = 0;
  for (const s of systems) {
    if (s.uuid && seen.has(s.uuid)) continue; // the same system listed twice (vendor trees repeat it)
    const index = k++;
    if (s.uuid) seen.set(s.uuid, index);
    const id = `${ep.id}n${index}`;
    const state = s.powerState === 'On' ? 'On' : s.powerState === 'Off' ? 'Off' : 'Populated';
    out.components.push(component(id, 'Node', state));
    const path = redfishPath(s.uri);
    out.componentEndpoints.push(
      endpoint(ep, id, 'Node', 'ComputerSystem', s.systemType || 'Physical', s.uuid, path, base, 'ComponentEndpointComputerSystem', {
        Name: s.name,
        Actions: {
          '#ComputerSystem.Reset': {
            'ResetType@Redfish.AllowableValues': s.actions,
            target: `${path.replace(/\/$/, '')}/Actions/ComputerSystem.Reset`,
          },
        },
        EthernetNICInfo: s.nics.map(nicInfo),
      }),
    );
    s.nics.forEach((n, i) => out.nics.push({ mac: n.mac, componentId: id, ips: ipList(n.ip), description: `Interface ${i} for ${id}` }));
  }
  return out;
}

function component(id: string, type: string, state: string): ComponentEntity {
  return Object.assign(new ComponentEntity(), {
    id, type, state, flag: 'OK', enabled: true, softwareStatus: '', role: type === 'Node' ? 'Compute' : '', subRole: '',
    nid: null, subType: '', netType: '', arch: type === 'Node' ? 'X86' : '', class: type === 'Node' ? 'River' : '',
    reservationDisabled: false, locked: false, updatedAt: now(),
  });
}

function endpoint(
  ep: RedfishEndpointEntity, id: string, type: string, redfishType: string, subtype: string, uuid: string,
  path: string, base: string, ceType: string, info: Record<string, unknown>,
): ComponentEndpointEntity {
  return Object.assign(new ComponentEndpointEntity(), {
    id, type, redfishType, redfishSubtype: subtype, uuid, odataId: path, redfishEndpointId: ep.id, enabled: true,
    redfishUrl: `${base}${path}`, componentEndpointType: ceType, info, updatedAt: now(),
  });
}

function nicInfo(n: { uri?: string; mac: string; enabled?: boolean }) {
  const path = n.uri ? redfishPath(n.uri) : '';
  return { RedfishId: path, '@odata.id': path, MACAddress: n.mac.toLowerCase(), InterfaceEnabled: n.enabled !== false };
}

function ipList(ip: string) {
  return ip ? [{ IPAddress: ip }] : [];
}
