import { Command } from 'commander';
import { seg } from '../api/api.client';
import { contextOf } from '../cli-context';
import { CliIo } from '../cli-io';
import { collectList, xnameList } from '../options/option.parsers';
import { Column, printDone, printList, printRecord } from '../output/output.writer';

const BASE = '/hsm/v2/groups';

interface Group {
  label: string;
  description?: string;
  exclusiveGroup?: string;
  tags?: string[];
  members?: { ids?: string[] };
}

const COLUMNS: Column<Group>[] = [
  { header: 'LABEL', value: (g) => g.label },
  { header: 'DESCRIPTION', value: (g) => g.description },
  { header: 'TAGS', value: (g) => g.tags },
  { header: 'EXCLUSIVE', value: (g) => g.exclusiveGroup },
  { header: 'MEMBERS', value: (g) => g.members?.ids?.length ?? 0 },
];

/** `hwctl inventory groups …` over SMD `/groups` (reference §2.1). */
export function registerGroupsCommands(inventory: Command, io: CliIo): void {
  const cmd = inventory.command('groups').alias('group').description('component groups in /groups');

  cmd
    .command('list')
    .alias('ls')
    .description('list groups')
    .option('--tag <tag>', 'having tag (repeat or comma-separate to OR)', collectList)
    .action(async (opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.get<Group[]>(BASE, { tag: opts.tag }));
      printList(ctx, res, Array.isArray(res) ? res : [], COLUMNS);
    });

  cmd
    .command('get')
    .description('show one group and its members')
    .argument('<label>')
    .action(async (label: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const group = await ctx.withApi((api) => api.get<Group>(`${BASE}/${seg(label)}`));
      // The table shows members as a plain list; --json keeps SMD's {"members":{"ids":[…]}} shape.
      printRecord(ctx, ctx.json ? group : { ...group, members: group?.members?.ids ?? [] });
    });

  cmd
    .command('add')
    .description('create a group')
    .argument('<label>', 'group label (lowercase letters, digits, - : . _)')
    .option('--description <text>', 'free text')
    .option('--tags <tags>', 'comma-separated tags', collectList)
    .option('--members <xnames>', 'comma-separated member xnames', xnameList)
    .option('--exclusive <name>', 'exclusive-group name: a component may be in only one group with it')
    .action(async (label: string, opts, command: Command) => {
      const ctx = contextOf(command, io);
      const body = {
        label,
        description: opts.description,
        tags: opts.tags,
        exclusiveGroup: opts.exclusive,
        members: { ids: opts.members ?? [] },
      };
      const res = await ctx.withApi((api) => api.post(BASE, body));
      printDone(ctx, res, `added group ${label.toLowerCase()}${opts.members ? ` with ${opts.members.length} member(s)` : ''}`);
    });

  cmd
    .command('delete')
    .alias('rm')
    .description('delete a group (its members stay in the inventory)')
    .argument('<label>')
    .action(async (label: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.delete(`${BASE}/${seg(label)}`));
      printDone(ctx, res, `deleted group ${label}`);
    });

  const members = cmd.command('members').description('list, add or remove members of a group');

  members
    .command('list')
    .alias('ls')
    .argument('<label>')
    .action(async (label: string, _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.get<{ ids?: string[] }>(`${BASE}/${seg(label)}/members`));
      printList(ctx, res, (res?.ids ?? []).map((id) => ({ id })), [{ header: 'MEMBER', value: (m) => m.id }]);
    });

  members
    .command('add')
    .argument('<label>')
    .argument('<xname...>', 'one or more component xnames', xnameList)
    .action(async (label: string, xnames: string[], _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const answers = await ctx.withApi(async (api) => {
        const out: unknown[] = [];
        for (const id of xnames) out.push(await api.post(`${BASE}/${seg(label)}/members`, { id }));
        return out;
      });
      printDone(ctx, answers.flat(), `added ${xnames.join(', ')} to ${label}`);
    });

  members
    .command('remove')
    .alias('rm')
    .argument('<label>')
    .argument('<xname...>', 'one or more component xnames')
    .action(async (label: string, ids: string[], _opts, command: Command) => {
      const ctx = contextOf(command, io);
      const answers = await ctx.withApi(async (api) => {
        const out: unknown[] = [];
        for (const id of ids) out.push(await api.delete(`${BASE}/${seg(label)}/members/${seg(id)}`));
        return out;
      });
      printDone(ctx, answers, `removed ${ids.join(', ')} from ${label}`);
    });
}
