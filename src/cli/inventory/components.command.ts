import { Command, Option } from 'commander';
import { seg } from '../api/api.client';
import { contextOf } from '../cli-context';
import { CliIo } from '../cli-io';
import { collectList, positiveInt, xname } from '../options/option.parsers';
import { Column, printDone, printList, printRecord } from '../output/output.writer';

const BASE = '/hsm/v2/State/Components';

interface Component {
  ID: string;
  Type?: string;
  State?: string;
  Flag?: string;
  Enabled?: boolean;
  Role?: string;
  SubRole?: string;
  NID?: number;
  Arch?: string;
}

const COLUMNS: Column<Component>[] = [
  { header: 'ID', value: (c) => c.ID },
  { header: 'TYPE', value: (c) => c.Type },
  { header: 'STATE', value: (c) => c.State },
  { header: 'FLAG', value: (c) => c.Flag },
  { header: 'ENABLED', value: (c) => c.Enabled },
  { header: 'ROLE', value: (c) => [c.Role, c.SubRole].filter(Boolean).join('/') },
  { header: 'NID', value: (c) => c.NID },
];

/** `hwctl inventory components …` over SMD `/State/Components` (reference §2.1). */
export function registerComponentsCommands(inventory: Command, io: CliIo): void {
  const cmd = inventory.command('components').alias('component').description('components (nodes, BMCs, …) in /State/Components');

  cmd
    .command('list')
    .alias('ls')
    .description('list components; repeat an option or use commas to OR values, prefix ! to negate (SMD rules)')
    .option('--type <type>', 'Node, NodeBMC, …', collectList)
    .option('--state <state>', 'On, Off, Ready, …', collectList)
    .option('--role <role>', 'Compute, Service, …', collectList)
    .option('--nid <nid>', 'node ID', collectList)
    .option('--group <label>', 'member of group', collectList)
    .action(async (opts, command: Command) => {
      const ctx = contextOf(command, io);
      const query = { type: opts.type, state: opts.state, role: opts.role, nid: opts.nid, group: opts.group };
      const res = await ctx.withApi((api) => api.get<{ Components?: Component[] }>(BASE, query));
      printList(ctx, res, res?.Components ?? [], COLUMNS);
    });

  cmd
    .command('get')
    .description('show one component by xname, or by NID when given a number')
    .argument('<id>', 'xname (x1000c1s7b1n0) or NID (7)')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const path = /^\d+$/.test(id) ? `${BASE}/ByNID/${id}` : `${BASE}/${seg(id)}`;
      printRecord(ctx, await ctx.withApi((api) => api.get(path)));
    });

  cmd
    .command('add')
    .description('create a component (or update it: SMD upserts State/Flag/Arch/Class, all fields with --force)')
    .argument('<xname>', 'component xname; its Type is derived from it', xname)
    .requiredOption('--state <state>', 'On, Off, Ready, Populated, …')
    .option('--nid <n>', 'node ID (default: SMD formula from the xname)', positiveInt)
    .option('--role <role>', 'Compute, Service, Management, …')
    .option('--subrole <subrole>', 'Master, Worker, Storage')
    .option('--flag <flag>', 'OK, Warning, Alert, …')
    .option('--arch <arch>', 'X86, ARM, Other')
    .addOption(new Option('--enabled', 'mark enabled'))
    .addOption(new Option('--no-enabled', 'mark disabled'))
    .option('--force', 'overwrite every field of an existing component')
    .action(async (id: string, opts, command: Command) => {
      const ctx = contextOf(command, io);
      const component = {
        ID: id,
        State: opts.state,
        NID: opts.nid,
        Role: opts.role,
        SubRole: opts.subrole,
        Flag: opts.flag,
        Arch: opts.arch,
        Enabled: opts.enabled,
      };
      const body = { Components: [component], ...(opts.force ? { Force: true } : {}) };
      const res = await ctx.withApi((api) => api.post(BASE, body));
      printDone(ctx, res, `added component ${id}`);
    });

  cmd
    .command('delete')
    .alias('rm')
    .description('delete one component')
    .argument('<xname>')
    .action(async (id: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.delete(`${BASE}/${seg(id)}`));
      printDone(ctx, res, `deleted component ${id}`);
    });
}
