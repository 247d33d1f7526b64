import { parse } from 'yaml';
import { usageError } from '../cli-error';

export interface EntryPayload {
  name: string;
  'cloud-init': { userdata?: unknown; metadata?: unknown; vendordata?: unknown };
}

/**
 * Reads a cloud-init payload file: one entry `{name, cloud-init: {userdata, metadata, vendordata}}` as in
 * the seeds' bootcamp, or a list of them (the form `ochami cloud-init config update` takes). YAML (1.1, as
 * cloud-init reads it) or JSON. Every problem is listed; a bad file sends nothing.
 */
export function readEntriesFile(text: string, where: string): EntryPayload[] {
  let doc: unknown;
  try {
    doc = parse(text, { version: '1.1', uniqueKeys: true, maxAliasCount: 100 });
  } catch (err) {
    throw usageError(`${where}: not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const items = Array.isArray(doc) ? doc : [doc];
  const problems: string[] = [];
  const out: EntryPayload[] = [];
  items.forEach((item, i) => {
    const at = Array.isArray(doc) ? `${where}: [${i}]` : where;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return void problems.push(`${at}: expected a mapping with name and cloud-init`);
    const { name, 'cloud-init': ci, ...rest } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') problems.push(`${at}: name: required`);
    if (ci === null || typeof ci !== 'object' || Array.isArray(ci)) problems.push(`${at}: cloud-init: expected a mapping with userdata, metadata and/or vendordata`);
    for (const k of Object.keys(rest)) problems.push(`${at}: ${k}: unknown field`);
    if (typeof name === 'string' && ci && typeof ci === 'object' && !Array.isArray(ci)) out.push({ name: name.trim(), 'cloud-init': ci as EntryPayload['cloud-init'] });
  });
  if (items.length === 0) problems.push(`${where}: no entries`);
  if (problems.length > 0) throw usageError(problems);
  return out;
}
