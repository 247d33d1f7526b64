/**
 * The Redfish face for a whole fleet (simulators/fleet): one FleetFace per member over its MachineState, all
 * served by one RedfishSimServer. Start the IPMI face on the same members (IpmiBmcServer accepts them) and
 * both faces show the same machines.
 */
import { FleetMember } from '../fleet/fleet';
import { FleetFace, FleetFaceOptions } from './fleet-face';
import { RedfishFaults, RedfishSimServer } from './redfish-bmc.server';
import { RedfishUser } from './redfish-sessions';
import { SimCertificate } from './tls-cert';

export interface RedfishFleetOptions {
  members: FleetMember[];
  port?: number;
  scheme?: 'https' | 'http';
  users?: RedfishUser[];
  faults?: RedfishFaults;
  /** Per-address fault overrides (a slow BMC, a flaky one). */
  faultsFor?: (m: FleetMember) => RedfishFaults | undefined;
  hostNics?: FleetFaceOptions['hostNics'];
  cert?: SimCertificate;
  random?: () => number;
}

/** The BMC MAC of a member: identity.bmcMac, or the host MAC with its first byte 06 (locally administered). */
export function bmcMacOf(m: FleetMember): string {
  return m.machine.identity.bmcMac ?? m.machine.identity.mac.replace(/^../, '06');
}

export async function startRedfishFleet(o: RedfishFleetOptions): Promise<RedfishSimServer> {
  const server = new RedfishSimServer({
    port: o.port,
    scheme: o.scheme,
    users: o.users,
    faults: o.faults,
    cert: o.cert,
    random: o.random,
    bmcs: o.members.map((m) => ({
      address: m.address,
      face: new FleetFace({ address: m.address, machine: m.machine, bmcMac: bmcMacOf(m), hostNics: o.hostNics }),
      faults: o.faultsFor?.(m),
    })),
  });
  await server.start();
  return server;
}
