import { badRequest, HwctlError } from '../../common/errors/hwctl-error';
import { normalizeMac } from '../../common/net/mac';

/** A parsed `GET /boot/v1/bootscript` query (reference §3.2). */
export interface BootscriptQuery {
  /** Normalized aa:bb:cc:dd:ee:ff. */
  mac?: string;
  /** As given (it is echoed in the chain URL for unknown nodes, as BSS does). */
  name?: string;
  nid?: number;
  arch?: string;
  retry: number;
  /** Seconds since the epoch; BSS defaults it to "now". */
  ts?: number;
  json: boolean;
}

// Everything parsed here ends up inside an iPXE script, so each value is held to a strict shape: a
// newline smuggled into `name=` would otherwise become a script command on the node. (BSS echoes the
// values unchecked.) This is also why the route parses by hand instead of through a DTO: it is the hot
// path of a boot storm, and class-transformer + class-validator per request cost more than the answer.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/;
const ARCH = /^[A-Za-z0-9_-]{1,32}$/;
const UINT = /^\d{1,10}$/;

export function parseBootscriptQuery(query: Record<string, unknown>): BootscriptQuery {
  const get = (field: string): string | undefined => {
    const v = query[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw badRequest(`${field}: give one value`, field);
    return v === '' ? undefined : v;
  };
  const uint = (field: string, max = 2 ** 31 - 1): number | undefined => {
    const v = get(field);
    if (v === undefined) return undefined;
    if (!UINT.test(v) || Number(v) > max) throw badRequest(`${field}: "${v}" is not a non-negative integer`, field);
    return Number(v);
  };

  const out: BootscriptQuery = { retry: uint('retry') ?? 0, json: (uint('json') ?? 0) !== 0 };
  const mac = get('mac');
  if (mac !== undefined) {
    out.mac = normalizeMac(mac);
    if (!out.mac) throw badRequest(`mac: "${mac}" is not a MAC address`, 'mac');
  }
  const name = get('name');
  if (name !== undefined) {
    if (!NAME.test(name)) throw badRequest(`name: "${name}" is not an xname or host name`, 'name');
    out.name = name;
  }
  out.nid = uint('nid');
  const arch = get('arch');
  if (arch !== undefined) {
    if (!ARCH.test(arch)) throw badRequest(`arch: "${arch}" is not an architecture name`, 'arch');
    out.arch = arch;
  }
  out.ts = uint('ts', Number.MAX_SAFE_INTEGER);
  if (out.mac === undefined && out.name === undefined && out.nid === undefined) {
    // BSS's exact words, so scripts grepping for them keep working.
    throw new HwctlError('BAD_REQUEST', 400, 'Need a mac=, name=, or nid= parameter', [{ field: 'mac', message: 'one of mac, name or nid is required' }]);
  }
  return out;
}
