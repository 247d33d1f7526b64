/**
 * Stand-alone IPMI simulator for manual testing:
 *   npx ts-node simulators/ipmi/run-ipmi-sim.ts --bmcs 5 --subnet 127.0.1.0/24 --ipmi-port 6230 \
 *       [--username admin --password 'Password123!'] [--seed hwctl] [--power-delay-ms 0]
 * Prints one line containing "ready" once every BMC listens; stops cleanly on SIGINT/SIGTERM.
 * (`hwctl sim` will wrap this together with the Redfish face.)
 */
import { Privilege } from '../../src/protocols/ipmi';
import { DEFAULT_USERS } from './bmc-config';
import { startIpmiFleet } from './ipmi-bmc.server';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const count = Number(arg('bmcs', '5'));
  const port = Number(arg('ipmi-port', '623'));
  const username = arg('username', 'admin');
  const password = arg('password', 'Password123!');
  const users = [{ name: username, password, privilege: Privilege.Administrator }, ...DEFAULT_USERS.filter((u) => u.name !== username)];
  const { server, fleet } = await startIpmiFleet({
    count,
    port,
    subnet: arg('subnet', '127.0.1.0/24'),
    seed: arg('seed', 'hwctl'),
    powerDelayMs: Number(arg('power-delay-ms', '0')),
    config: { users },
  });
  process.stdout.write(`ipmi simulator ready: ${count} BMCs ${fleet[0].address}..${fleet[fleet.length - 1].address} port ${port}\n`);
  const stop = () => {
    void server.stop().then(() => {
      fleet.forEach((m) => m.machine.dispose());
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`ipmi simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
