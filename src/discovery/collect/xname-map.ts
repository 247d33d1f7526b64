/**
 * The BMC address → xname map, as magellan takes it with --bmc-id-map (reference §1.4):
 * `{"map_key": "bmc-ip-addr", "id_map": {"172.21.0.1": "x0c0s1b0"}}` in JSON or YAML, or just the
 * `{address: xname}` object. Every value must be a controller xname (NodeBMC, ChassisBMC, RouterBMC, …);
 * errors name the entry. Unlike magellan, a BMC missing from a map is not silently dropped: the caller
 * decides (generate a name, or skip it with status NotInMap).
 */
import { parse as parseYaml } from 'yaml';
import { isIP } from '../../common/net/ipv4';
import { CONTROLLER_TYPES, normalizeXname, xnameType } from '../../common/xname/xname';

export class XnameMapError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'XnameMapError';
  }
}

/** Validates and normalises a map object (already parsed). */
export function normalizeXnameMap(raw: unknown, at = 'bmcIdMap'): Map<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new XnameMapError(`${at}: expected an object of address → xname`, at);
  const obj = raw as Record<string, unknown>;
  let entries: Record<string, unknown> = obj;
  if ('id_map' in obj || 'map_key' in obj) {
    if (obj.map_key !== undefined && obj.map_key !== 'bmc-ip-addr') throw new XnameMapError(`${at}.map_key: only "bmc-ip-addr" is supported`, `${at}.map_key`);
    if (typeof obj.id_map !== 'object' || obj.id_map === null || Array.isArray(obj.id_map)) throw new XnameMapError(`${at}.id_map: expected an object`, `${at}.id_map`);
    entries = obj.id_map as Record<string, unknown>;
    at = `${at}.id_map`;
  }
  const out = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const [address, value] of Object.entries(entries)) {
    const field = `${at}.${address}`;
    if (!isIP(address)) throw new XnameMapError(`${field}: "${address}" is not an IP address`, field);
    const xname = typeof value === 'string' ? normalizeXname(value) : '';
    const type = xnameType(xname);
    if (!type || !CONTROLLER_TYPES.has(type)) throw new XnameMapError(`${field}: "${String(value)}" is not a controller xname (e.g. x1000c1s7b0)`, field);
    const other = owner.get(xname);
    if (other) throw new XnameMapError(`${field}: ${xname} is already mapped to ${other}`, field);
    owner.set(xname, address);
    out.set(address, xname);
  }
  return out;
}

/** Parses map text (JSON or YAML, which YAML also reads). */
export function parseXnameMap(text: string, at = 'bmcIdMap'): Map<string, string> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new XnameMapError(`${at}: not JSON or YAML (${(err as Error).message.split('\n')[0]})`, at);
  }
  return normalizeXnameMap(raw, at);
}
