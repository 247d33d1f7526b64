import { parse } from 'yaml';
import { isJsonMap, JsonMap } from '../merge/deep-merge';
import { toYaml } from './yaml-emitter';

/**
 * The text formats cloud-init reads (cloud-init docs "User data formats"): a `#cloud-config` document is
 * YAML whose first line is exactly that header; `#include` lists one URL per line, each fetched and
 * processed as user/vendor data in turn; `## template: jinja` on the first line makes cloud-init render
 * the rest with instance data before reading it.
 */
export const CLOUD_CONFIG_HEADER = '#cloud-config';
const JINJA_HEADER = /^#+\s*template:\s*jinja\s*$/i;

/** `#cloud-config` + the data as PyYAML-safe YAML (see yaml-emitter.ts). */
export function renderCloudConfig(data: JsonMap): string {
  return `${CLOUD_CONFIG_HEADER}\n${toYaml(data)}`;
}

/** Meta-data is plain YAML (NoCloud reads it with the same loader, no header). */
export function renderMetaData(data: JsonMap): string {
  return toYaml(data);
}

/**
 * vendor-data as OpenCHAMI serves it (reference §4): `#include` and one `<base>/<group>.yaml` line per
 * group in membership order; cloud-init fetches them and merges them per each file's `merge_how`.
 */
export function renderVendorInclude(baseUrl: string, groups: readonly string[]): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `#include\n${groups.map((g) => `${base}/${g}.yaml\n`).join('')}`;
}

/** What `/{group}.yaml` serves: the group's document, or an empty cloud-config (reference §4). */
export function groupDocument(vendorData: string | null | undefined): string {
  return vendorData ?? `${CLOUD_CONFIG_HEADER}\n`;
}

export class CloudConfigError extends Error {}

/**
 * Checks a group file (v1 `file.content`, already decoded) before it is stored: a `#cloud-config`
 * document whose YAML is a mapping, or a jinja template of one (rendered by cloud-init on the node,
 * so only its headers can be checked here). Returns the text unchanged.
 */
export function checkCloudConfigDocument(text: string): string {
  const lines = text.split('\n');
  let i = 0;
  if (JINJA_HEADER.test(lines[0]?.trim() ?? '')) i = 1;
  if (lines[i]?.trimEnd() !== CLOUD_CONFIG_HEADER) {
    throw new CloudConfigError(`must start with "${CLOUD_CONFIG_HEADER}" (optionally after a "## template: jinja" line)`);
  }
  if (i === 0) parseCloudConfigYaml(lines.slice(1).join('\n'));
  return text;
}

/**
 * Parses a cloud-config body (or a YAML request body) the way cloud-init would read it: YAML 1.1, so
 * `yes`/`on` are booleans and `0644` an octal number, as PyYAML reads them (cloudinit/util.py load_yaml).
 * An empty document is an empty map. Throws CloudConfigError naming line and column.
 */
export function parseCloudConfigYaml(text: string): JsonMap {
  let data: unknown;
  try {
    data = parse(text, { version: '1.1', maxAliasCount: 100, uniqueKeys: true });
  } catch (err) {
    throw new CloudConfigError(`invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data == null) return {};
  if (!isJsonMap(data)) throw new CloudConfigError('must be a YAML mapping (key: value lines)');
  return toJson(data) as JsonMap;
}

/** The stored v1 document back as a v0 `vendordata` map, when it is plain `#cloud-config` YAML. */
export function documentToMap(text: string | null): JsonMap | null {
  if (text === null) return null;
  const [first, ...rest] = text.split('\n');
  if (first.trimEnd() !== CLOUD_CONFIG_HEADER) return null;
  try {
    return parseCloudConfigYaml(rest.join('\n'));
  } catch {
    return null;
  }
}

// YAML 1.1 can produce values JSON cannot hold (dates, binary, NaN); store what JSON can express.
function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJson(x)]));
  if (v instanceof Set) return [...v].map(toJson);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** A YAML request body (any shape: the v0 POST takes a list) read as YAML 1.1, as the data is meant for cloud-init. */
export function parseYamlBody(text: string): unknown {
  let data: unknown;
  try {
    data = parse(text, { version: '1.1', maxAliasCount: 100, uniqueKeys: true });
  } catch (err) {
    throw new CloudConfigError(`invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return toJson(data ?? {});
}
