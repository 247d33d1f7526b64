import * as fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { expandHostlist } from '../../common/hostlist/hostlist';
import { HttpMethod } from '../api/api.client';
import { contextOf } from '../cli-context';
import { usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { collectList, macAddress, splitList } from '../options/option.parsers';
import { Column, printDone, printList } from '../output/output.writer';

const BASE = '/boot/v1/bootparameters';

/** BSS BootParams as it comes back (reference §3.1). */
interface BootParams {
  hosts?: string[];
  macs?: string[];
  nids?: number[];
  kernel?: string;
  initrd?: string;
  params?: string;
}

const targets = (p: BootParams) => [...(p.hosts ?? []), ...(p.macs ?? []), ...(p.nids ?? []).map(String)];
const COLUMNS: Column<BootParams>[] = [
  { header: 'TARGETS', value: (p) => (targets(p).length > 6 ? `${targets(p).slice(0, 5).join(',')},… (${targets(p).length})` : targets(p)) },
  { header: 'KERNEL', value: (p) => p.kernel },
  { header: 'INITRD', value: (p) => p.initrd },
  { header: 'PARAMS', value: (p) => p.params },
];

interface TargetOpts {
  xname?: string[];
  group?: string[];
  mac?: string[];
  nid?: number[];
  kernel?: string;
  initrd?: string;
  params?: string;
  data?: string;
}

/** `--xname x1000c1s7b[1-9]n0` and `--nid 1-9,12`: hostlist ranges, as `hwctl pm` takes them. */
function xnames(value: string, previous: string[] = []): string[] {
  try {
    return [...previous, ...expandHostlist(value)];
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
}

function nids(value: string, previous: number[] = []): number[] {
  const out = [...previous];
  for (const part of splitList(value)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
    if (!(a >= 1 && b >= a && b - a < 100000)) throw new InvalidArgumentError('expected NIDs like 1,2,5-9.');
    for (let n = a; n <= b; n++) out.push(n);
  }
  return out;
}

const macs = (value: string, previous: string[] = []) => [...previous, ...splitList(value).map(macAddress)];

function targetOptions(cmd: Command, fields: boolean): Command {
  cmd
    .option('-x, --xname <xnames>', 'node xname(s): comma list or hostlist range x1000c1s7b[1-9]n0', xnames)
    .option('-g, --group <labels>', 'inventory group label(s): the default for its members', collectList)
    .option('-m, --mac <macs>', 'boot MAC address(es)', macs)
    .option('-n, --nid <nids>', 'node ID(s): 1,2,5-9', nids);
  if (fields) {
    cmd
      .option('--kernel <url>', 'kernel URL')
      .option('--initrd <url>', 'initrd/initramfs URL')
      .option('--params <text>', 'kernel command line')
      .option('-d, --data <json|@file>', 'the BSS payload itself ({"macs":[…],"kernel":…}), JSON or YAML; @- reads standard input');
  }
  return cmd;
}

/** The BSS body from flags (groups go in `hosts`, as BSS names its boot groups) or from --data. */
async function body(opts: TargetOpts, io: CliIo): Promise<BootParams> {
  if (opts.data !== undefined) {
    const text = opts.data === '@-' ? await io.readStdin() : opts.data.startsWith('@') ? readFile(opts.data.slice(1)) : opts.data;
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (err) {
      throw usageError(`--data: not JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw usageError('--data: expected one object like {"macs":["…"],"kernel":"…"}');
    return data as BootParams;
  }
  const hosts = [...(opts.xname ?? []), ...(opts.group ?? [])];
  return {
    ...(hosts.length ? { hosts } : {}),
    ...(opts.mac?.length ? { macs: opts.mac } : {}),
    ...(opts.nid?.length ? { nids: opts.nid } : {}),
    ...(opts.kernel !== undefined ? { kernel: opts.kernel } : {}),
    ...(opts.initrd !== undefined ? { initrd: opts.initrd } : {}),
    ...(opts.params !== undefined ? { params: opts.params } : {}),
  };
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as NodeJS.ErrnoException).code ?? err)}`);
  }
}

function describe(b: BootParams): string {
  const t = targets(b);
  return t.length === 0 ? 'matching entries' : t.length > 5 ? `${t.length} targets` : t.join(', ');
}

/** `hwctl boot params get|set|add|update|delete`: BSS /bootparameters, the ochami `bss boot params` verbs. */
export function registerParamsCommands(boot: Command, io: CliIo): void {
  const params = boot.command('params').description('boot parameters (kernel, initrd, command line) of nodes and groups: BSS /bootparameters');

  targetOptions(params.command('get').alias('list').description('show boot parameters, all or for some targets'), false).action(async (opts: TargetOpts, command: Command) => {
    const ctx = contextOf(command, io);
    const query = { name: [...(opts.xname ?? []), ...(opts.group ?? [])], mac: opts.mac, nid: opts.nid?.map(String) };
    const res = await ctx.withApi((api) => api.get<BootParams[]>(BASE, query));
    printList(ctx, res, Array.isArray(res) ? res : [], COLUMNS);
  });

  const writer = (name: string, method: HttpMethod, verb: string, description: string) =>
    targetOptions(params.command(name).description(description), true).action(async (opts: TargetOpts, command: Command) => {
      const ctx = contextOf(command, io);
      const b = await body(opts, io);
      if (opts.data === undefined) {
        if (targets(b).length === 0 && (method !== 'DELETE' || (!b.kernel && !b.initrd && !b.params))) throw usageError('give targets: --xname, --group, --mac or --nid (or -d)');
        if (method !== 'DELETE' && method !== 'POST' && !b.kernel && !b.initrd && !b.params) throw usageError('give at least one of --kernel, --initrd or --params');
      }
      const res = await ctx.withApi((api) => api.send(method, BASE, { body: b }));
      printDone(ctx, res, `${verb} boot parameters for ${describe(b)}`);
    });

  writer('set', 'PUT', 'set', 'set boot parameters, creating or updating (only the given fields change): BSS PUT');
  writer('add', 'POST', 'added', 'add boot parameters for targets that have none (BSS POST: one kind of target)');
  writer('update', 'PATCH', 'updated', 'change boot parameters of targets that have some (BSS PATCH)');
  writer('delete', 'DELETE', 'deleted', 'delete boot parameters of targets, or (with only --kernel/--initrd/--params) of every entry using them');
}
