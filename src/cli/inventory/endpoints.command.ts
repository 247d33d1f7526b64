import { Command, InvalidArgumentError } from 'commander';
import { CONTROLLER_TYPES, xnameType } from '../../common/xname/xname';
import { seg } from '../api/api.client';
import { contextOf } from '../cli-context';
import { usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { collectList, ipAddress, macAddress, xname } from '../options/option.parsers';
import { Column, printDone, printList, printRecord } from '../output/output.writer';

const BASE = '/hsm/v2/Inventory/RedfishEndpoints';

interface RedfishEndpoint {
  ID: string;
  Type?: string;
  Name?: string;
  FQDN?: string;
  IPAddress?: string;
  MACAddr?: string;
  User?: string;
  Enabled?: boolean;
  DiscoveryInfo?: { LastDiscoveryStatus?: string };
}

// No password column, ever: hwctld does not return one, and SMD's is dropped by the output writer.
const COLUMNS: Column<RedfishEndpoint>[] = [
  { header: 'ID', value: (e) => e.ID },
  { header: 'TYPE', value: (e) => e.Type },
  { header: 'NAME', value: (e) => e.Name },
  { header: 'FQDN', value: (e) => e.FQDN },
  { header: 'IP', value: (e) => e.IPAddress },
  { header: 'MAC', value: (e) => e.MACAddr },
  { header: 'USER', value: (e) => e.User },
  { header: 'ENABLED', value: (e) => e.Enabled },
  { header: 'DISCOVERY', value: (e) => e.DiscoveryInfo?.LastDiscoveryStatus },
];

/** A BMC-type xname (NodeBMC, ChassisBMC, RouterBMC, PDU controller, management switch). */
function controllerXname(value: string): string {
  const id = xname(value);
  const type = xnameType(id);
  if (!type || !CONTROLLER_TYPES.has(type)) throw new InvalidArgumentError(`${type ?? 'this'} xname is not a BMC (e.g. x1000c1s7b1).`);
  return id;
}

/** `hwctl inventory endpoints …` over SMD `/Inventory/RedfishEndpoints` (reference §2.1). */
export function registerEndpointsCommands(inventory: Command, io: CliIo): void {
  const cmd = inventory.command('endpoints').alias('endpoint').description('BMCs (Redfish endpoints) in /Inventory/RedfishEndpoints');

  cmd
    .command('list')
    .alias('ls')
    .description('list Redfish endpoints (repeat an option or use commas to OR values)')
    .option('--fqdn <host>', 'FQDN', collectList)
    .option('--mac <mac>', 'BMC MAC address', collectList)
    .option('--ip <ip>', 'BMC IP address', collectList)
    .option('--type <type>', 'NodeBMC, ChassisBMC, …', collectList)
    .action(async (opts, command: Command) => {
      const ctx = contextOf(command, io);
      // SMD's names for these filters (reference §2.1: id,fqdn,type,uuid,macaddr,ipaddress,laststatus)
      const query = { fqdn: opts.fqdn, macaddr: opts.mac, ipaddress: opts.ip, type: opts.type };
      const res = await ctx.withApi((api) => api.get<{ RedfishEndpoints?: RedfishEndpoint[] }>(BASE, query));
      printList(ctx, res, res?.RedfishEndpoints ?? [], COLUMNS);
    });

  cmd
    .command('get')
    .description('show one Redfish endpoint')
    .argument('<xname>')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      printRecord(ctx, await ctx.withApi((api) => api.get(`${BASE}/${seg(id)}`)));
    });

  cmd
    .command('add')
    .description('register a BMC')
    .argument('<xname>', 'BMC xname (x1000c1s7b1)', controllerXname)
    .requiredOption('--fqdn <host>', 'host name or IP the BMC answers Redfish on')
    .option('--user <user>', 'BMC user name')
    .option('--password-stdin', 'read the BMC password from standard input')
    .option('--password <password>', 'BMC password (visible in `ps` and shell history: prefer --password-stdin)')
    .option('--mac <mac>', 'BMC MAC address', macAddress)
    .option('--ip <ip>', 'BMC IP address', ipAddress)
    .option('--name <name>', 'display name')
    .action(async (id: string, opts, command: Command) => {
      const ctx = contextOf(command, io);
      const password = await readPassword(io, opts);
      const body = { ID: id, FQDN: opts.fqdn, Name: opts.name, User: opts.user, Password: password, MACAddr: opts.mac, IPAddress: opts.ip };
      const res = await ctx.withApi((api) => api.post(BASE, body));
      printDone(ctx, res, `added endpoint ${id}`);
    });

  cmd
    .command('delete')
    .alias('rm')
    .description('delete a Redfish endpoint (and its component endpoints)')
    .argument('<xname>')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.delete(`${BASE}/${seg(id)}`));
      printDone(ctx, res, `deleted endpoint ${id}`);
    });
}

/** Like `docker login --password-stdin`: the whole input minus one trailing newline. */
async function readPassword(io: CliIo, opts: { password?: string; passwordStdin?: boolean }): Promise<string | undefined> {
  if (opts.passwordStdin && opts.password !== undefined) throw usageError('use either --password or --password-stdin, not both');
  if (opts.password !== undefined) {
    io.err('warning: --password is visible to other users of this machine; prefer --password-stdin\n');
    return opts.password;
  }
  if (!opts.passwordStdin) return undefined;
  const text = (await io.readStdin()).replace(/\r?\n$/, '');
  if (text === '') throw usageError('--password-stdin: standard input was empty');
  return text;
}
