/**
 * A fleet of simulated nodes with deterministic identities: the same seed always gives the same MACs,
 * serials and GUIDs, so tests and demos can hard-code them, and a different seed gives a different fleet.
 */
import { createHash } from 'node:crypto';
import { MachineIdentity, MachineState, MachineStateOptions } from './machine-state';

export interface FleetOptions extends MachineStateOptions {
  count: number;
  seed?: string;
  /** First address is the network address + 1 (e.g. 127.0.1.0/24 → 127.0.1.1, 127.0.1.2, …). */
  subnet?: string;
}

export interface FleetMember {
  index: number;
  /** The BMC's address (every face of this BMC listens here). */
  address: string;
  machine: MachineState;
}

function digest(seed: string, index: number, what: string): Buffer {
  return createHash('sha256').update(`${seed}\0${index}\0${what}`).digest();
}

/**
 * Locally administered unicast MAC (02:…): two bytes from the seed, then the index in the last three bytes,
 * so MACs are unique within a fleet of up to 16M nodes without relying on hash luck.
 */
export function simulatedMac(seed: string, index: number): string {
  const h = digest(seed, 0, 'mac');
  const bytes = [0x02, h[0], h[1], (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function simulatedIdentity(seed: string, index: number): MachineIdentity {
  const guid = digest(seed, index, 'guid').subarray(0, 16);
  return {
    index,
    hostname: `nid${String(index).padStart(3, '0')}`,
    mac: simulatedMac(seed, index),
    bmcMac: simulatedMac(seed, index).replace(/^02/, '06'), // 06: also locally administered, never a host MAC
    serial: `SIM${digest(seed, index, 'serial').toString('hex').slice(0, 6).toUpperCase()}${String(index).padStart(4, '0')}`,
    guid: Buffer.from(guid),
  };
}

/** The n-th host address of an IPv4 subnet (n = 1 is the first usable address). */
export function subnetAddress(subnet: string, n: number): string {
  const [base, bits] = subnet.split('/');
  const parts = base.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new RangeError(`bad subnet ${subnet}`);
  const prefix = bits === undefined ? 24 : Number(bits);
  const size = 2 ** (32 - prefix);
  if (n < 1 || n >= size - 1) throw new RangeError(`subnet ${subnet} has no host number ${n}`);
  const network = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  const ip = (network & ~(size - 1)) + n;
  return [ip >>> 24, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff].join('.');
}

export function createFleet(opts: FleetOptions): FleetMember[] {
  const seed = opts.seed ?? 'hwctl';
  const subnet = opts.subnet ?? '127.0.1.0/24';
  return Array.from({ length: opts.count }, (_, i) => {
    const index = i + 1;
    return { index, address: subnetAddress(subnet, index), machine: new MachineState(simulatedIdentity(seed, index), opts) };
  });
}
