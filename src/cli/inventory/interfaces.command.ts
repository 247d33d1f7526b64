import { Command } from 'commander';
import { macToId, normalizeMac } from '../../common/net/mac';
import { seg } from '../api/api.client';
import { contextOf } from '../cli-context';
import { usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { collectList, ipAddress, macAddress, xname } from '../options/option.parsers';
import { Column, printDone, printList, printRecord } from '../output/output.writer';

const BASE = '/hsm/v2/Inventory/EthernetInterfaces';

interface EthernetInterface {
  ID: string;
  MACAddress?: string;
  ComponentID?: string;
  Type?: string;
  Description?: string;
  IPAddresses?: { IPAddress: string; Network?: string }[];
}

const COLUMNS: Column<EthernetInterface>[] = [
  { header: 'MAC', value: (i) => i.MACAddress },
  { header: 'COMPONENT', value: (i) => i.ComponentID },
  { header: 'TYPE', value: (i) => i.Type },
  { header: 'IP', value: (i) => (i.IPAddresses ?? []).map((a) => (a.Network ? `${a.IPAddress} (${a.Network})` : a.IPAddress)) },
  { header: 'DESCRIPTION', value: (i) => i.Description },
];

/** The interface ID SMD uses (MAC, lowercase, no colons); a MAC in any spelling is accepted too. */
export function interfaceId(idOrMac: string): string {
  const mac = normalizeMac(idOrMac);
  return mac ? macToId(mac) : idOrMac.toLowerCase();
}

/** `hwctl inventory interfaces …` over SMD `/Inventory/EthernetInterfaces` (reference §2.1). */
export function registerInterfacesCommands(inventory: Command, io: CliIo): void {
  const cmd = inventory.command('interfaces').alias('interface').description('NICs (MAC → component, IPs) in /Inventory/EthernetInterfaces');

  cmd
    .command('list')
    .alias('ls')
    .description('list Ethernet interfaces (repeat an option or use commas to OR values)')
    .option('--mac <mac>', 'MAC address', collectList)
    .option('--ip <ip>', 'IP address', collectList)
    .option('--component <xname>', 'owning component', collectList)
    .option('--type <type>', 'owner type: Node, NodeBMC, …', collectList)
    .option('--network <name>', 'network name of an IP', collectList)
    .action(async (opts, command: Command) => {
      const ctx = contextOf(command, io);
      const query = { MACAddress: opts.mac, IPAddress: opts.ip, ComponentID: opts.component, Type: opts.type, Network: opts.network };
      // SMD answers this route with a bare array (not wrapped like Components).
      const res = await ctx.withApi((api) => api.get<EthernetInterface[]>(BASE, query));
      printList(ctx, res, Array.isArray(res) ? res : [], COLUMNS);
    });

  cmd
    .command('get')
    .description('show one interface')
    .argument('<id>', 'interface ID (aabbccddeeff) or MAC address')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      printRecord(ctx, await ctx.withApi((api) => api.get(`${BASE}/${seg(interfaceId(id))}`)));
    });

  cmd
    .command('add')
    .description('register a NIC of a component')
    .requiredOption('--mac <mac>', 'MAC address', macAddress)
    .requiredOption('--component <xname>', 'owning component (node or BMC xname)', xname)
    .option('--ip <ip>', 'IP address of the NIC', ipAddress)
    .option('--network <name>', 'network name of --ip (e.g. management)')
    .option('--description <text>', 'free text')
    .action(async (opts, command: Command) => {
      const ctx = contextOf(command, io);
      if (opts.network !== undefined && opts.ip === undefined) throw usageError('--network needs --ip');
      const body = {
        MACAddress: opts.mac,
        ComponentID: opts.component,
        Description: opts.description,
        IPAddresses: opts.ip ? [{ IPAddress: opts.ip, ...(opts.network ? { Network: opts.network } : {}) }] : [],
      };
      const res = await ctx.withApi((api) => api.post(BASE, body));
      printDone(ctx, res, `added interface ${opts.mac} on ${opts.component}`);
    });

  cmd
    .command('delete')
    .alias('rm')
    .description('delete one interface')
    .argument('<id>', 'interface ID or MAC address')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.delete(`${BASE}/${seg(interfaceId(id))}`));
      printDone(ctx, res, `deleted interface ${id}`);
    });
}
