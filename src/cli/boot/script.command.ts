import { Command, InvalidArgumentError } from 'commander';
import { normalizeMac } from '../../common/net/mac';
import { isValidXname, normalizeXname } from '../../common/xname/xname';
import { ApiError } from '../api/api-error';
import { CliContext, contextOf } from '../cli-context';
import { CliIo } from '../cli-io';
import { getText } from '../cloudinit/text-get';

type Target = { mac: string } | { name: string } | { nid: number };

/** NODE is a MAC, a NID or an xname. */
function parseNode(value: string): Target {
  const mac = normalizeMac(value);
  if (mac) return { mac };
  if (/^\d+$/.test(value)) return { nid: Number(value) };
  if (isValidXname(value)) return { name: normalizeXname(value) };
  throw new InvalidArgumentError('expected a MAC address, a NID or an xname.');
}

/**
 * What the node's iPXE asks for: DHCP hands it `…/bootscript?mac=<its MAC>`, so for an xname or NID we
 * look up its first NIC (the one BSS chains back with) and ask by MAC, which also gets BOOTIF right.
 * A node without a NIC in the inventory is asked for by name or NID instead.
 */
async function asIpxeWouldAsk(ctx: CliContext, t: Target): Promise<Target> {
  if ('mac' in t) return t;
  // The bootscript needs no token but the inventory does: without one, ask by name or NID (no BOOTIF then).
  return ctx.withApi(async (api) => {
    let xname: string | undefined = 'name' in t ? t.name : undefined;
    if (xname === undefined) {
      const res = await api.get<{ Components?: { ID: string }[] }>('/hsm/v2/State/Components', { nid: String((t as { nid: number }).nid), type: 'Node' });
      xname = res?.Components?.[0]?.ID;
      if (!xname) return t;
    }
    const nics = await api.get<{ MACAddress: string }[]>('/hsm/v2/Inventory/EthernetInterfaces', { ComponentID: xname });
    const mac = Array.isArray(nics) ? nics.map((n) => n.MACAddress).find(Boolean) : undefined;
    return mac ? { mac } : t;
  }).catch((err: unknown) => {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return t;
    throw err;
  });
}

/** `hwctl boot script NODE`: prints exactly the iPXE script (or with --json BSS's BootData) that node gets. */
export function registerScriptCommand(boot: Command, io: CliIo): void {
  boot
    .command('script')
    .description('print the iPXE script a node receives from /boot/v1/bootscript')
    .argument('<node>', 'MAC address, NID or xname', parseNode)
    .option('--arch <arch>', 'as iPXE asks the second time for an unknown node (e.g. x86_64)')
    .option('--retry <n>', 'the retry count iPXE sends after a failed boot', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a non-negative integer.');
      return v;
    })
    .action(async (node: Target, opts: { arch?: string; retry?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const t = await asIpxeWouldAsk(ctx, node);
      const q = new URLSearchParams();
      if ('mac' in t) q.set('mac', t.mac);
      else if ('name' in t) q.set('name', t.name);
      else q.set('nid', String(t.nid));
      if (opts.arch) q.set('arch', opts.arch);
      if (opts.retry) q.set('retry', opts.retry);
      if (ctx.json) q.set('json', '1');
      try {
        // URLSearchParams would write ":" as %3A; BSS and iPXE use the MAC as is, and so does the cache key.
        const text = await getText(ctx, `/boot/v1/bootscript?${q.toString().replace(/%3A/g, ':')}`);
        io.out(ctx.json ? `${JSON.stringify(JSON.parse(text), null, 2)}\n` : text);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) throw new ApiError(404, `${err.message} (set its boot parameters: hwctl boot params set)`, err.body);
        throw err;
      }
    });
}
