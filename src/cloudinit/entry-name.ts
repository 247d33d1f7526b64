import { isValidXname, normalizeXname } from '../common/xname/xname';
import { RESERVED_NAMES } from './cloud-init.constants';

// SMD group labels (reference §2.2): lowercase, ^[-a-z0-9:._]+$.
const LABEL = /^[-a-z0-9:._]+$/;

/**
 * The stored name of an entry: a valid xname in hms-xname's normal form (so "x1000c1s7b0n00" and
 * "X1000C1S7B0N0" name the same node), else a group label lower-cased. Undefined when it is neither,
 * or when it would collide with a route (`admin`, `user-data`, `NAME.yaml`).
 */
export function entryName(raw: string): string | undefined {
  const trimmed = raw.trim();
  const xname = normalizeXname(trimmed);
  if (isValidXname(xname)) return xname;
  const label = trimmed.toLowerCase();
  if (label.length > 255 || !LABEL.test(label) || RESERVED_NAMES.has(label) || label.endsWith('.yaml')) return undefined;
  return label;
}
