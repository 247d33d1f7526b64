import * as fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../../common/duration';
import { ApiClient, seg } from '../api/api.client';
import { CliContext, contextOf } from '../cli-context';
import { CliError, EXIT, usageError } from '../cli-error';
import { CliIo } from '../cli-io';
import { collectList, positiveInt } from '../options/option.parsers';
import { Column, printJson, printList } from '../output/output.writer';
import { ScanProgress, ScanProgressBar } from './scan-progress';

const BASE = '/discovery/v1';

interface Scan extends ScanProgress {
  id: string;
  error?: string | null;
}

interface ScanResult {
  address: string;
  port: number;
  protocol: string;
  serviceType: string;
  status: string;
  redfishVersion?: string;
  vendor?: string;
  xname?: string;
  collectStatus?: string;
  collectError?: string;
}

interface Bmc {
  address: string;
  port: number;
  scheme: string;
  xname?: string;
  bmcMac?: string;
  present: boolean;
  ipmi: boolean;
  LastDiscoveryStatus: string;
  lastSeen: string;
  lastError?: string;
}

const RESULT_COLUMNS: Column<ScanResult>[] = [
  { header: 'ADDRESS', value: (r) => r.address },
  { header: 'PORT', value: (r) => r.port },
  { header: 'PROTO', value: (r) => r.protocol },
  { header: 'SERVICE', value: (r) => r.serviceType },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'REDFISH', value: (r) => r.redfishVersion },
  { header: 'XNAME', value: (r) => r.xname },
  { header: 'COLLECT', value: (r) => (r.collectError ? `${r.collectStatus}: ${r.collectError}` : r.collectStatus) },
];

const BMC_COLUMNS: Column<Bmc>[] = [
  { header: 'ADDRESS', value: (b) => b.address },
  { header: 'PORT', value: (b) => b.port },
  { header: 'XNAME', value: (b) => b.xname },
  { header: 'BMC MAC', value: (b) => b.bmcMac },
  { header: 'IPMI', value: (b) => b.ipmi },
  { header: 'PRESENT', value: (b) => b.present },
  { header: 'STATUS', value: (b) => b.LastDiscoveryStatus },
  { header: 'LAST SEEN', value: (b) => b.lastSeen },
];

/** A port 1-65535 (repeatable). */
function portList(value: string, previous: number[] = []): number[] {
  return [
    ...previous,
    ...value.split(',').map((p) => {
      const n = /^\d+$/.test(p.trim()) ? Number(p) : NaN;
      if (!(n >= 1 && n <= 65535)) throw new InvalidArgumentError('expected a port 1-65535.');
      return n;
    }),
  ];
}

