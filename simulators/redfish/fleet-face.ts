/**
 * The Redfish face of one simulated BMC over the shared fleet machine state (simulators/fleet): what IPMI
 * sets, Redfish shows, and #ComputerSystem.Reset drives the same MachineState (its powerDelayMs is the delay
 * before the new state shows). One system, one manager, one chassis — a typical 1U server:
 *   Systems/1 (+EthernetInterfaces/1 = the node MAC), Managers/BMC (+EthernetInterfaces/eth0 = BMC MAC with the
 *   BMC's own address), Chassis/1 (+NetworkAdapters/NIC1/NetworkPorts/1 naming the node MAC).
 * `hostNics: "network-adapters"` hides the system NIC collection's members, as Lenovo XCC and iDRAC 10 do
 * (quirk 6), so the walker's adapter fallback is exercised. $expand=. ($levels=1) expands collections.
 */
import { createHash } from 'node:crypto';
import { MachineState, PowerAction } from '../fleet/machine-state';
import { json, RedfishFace, redfishError, SimRequest, SimResponse, trimSlash } from './sim-http';

export interface FleetFaceOptions {
  address: string;
  machine: MachineState;
  /** The BMC's own MAC (identity.bmcMac when the fleet provides one). */
  bmcMac: string;
  hostNics?: 'ethernet-interfaces' | 'network-adapters';
  firmwareVersion?: string;
}

const V1 = '/redfish/v1';
const RESET_TYPES = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'PowerCycle', 'Nmi'];
const RESET_ACTIONS: Record<string, PowerAction | 'nmi'> = {
  On: 'on',
  ForceOff: 'off',
  GracefulShutdown: 'soft-off',
  GracefulRestart: 'reset',
  ForceRestart: 'reset',
  PowerCycle: 'cycle',
  Nmi: 'nmi',
};

