import { InvalidArgumentError } from 'commander';
import { isIP } from 'node:net';
import { normalizeMac } from '../../common/net/mac';
import { isValidXname, normalizeXname } from '../../common/xname/xname';

// Commander option/argument parsers. Throwing InvalidArgumentError makes commander print
// "error: option '--nid <n>' argument 'x' is invalid. …" and exit with our usage code (2).

/** `--type Node,NodeBMC --type CabinetPDU` → ['Node', 'NodeBMC', 'CabinetPDU'] (SMD ORs repeated values). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value)];
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function positiveInt(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** A MAC in any common spelling (aa:bb…, AA-BB…, aabb.ccdd.eeff), sent normalized. */
export function macAddress(value: string): string {
  const mac = normalizeMac(value);
  if (!mac) throw new InvalidArgumentError('expected a MAC address like aa:bb:cc:dd:ee:ff.');
  return mac;
}

export function ipAddress(value: string): string {
  if (isIP(value.trim()) === 0) throw new InvalidArgumentError('expected an IPv4 or IPv6 address.');
  return value.trim();
}

/** An xname (x1000c1s7b1n0), normalized the way SMD stores it (lowercase, leading zeros dropped). */
export function xname(value: string): string {
  if (!isValidXname(value.trim())) throw new InvalidArgumentError('expected an xname like x1000c1s7b1n0.');
  return normalizeXname(value.trim());
}

/** A comma list of xnames (`--members x1000c1s7b1n0,x1000c1s7b2n0`). */
export function xnameList(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value).map(xname)];
}
