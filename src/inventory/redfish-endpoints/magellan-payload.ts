import { badRequest } from '../../common/errors/hwctl-error';

// The Managers/Systems part of magellan's collect payload (reference §1.5; snake_case keys). Vendor
// data varies, so only the fields we use are type-checked; errors name the JSON path.
export interface MagellanNic {
  uri?: string;
  mac: string;
  ip: string;
  enabled?: boolean;
}

export interface MagellanManager {
  uri: string;
  uuid: string;
  name: string;
  type: string;
  nics: MagellanNic[];
  raw: Record<string, unknown>;
}

export interface MagellanSystem {
  uri: string;
  uuid: string;
  name: string;
  systemType: string;
  actions: string[];
  powerState?: string;
  nics: MagellanNic[];
  raw: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest(`${at}: expected an object`, at);
  return v as Obj;
}

function str(o: Obj, key: string, at: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw badRequest(`${at}.${key}: expected a string`, `${at}.${key}`);
  return v;
}

function list(o: Obj, key: string, at: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(`${at}.${key}: expected an array`, `${at}.${key}`);
  return v;
}

function nics(o: Obj, at: string): MagellanNic[] {
  return list(o, 'ethernet_interfaces', at).map((n, i) => {
    const nic = obj(n, `${at}.ethernet_interfaces[${i}]`);
    const where = `${at}.ethernet_interfaces[${i}]`;
    return { uri: str(nic, 'uri', where), mac: str(nic, 'mac', where), ip: str(nic, 'ip', where), enabled: nic.enabled !== false };
  });
}

export function parseManagers(raw: unknown[] | undefined): MagellanManager[] {
  return (raw ?? []).map((m, i) => {
    const at = `Managers[${i}]`;
    const o = obj(m, at);
    return { uri: str(o, 'uri', at), uuid: str(o, 'uuid', at), name: str(o, 'name', at), type: str(o, 'type', at), nics: nics(o, at), raw: o };
  });
}

export function parseSystems(raw: unknown[] | undefined): MagellanSystem[] {
  return (raw ?? []).map((s, i) => {
    const at = `Systems[${i}]`;
    const o = obj(s, at);
    const actions = list(o, 'actions', at).map((a, j) => {
      if (typeof a !== 'string') throw badRequest(`${at}.actions[${j}]: expected a string`, `${at}.actions[${j}]`);
      return a;
    });
    const power = o.power === undefined || o.power === null ? {} : obj(o.power, `${at}.power`);
    return {
      uri: str(o, 'uri', at),
      uuid: str(o, 'uuid', at),
      name: str(o, 'name', at),
      systemType: str(o, 'system_type', at),
      actions,
      powerState: str(power, 'state', `${at}.power`) || undefined,
      nics: nics(o, at),
      raw: o,
    };
  });
}

/** "https://10.0.0.1:443/redfish/v1/Systems/1" → "/redfish/v1/Systems/1" (magellan sends full URIs). */
export function redfishPath(uri: string): string {
  try {
    return new URL(uri).pathname;
  } catch {
    return uri;
  }
}