export function formatUuid(bytes: Buffer): string {
  const h = bytes.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class FleetFace implements RedfishFace {
  readonly serviceUuid: string;
  readonly sessionsPath = `${V1}/SessionService/Sessions`;
  hostNics: 'ethernet-interfaces' | 'network-adapters';

  constructor(private readonly o: FleetFaceOptions) {
    this.serviceUuid = formatUuid(createHash('sha256').update(`service-root\0${o.machine.identity.guid.toString('hex')}`).digest());
    this.hostNics = o.hostNics ?? 'ethernet-interfaces';
  }

  handle(req: SimRequest): SimResponse {
    const p = trimSlash(req.path);
    if (req.method === 'POST' && p === `${V1}/Systems/1/Actions/ComputerSystem.Reset`) return this.reset(req.body);
    if (req.method !== 'GET' && req.method !== 'HEAD') return redfishError(405, 'OperationNotAllowed', `${req.method} is not allowed on ${p}`);
    const res = this.resource(p);
    if (!res) return redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${req.path} was not found.`);
    const expand = req.query.get('$expand');
    if (expand && /^[.*~]/.test(expand) && Array.isArray(res.Members)) {
      res.Members = (res.Members as { '@odata.id': string }[]).map((m) => this.resource(m['@odata.id']) ?? m);
    }
    return json(res);
  }

  private get m() {
    return this.o.machine;
  }

  private powerState(): string {
    const pending = this.m.pendingPower;
    if (pending) return pending === 'on' ? 'PoweringOn' : 'PoweringOff';
    return this.m.power === 'on' ? 'On' : 'Off';
  }

  private reset(body: unknown): SimResponse {
    const rt = (body as Record<string, unknown> | undefined)?.ResetType;
    if (typeof rt !== 'string') return redfishError(400, 'ActionParameterMissing', 'The action ComputerSystem.Reset requires the parameter ResetType.');
    const action = RESET_ACTIONS[rt];
    if (!action) return redfishError(400, 'ActionParameterNotSupported', `The parameter ResetType with value ${rt} is not supported.`);
    if (action === 'nmi') return { status: 204 };
    // iLO answers 400 InvalidOperationForSystemState for a restart of a host that is off (quirk 10).
    if (!this.m.request(action)) return redfishError(409, 'OperationNotAllowed', `ResetType ${rt} is not possible while the system is ${this.m.power}.`);
    return { status: 204 };
  }

  private resource(p: string): Record<string, unknown> | undefined {
    const id = this.m.identity;
    const coll = (path: string, name: string, members: string[]) => ({
      '@odata.id': path,
      '@odata.type': `#${name}.${name}`,
      Name: name,
      Members: members.map((m) => ({ '@odata.id': m })),
      'Members@odata.count': members.length,
    });
    switch (trimSlash(p)) {
      case V1:
        return {
          '@odata.id': `${V1}/`,
          '@odata.type': '#ServiceRoot.v1_15_0.ServiceRoot',
          Id: 'RootService',
          Name: 'Root Service',
          RedfishVersion: '1.15.0',
          UUID: this.serviceUuid,
          Vendor: 'hwctl',
          Product: 'hwctl simulated BMC',
          ProtocolFeaturesSupported: { ExpandQuery: { ExpandAll: false, Levels: true, MaxLevels: 1, Links: false, NoLinks: true } },
          Systems: { '@odata.id': `${V1}/Systems` },
          Managers: { '@odata.id': `${V1}/Managers` },
          Chassis: { '@odata.id': `${V1}/Chassis` },
          SessionService: { '@odata.id': `${V1}/SessionService` },
          Links: { Sessions: { '@odata.id': this.sessionsPath } },
        };
      case `${V1}/SessionService`:
        return { '@odata.id': p, '@odata.type': '#SessionService.v1_1_8.SessionService', Id: 'SessionService', ServiceEnabled: true, SessionTimeout: 1800, Sessions: { '@odata.id': this.sessionsPath } };
      case `${V1}/Systems`:
        return coll(p, 'ComputerSystemCollection', [`${V1}/Systems/1`]);
      case `${V1}/Systems/1`:
        return {
          '@odata.id': p,
          '@odata.type': '#ComputerSystem.v1_20_0.ComputerSystem',
          Id: '1',
          Name: id.hostname,
          SystemType: 'Physical',
          Manufacturer: 'hwctl',
          Model: 'SimNode 1U',
          SerialNumber: id.serial,
          UUID: formatUuid(id.guid),
          HostName: id.hostname,
          PowerState: this.powerState(),
          Status: { State: this.m.power === 'on' ? 'Enabled' : 'StandbyOffline', Health: 'OK' },
          BiosVersion: 'SIM-1.0',
          ProcessorSummary: { Count: 2, Model: 'Simulated x86-64 CPU' },
          MemorySummary: { TotalSystemMemoryGiB: 256 },
          EthernetInterfaces: { '@odata.id': `${p}/EthernetInterfaces` },
          Links: { Chassis: [{ '@odata.id': `${V1}/Chassis/1` }], ManagedBy: [{ '@odata.id': `${V1}/Managers/BMC` }] },
          Actions: { '#ComputerSystem.Reset': { target: `${p}/Actions/ComputerSystem.Reset`, 'ResetType@Redfish.AllowableValues': RESET_TYPES } },
        };
      case `${V1}/Systems/1/EthernetInterfaces`:
        return coll(p, 'EthernetInterfaceCollection', this.hostNics === 'ethernet-interfaces' ? [`${p}/1`] : []);
      case `${V1}/Systems/1/EthernetInterfaces/1`:
        return this.hostNics === 'ethernet-interfaces' ? nic(p, '1', id.mac, [], true) : undefined;
      case `${V1}/Managers`:
        return coll(p, 'ManagerCollection', [`${V1}/Managers/BMC`]);
      case `${V1}/Managers/BMC`:
        return {
          '@odata.id': p,
          '@odata.type': '#Manager.v1_15_0.Manager',
          Id: 'BMC',
          Name: 'Manager',
          ManagerType: 'BMC',
          UUID: this.serviceUuid,
          ServiceEntryPointUUID: this.serviceUuid,
          Model: 'hwctl-sim',
          FirmwareVersion: this.o.firmwareVersion ?? '1.0.0',
          PowerState: 'On',
          EthernetInterfaces: { '@odata.id': `${p}/EthernetInterfaces` },
          Links: { ManagerForServers: [{ '@odata.id': `${V1}/Systems/1` }] },
          Actions: { '#Manager.Reset': { target: `${p}/Actions/Manager.Reset`, 'ResetType@Redfish.AllowableValues': ['ForceRestart'] } },
        };
      case `${V1}/Managers/BMC/EthernetInterfaces`:
        return coll(p, 'EthernetInterfaceCollection', [`${p}/eth0`]);
      case `${V1}/Managers/BMC/EthernetInterfaces/eth0`:
        return nic(p, 'eth0', this.o.bmcMac, [this.o.address], true);
      case `${V1}/Chassis`:
        return coll(p, 'ChassisCollection', [`${V1}/Chassis/1`]);
      case `${V1}/Chassis/1`:
        return {
          '@odata.id': p,
          '@odata.type': '#Chassis.v1_21_0.Chassis',
          Id: '1',
          Name: 'Chassis',
          ChassisType: 'RackMount',
          Manufacturer: 'hwctl',
          Model: 'SimNode 1U',
          SerialNumber: id.serial,
          PowerState: this.powerState(),
          NetworkAdapters: { '@odata.id': `${p}/NetworkAdapters` },
          Links: { ComputerSystems: [{ '@odata.id': `${V1}/Systems/1` }], ManagedBy: [{ '@odata.id': `${V1}/Managers/BMC` }] },
        };
      case `${V1}/Chassis/1/NetworkAdapters`:
        return coll(p, 'NetworkAdapterCollection', [`${p}/NIC1`]);
      case `${V1}/Chassis/1/NetworkAdapters/NIC1`:
        return { '@odata.id': p, '@odata.type': '#NetworkAdapter.v1_9_0.NetworkAdapter', Id: 'NIC1', Name: 'Simulated 25GbE adapter', NetworkPorts: { '@odata.id': `${p}/NetworkPorts` } };
      case `${V1}/Chassis/1/NetworkAdapters/NIC1/NetworkPorts`:
        return coll(p, 'NetworkPortCollection', [`${p}/1`]);
      case `${V1}/Chassis/1/NetworkAdapters/NIC1/NetworkPorts/1`:
        return { '@odata.id': p, '@odata.type': '#NetworkPort.v1_4_1.NetworkPort', Id: '1', Name: 'Port 1', LinkStatus: 'Up', AssociatedNetworkAddresses: [id.mac.toUpperCase()] };
      default:
        return undefined;
    }
  }
}

function nic(path: string, id: string, mac: string, ipv4: string[], enabled: boolean): Record<string, unknown> {
  return {
    '@odata.id': path,
    '@odata.type': '#EthernetInterface.v1_9_0.EthernetInterface',
    Id: id,
    Name: id,
    MACAddress: mac.toUpperCase(),
    PermanentMACAddress: mac.toUpperCase(),
    InterfaceEnabled: enabled,
    LinkStatus: 'LinkUp',
    IPv4Addresses: ipv4.map((a) => ({ Address: a, SubnetMask: '255.0.0.0', AddressOrigin: 'Static' })),
  };
}