function durationOption(value: string): string {
  try {
    parseDuration(value);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
  return value.trim();
}

/** JSON or YAML from a file (`@file` or a path), or inline JSON. */
function readObject(value: string, option: string): Record<string, unknown> {
  let text = value;
  const path = value.startsWith('@') ? value.slice(1) : fs.existsSync(value) ? value : undefined;
  if (path) {
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (err) {
      throw usageError(`${option}: cannot read ${path}: ${(err as Error).message}`);
    }
  }
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch (err) {
    throw usageError(`${option}: not JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw usageError(`${option}: expected an object`);
  return v as Record<string, unknown>;
}

/** Credentials, xname map and policy options shared by scan and collect. */
function addCollectOptions(cmd: Command): Command {
  return cmd
    .option('-u, --username <user>', 'BMC user for every BMC')
    .option('-p, --password <password>', 'BMC password (visible in `ps`: prefer --credentials FILE)')
    .option('--credentials <file>', 'JSON/YAML {"default": {"username","password"}, "<ip>": {...}} (magellan secrets, in clear)')
    .option('-m, --bmc-id-map <map>', 'address → xname map: @file, a path, or inline JSON (magellan --bmc-id-map format)')
    .option('--skip-unmapped', 'with a map, skip BMCs not in it instead of giving them a generated xname');
}

function collectBody(opts: Record<string, any>): Record<string, unknown> {
  if (opts.password !== undefined && !opts.username) throw usageError('--password needs --username');
  if (opts.username && opts.credentials) throw usageError('use --username/--password or --credentials, not both');
  return {
    username: opts.username,
    password: opts.username ? (opts.password ?? '') : undefined,
    credentials: opts.credentials ? readObject(opts.credentials, '--credentials') : undefined,
    bmcIdMap: opts.bmcIdMap ? readObject(opts.bmcIdMap, '--bmc-id-map') : undefined,
    unmapped: opts.skipUnmapped ? 'skip' : undefined,
  };
}

/**
 * Follows a scan until it ends: a live progress line on a terminal (stderr, so stdout stays clean for
 * --json), polling every 250 ms. Ctrl-C cancels the scan on the daemon before leaving.
 */
async function follow(ctx: CliContext, api: ApiClient, id: string, live: boolean): Promise<Scan> {
  const bar = live ? new ScanProgressBar((s) => ctx.io.err(s), process.stderr.columns ?? 100) : undefined;
  let cancelled = false;
  const onInt = () => {
    cancelled = true;
  };
  process.once('SIGINT', onInt);
  try {
    for (;;) {
      const s = await api.get<Scan>(`${BASE}/scans/${seg(id)}`);
      bar?.update(s);
      if (s.status !== 'running') {
        bar?.stop();
        return s;
      }
      if (cancelled) {
        await api.post(`${BASE}/scans/${seg(id)}/cancel`, {});
        cancelled = false;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', onInt);
  }
}

async function report(ctx: CliContext, api: ApiClient, s: Scan): Promise<void> {
  if (ctx.json) {
    printJson(ctx, await api.get(`${BASE}/scans/${seg(s.id)}/results`, { format: 'magellan' }));
  } else {
    const res = await api.get<{ results: ScanResult[] }>(`${BASE}/scans/${seg(s.id)}/results`);
    printList(ctx, res, res.results, RESULT_COLUMNS);
    const collected = s.collected || s.failed ? `, ${s.collected} collected, ${s.failed} failed` : '';
    ctx.io.out(`${s.kind ?? 'scan'} ${s.id} ${s.status}: ${s.probed}/${s.total} probed, ${s.found} found${collected}\n`);
  }
  if (s.status !== 'done') throw new CliError(`${s.kind ?? 'scan'} ${s.id} ${s.status}${s.error ? `: ${s.error}` : ''}`, EXIT.api);
}

/** `hwctl scan`, `hwctl collect`, `hwctl list`: magellan's verbs, run by hwctld (/discovery/v1). */
export function registerDiscoveryCommands(program: Command, io: CliIo): void {
  addCollectOptions(
    program
      .command('scan')
      .description('find BMCs: TCP connect + unauthenticated GET /redfish/v1/ on each address, IPMI ping on UDP 623')
      .requiredOption('-s, --subnet <cidr>', 'IPv4, CIDR (≤ /16) or a-b range; repeat or comma-separate', collectList)
      .option('--port <port>', 'Redfish port(s) (default: the daemon\'s, 443)', portList)
      .option('--timeout <duration>', 'per-address timeout of each probe, e.g. 500ms, 1s')
      .option('-j, --concurrency <n>', 'addresses probed at once (honoured whatever the subnet size)', positiveInt)
      .option('--scheme <scheme>', 'https (default) or http')
      .option('--no-ipmi', 'skip the IPMI (UDP 623) probe')
      .option('--ipmi-port <port>', 'IPMI port', positiveInt)
      .option('--ssdp', 'also send a unicast SSDP M-SEARCH to every address (a hint: few BMCs answer)')
      .option('--ssdp-port <port>', 'SSDP port (default 1900)', positiveInt)
      .option('--ssdp-interface <if>', 'also send one multicast SSDP M-SEARCH (TTL 2) out of this interface of the daemon\'s host')
      .option('--collect', 'walk every Redfish BMC found and write it into the inventory')
      .option('--detach', 'print the scan id and return at once'),
  ).action(async (opts, command: Command) => {
    // --timeout here is the probe timeout; the API deadline is the global one given before `scan`.
    const ctx = contextOf(command.parent!, io);
    if (opts.timeout !== undefined) durationOption(opts.timeout);
    if (opts.scheme !== undefined && !['https', 'http'].includes(opts.scheme)) throw usageError('--scheme: https or http');
    const body = {
      targets: opts.subnet,
      ports: opts.port,
      timeout: opts.timeout,
      concurrency: opts.concurrency,
      scheme: opts.scheme,
      ipmi: opts.ipmi === false ? false : undefined,
      ipmiPort: opts.ipmiPort,
      ssdp: opts.ssdp === true ? true : undefined,
      ssdpPort: opts.ssdpPort,
      ssdpInterface: opts.ssdpInterface,
      collect: opts.collect === true,
      ...(opts.collect ? collectBody(opts) : {}),
    };
    if (!opts.collect && (opts.username || opts.credentials || opts.bmcIdMap)) throw usageError('credentials and --bmc-id-map are for --collect');
    await ctx.withApi(async (api) => {
      const started = await api.post<Scan>(`${BASE}/scans`, body);
      if (opts.detach) return ctx.json ? printJson(ctx, started) : ctx.io.out(`${started.id}\n`);
      await report(ctx, api, await follow(ctx, api, started.id, io.isTTY && !ctx.json));
    });
  });

  addCollectOptions(
    program
      .command('collect')
      .description('walk BMCs over Redfish into the inventory: given addresses, or the BMCs a scan found')
      .argument('[targets...]', 'BMC addresses ("10.0.0.5" or "10.0.0.5:8443")')
      .option('--scan <id>', 'collect the Redfish BMCs found by this scan')
      .option('--port <port>', 'port for targets given without one', positiveInt)
      .option('--scheme <scheme>', 'https (default) or http'),
  ).action(async (targets: string[], opts, command: Command) => {
    const ctx = contextOf(command.parent!, io);
    if (targets.length === 0 && !opts.scan) throw usageError('name the BMCs to collect, or --scan ID');
    if (targets.length > 0 && opts.scan) throw usageError('give BMC addresses or --scan, not both');
    const body = { targets: targets.length ? targets : undefined, scanId: opts.scan, port: opts.port, scheme: opts.scheme, ...collectBody(opts) };
    await ctx.withApi(async (api) => {
      const started = await api.post<Scan>(`${BASE}/collect`, body);
      await report(ctx, api, await follow(ctx, api, started.id, io.isTTY && !ctx.json));
    });
  });

  program
    .command('list')
    .description('BMCs discovery knows: address, xname, MAC, present or vanished, last status')
    .action(async (_opts, command: Command) => {
      const ctx = contextOf(command, io);
      const res = await ctx.withApi((api) => api.get<{ bmcs: Bmc[] }>(`${BASE}/bmcs`));
      if (ctx.json) {
        // magellan `list -F json` records, one per known BMC.
        return printJson(ctx, res.bmcs.map((b) => ({ host: `${b.scheme}://${b.address}`, port: b.port, protocol: 'tcp', state: b.present, timestamp: b.lastSeen, service_type: 'Redfish' })));
      }
      printList(ctx, res, res.bmcs, BMC_COLUMNS);
    });
}
