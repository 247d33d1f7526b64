import * as fs from 'node:fs';
import { Command } from 'commander';
import { contextOf } from '../cli-context';
import { CliError, EXIT, usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { printJson } from '../output/output.writer';
import { parseNodesFile, summarize } from './nodes-file.parser';
import { LoadBody, LoadResult } from './nodes-file.types';

const LOAD_PATH = '/inventory/v1/load';

/**
 * `hwctl inventory load FILE`: BMCs, nodes, NICs and groups from a nodes file in ONE request (hwctld
 * stores all of it in one transaction), where `ochami discover static` makes hundreds of calls and can
 * stop half-way. The whole file is checked first; a bad file sends nothing.
 */
export function registerLoadCommand(inventory: Command, io: CliIo): void {
  inventory
    .command('load')
    .description('load a nodes file: the ochami `discover static` YAML or the flat gen_nodes_file.sh list')
    .argument('<file>', 'YAML or JSON file, or - for standard input')
    .option('--overwrite', 'the file wins over existing NIDs, NIC owners and BMC addresses')
    .option('--dry-run', 'check and convert the file, print what would be loaded, send nothing')
    .action(async (file: string, opts: { overwrite?: boolean; dryRun?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const text = file === '-' ? await io.readStdin() : readFile(file);
      const parsed = parseNodesFile(text);
      if (!parsed.body) {
        const where = file === '-' ? '<stdin>' : file;
        throw new CliError(
          parsed.problems.map((p) => `${where}${p.line ? `:${p.line}` : ''}: ${p.path.startsWith('(') ? '' : `${p.path}: `}${p.message}`),
          EXIT.usage,
        );
      }
      const body: LoadBody = { overwrite: opts.overwrite === true, ...parsed.body };
      if (opts.dryRun) {
        if (ctx.json) return printJson(ctx, body);
        io.out(`dry run (${parsed.format} format, nothing sent): would load ${counts(summarize(parsed.body))}\n`);
        return;
      }
      const result = await ctx.withApi((api) => api.post<LoadResult>(LOAD_PATH, body));
      if (ctx.json) return printJson(ctx, result);
      io.out(`loaded ${counts(result ?? summarize(parsed.body))} from ${file === '-' ? 'standard input' : file}\n`);
    });
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String(code ?? err);
    throw usageError(`${file}: ${why}`);
  }
}

export function counts(c: LoadResult): string {
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  return `${n(c.bmcs, 'BMC')}, ${n(c.nodes, 'node')}, ${n(c.interfaces, 'interface')}, ${n(c.groups, 'group')}`;
}
