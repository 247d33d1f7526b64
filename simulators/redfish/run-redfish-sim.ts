/**
 * Stand-alone Redfish simulator (manual testing, demos, benchmarks):
 *   one captured tree as a BMC:
 *     npx ts-node -P tsconfig.json simulators/redfish/run-redfish-sim.ts --mockup ../shared/redfish-mockups/openbmc-stock --address 127.0.2.1 [--port 443]
 *   a fleet (Redfish + IPMI faces over one machine state):
 *     npx ts-node -P tsconfig.json simulators/redfish/run-redfish-sim.ts --bmcs 50 --subnet 127.0.1.0/24 [--port 443] [--ipmi-port 623]
 *       [--username admin --password 'Password123!'] [--seed hwctl] [--power-delay-ms 0] [--latency-ms 0] [--error-rate 0]
 *       [--slow-rate 0 --slow-ms 0] [--max-sessions 16] [--mockup-errors as-200] [--cert-out FILE]
 * Prints one line containing "ready" once every address listens; stops cleanly on SIGINT/SIGTERM.
 */
import * as fs from 'node:fs';
import { createFleet } from '../fleet/fleet';
import { IpmiBmcServer } from '../ipmi/ipmi-bmc.server';
import { Privilege } from '../../src/protocols/ipmi';
import { MockupFace } from './mockup-face';
import { RedfishSimServer } from './redfish-bmc.server';
import { startRedfishFleet } from './redfish-fleet';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}
const num = (name: string, fallback: number) => (arg(name) === undefined ? fallback : Number(arg(name)));

async function main(): Promise<void> {
  const port = num('port', 443);
  const users = [{ username: arg('username') ?? 'admin', password: arg('password') ?? 'Password123!' }];
  const faults = {
    latencyMs: num('latency-ms', 0),
    errorRate: num('error-rate', 0),
    slowRate: num('slow-rate', 0),
    slowMs: num('slow-ms', 0),
    maxSessions: num('max-sessions', 16),
  };
  const stops: (() => Promise<void>)[] = [];
  let server: RedfishSimServer;
  const mockup = arg('mockup');
  if (mockup) {
    const address = arg('address') ?? '127.0.2.1';
    const face = new MockupFace(mockup, { errorBodies: arg('mockup-errors') === 'as-200' ? 'as-200' : 'status' });
    server = new RedfishSimServer({ port, users, faults, bmcs: [{ address, face }] });
    await server.start();
    process.stdout.write(`redfish simulator ready: mockup ${mockup} at https://${address}:${server.port}/redfish/v1/\n`);
  } else {
    const fleet = createFleet({ count: num('bmcs', 5), subnet: arg('subnet') ?? '127.0.1.0/24', seed: arg('seed') ?? 'hwctl', powerDelayMs: num('power-delay-ms', 0) });
    server = await startRedfishFleet({ members: fleet, port, users, faults });
    const ipmiPort = arg('ipmi-port');
    if (ipmiPort) {
      const ipmi = new IpmiBmcServer({ bmcs: fleet.map((m) => ({ address: m.address, machine: m.machine })), port: Number(ipmiPort), config: { users: [{ name: users[0].username, password: users[0].password, privilege: Privilege.Administrator }] } });
      await ipmi.start();
      stops.push(() => ipmi.stop());
    }
    stops.push(async () => fleet.forEach((m) => m.machine.dispose()));
    process.stdout.write(`redfish simulator ready: ${fleet.length} BMCs ${fleet[0].address}..${fleet[fleet.length - 1].address} port ${server.port}${ipmiPort ? ` (IPMI on ${ipmiPort})` : ''}\n`);
  }
  const certOut = arg('cert-out');
  if (certOut && server.cert) fs.writeFileSync(certOut, server.cert.cert);
  const stop = () => {
    void server
      .stop()
      .then(() => Promise.all(stops.map((s) => s())))
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`redfish simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
