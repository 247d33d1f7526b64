import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unknownValue } from './ipmitool-format';

/**
 * Manufacturer names for `mc info`, the way ipmitool 1.8.19 finds them (lib/ipmi_strings.c): two IPMI-defined
 * values first, then IANA's Private Enterprise Number registry as distributions ship it
 * (~/.local/usr/share/misc/enterprise-numbers.txt, then /usr/share/misc/enterprise-numbers.txt, which Debian's
 * ipmitool package installs), in the format of https://www.iana.org/assignments/enterprise-numbers.txt:
 *
 *   7154
 *     Intelligent Platform Management Interface forum
 *       Thomas M. Slaight
 *
 * i.e. the number alone on a line, then the organisation indented by exactly two spaces.
 */
const IPMI_DEFINED: Record<number, string> = {
  0x000000: 'Unknown',
  // §20.1: 0FFFFFh = "unspecified".
  0x0fffff: 'Unspecified',
};

/** ipmitool's own value for its debugging BMC, consulted after the registry. */
const IPMITOOL_DEBUG = { id: 0xfffffe, name: 'A Debug Assisting Company, Ltd.' };

export function registryFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? os.homedir();
  return [path.join(home, '.local/usr/share/misc/enterprise-numbers.txt'), '/usr/share/misc/enterprise-numbers.txt'];
}

/** The organisation registered under IANA enterprise number `id`, or ipmitool's "Unknown (0x…)". */
export function manufacturerName(id: number, files: string[] = registryFiles()): string {
  if (IPMI_DEFINED[id] !== undefined) return IPMI_DEFINED[id];
  const file = files.find((f) => fs.existsSync(f));
  const found = file ? findInRegistry(fs.readFileSync(file, 'latin1'), id) : undefined;
  if (found !== undefined) return found;
  return id === IPMITOOL_DEBUG.id ? IPMITOOL_DEBUG.name : unknownValue(id);
}

/** Exported for the spec. Reads the name line after a line holding only `id` (ipmitool allows trailing text). */
export function findInRegistry(text: string, id: number): string | undefined {
  const re = new RegExp(`^${id}(?![0-9])[^\\n]*\\n  ([^ \\n][^\\n]*)`, 'm');
  return re.exec(text)?.[1];
}
