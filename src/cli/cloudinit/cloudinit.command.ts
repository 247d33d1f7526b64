import * as fs from 'node:fs';
import { Command } from 'commander';
import { seg } from '../api/api.client';
import { contextOf } from '../cli-context';
import { usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { Column, printDone, printJson, printList } from '../output/output.writer';
import { EntryPayload, readEntriesFile } from './entries-file.reader';
import { getText } from './text-get';

type Entry = { name: string; 'cloud-init': { userdata: Record<string, unknown> | null; metadata: Record<string, unknown> | null; vendordata: Record<string, unknown> | null } };

const keys = (m: Record<string, unknown> | null) => (m ? Object.keys(m) : []);
const COLUMNS: Column<Entry>[] = [
  { header: 'NAME', value: (e) => e.name },
  { header: 'USER-DATA KEYS', value: (e) => keys(e['cloud-init'].userdata) },
  { header: 'META-DATA KEYS', value: (e) => keys(e['cloud-init'].metadata) },
  { header: 'VENDOR-DATA KEYS', value: (e) => keys(e['cloud-init'].vendordata) },
];

const base = (secure?: boolean) => (secure ? '/cloud-init-secure' : '/cloud-init');

/**
 * `hwctl cloud-init …`: the cloud-init entries of groups and nodes (the v0 layout, seeds/003's workflow)
 * and what a node gets. `--secure` works on the secure stage (reading it needs an `admin` token).
 */
export function registerCloudInitCommands(program: Command, io: CliIo): void {
  const ci = program.command('cloud-init').description('cloud-init data of groups and nodes (served at /cloud-init and /cloud-init-secure)');
  const config = ci.command('config').description('entries: the data stored for a group (by label) or a node (by xname)');

  config
    .command('list')
    .alias('ls')
    .description('list entries')
    .option('--secure', 'the secure stage')
    .action(async (opts: { secure?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.get<Record<string, Entry>>(`${base(opts.secure)}/`));
      printList(ctx, res, Object.values(res ?? {}), COLUMNS);
    });

  config
    .command('get')
    .description('print one entry as JSON')
    .argument('<name>', 'group label or node xname')
    .option('--secure', 'the secure stage')
    .action(async (name: string, opts: { secure?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      printJson(ctx, await ctx.withApi((api) => api.get<Entry>(`${base(opts.secure)}/${seg(name)}`)));
    });

  config
    .command('set')
    .description('create or update entries from a file: {name, cloud-init: {userdata, metadata, vendordata}} or a list of them')
    .argument('<file>', 'YAML or JSON file, or - for standard input')
    .option('--secure', 'the secure stage')
    .action(async (file: string, opts: { secure?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const where = file === '-' ? '<stdin>' : file;
      const entries: EntryPayload[] = readEntriesFile(file === '-' ? await io.readStdin() : readFile(file), where);
      const results = await ctx.withApi(async (api) => {
        const out: unknown[] = [];
        for (const e of entries) out.push(await api.send('PUT', `${base(opts.secure)}/${seg(e.name)}`, { body: e }));
        return out;
      });
      printDone(ctx, results, `stored ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: ${entries.map((e) => e.name).join(', ')}`);
    });

  config
    .command('delete')
    .alias('rm')
    .description('delete an entry')
    .argument('<name>')
    .option('--secure', 'the secure stage')
    .action(async (name: string, opts: { secure?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.delete(`${base(opts.secure)}/${seg(name)}`));
      printDone(ctx, res, `deleted ${name}`);
    });

  ci.command('data')
    .description('the documents served: what a node gets, or an entry alone')
    .command('get')
    .description('print what node ID (xname or MAC) gets, or the entry ID (group label) alone')
    .argument('<id>', 'node xname or MAC, or group label')
    .option('--user', 'user-data (the default)')
    .option('--meta', 'meta-data')
    .option('--vendor', 'vendor-data')
    .option('--secure', 'the secure stage')
    .action(async (id: string, opts: { user?: boolean; meta?: boolean; vendor?: boolean; secure?: boolean }, command: Command) => {
      const picked = [opts.user && 'user-data', opts.meta && 'meta-data', opts.vendor && 'vendor-data'].filter(Boolean) as string[];
      if (picked.length > 1) throw usageError('--user, --meta and --vendor: pick one');
      const ctx = contextOf(command, io);
      io.out(await getText(ctx, `${base(opts.secure)}/${seg(id)}/${picked[0] ?? 'user-data'}`));
    });
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usageError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? err)}`);
  }
}
