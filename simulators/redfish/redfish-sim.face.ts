/**
 * The Redfish face for `hwctl sim` (simulators/main.ts FACES): HTTPS on every fleet address over the shared
 * machine state, and optionally one captured tree served as a BMC of its own:
 *   hwctl sim --bmcs 50 --subnet 127.0.1.0/24 --redfish-port 8443 [--redfish-error-rate 0.1 --redfish-slow-rate 0.2 --redfish-slow 2s]
 *   hwctl sim --mockup ../shared/redfish-mockups/hpe-proliant-xl675d-ilo5 --address 127.0.2.1 --redfish-port 8443
 *   ip netns exec <test-ns> hwctl sim --bmcs 2 --subnet 10.232.0.0/24 --redfish-ssdp-interface <veth>   (multicast SSDP)
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../../src/common/duration';
import type { RunningFace, SimulatorFace } from '../main';
import { FleetFace } from './fleet-face';
import { MockupFace } from './mockup-face';
import { RedfishSimServer } from './redfish-bmc.server';
import { startRedfishFleet } from './redfish-fleet';
import { SsdpMulticastResponder } from './ssdp-multicast-responder';
import { SsdpAdvertiser, SsdpResponder } from './ssdp-responder';

function num(kind: 'port' | 'p' | 'n') {
  return (v: string): number => {
    const n = Number(v);
    if (kind === 'port' && !(Number.isInteger(n) && n >= 1 && n <= 65535)) throw new InvalidArgumentError('expected a port number 1–65535.');
    if (kind === 'p' && !(v.trim() !== '' && n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a probability between 0 and 1.');
    if (kind === 'n' && !(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError('expected a positive whole number.');
    return n;
  };
}

function millis(v: string): number {
  try {
    return Math.round(parseDuration(v) * 1000);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
}

export const redfishFace: SimulatorFace = {
  name: 'redfish',
  addOptions: (cmd: Command) =>
    cmd
      .option('--redfish-port <port>', 'HTTPS port of the Redfish face on every BMC address (443 needs root)', num('port'), 443)
      .option('--redfish-error-rate <p>', 'share of Redfish requests answered 500/503 (0–1)', num('p'), 0)
      .option('--redfish-slow-rate <p>', 'share of Redfish requests delayed by --redfish-slow (0–1)', num('p'), 0)
      .addOption(new Option('--redfish-slow <duration>', 'extra delay of a slow request').argParser(millis).default(2000, '2s'))
      .option('--redfish-max-sessions <n>', 'Redfish session slots per BMC (one more login answers 503)', num('n'), 16)
      .addOption(new Option('--redfish-host-nics <where>', 'where host MACs appear').choices(['ethernet-interfaces', 'network-adapters']).default('ethernet-interfaces'))
      .option('--redfish-ssdp-port <port>', 'answer SSDP M-SEARCH for Redfish on this UDP port of every BMC address (1900 is the standard)', num('port'))
      .option('--redfish-ssdp-interface <if>', 'also answer multicast M-SEARCH (239.255.255.250:1900) joined on this interface — only one inside a test network namespace')
      .option('--mockup <dir>', 'also serve this captured tree (../shared/redfish-mockups/<name>) as a BMC')
      .option('--address <addr>', 'address of the --mockup BMC', '127.0.2.1'),
  async start(fleet, o): Promise<RunningFace> {
    const users = [{ username: o.username, password: o.password }];
    const faults = {
      latencyMs: o.latencyMs,
      errorRate: o.redfishErrorRate as number,
      slowRate: o.redfishSlowRate as number,
      slowMs: o.redfishSlow as number,
      maxSessions: o.redfishMaxSessions as number,
    };
    const port = o.redfishPort as number;
    const servers: RedfishSimServer[] = [];
    const stops: (() => Promise<void>)[] = [];
    try {
      servers.push(await startRedfishFleet({ members: fleet, port, users, faults, hostNics: o.redfishHostNics as 'ethernet-interfaces' | 'network-adapters' }));
      if (o.mockup) {
        const m = new RedfishSimServer({ port, users, faults, bmcs: [{ address: o.address as string, face: new MockupFace(o.mockup as string) }] });
        await m.start();
        servers.push(m);
      }
      const advertised: SsdpAdvertiser[] = fleet.map((m) => ({ address: m.address, uuid: (servers[0].face(m.address) as FleetFace).serviceUuid, location: `https://${m.address}:${port}/redfish/v1/` }));
      if (o.redfishSsdpPort) {
        const ssdp = new SsdpResponder(advertised, o.redfishSsdpPort as number);
        await ssdp.start();
        stops.push(() => ssdp.stop());
      }
      if (o.redfishSsdpInterface) {
        const mcast = new SsdpMulticastResponder({ interface: o.redfishSsdpInterface as string, services: advertised });
        await mcast.start();
        stops.push(() => mcast.stop());
      }
    } catch (err) {
      await Promise.all([...servers.map((s) => s.stop()), ...stops.map((f) => f())]);
      throw err;
    }
    const mockup = o.mockup ? ` + mockup ${o.mockup} at ${o.address}` : '';
    const ssdp = `${o.redfishSsdpPort ? `, ssdp udp/${o.redfishSsdpPort}` : ''}${o.redfishSsdpInterface ? `, ssdp multicast on ${o.redfishSsdpInterface}` : ''}`;
    return { summary: `redfish https/${port}${ssdp}${mockup}`, stop: async () => void (await Promise.all([...servers.map((s) => s.stop()), ...stops.map((f) => f())])) };
  },
};
