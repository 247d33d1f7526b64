/**
 * Mutation fuzzing of the whole packet path: parse → responder (with a backend that answers
 * everything, so every reply builder runs) → decode our own reply. The contract under test: a
 * datagram either yields a reply that decodes, or is dropped with DhcpDecodeError — never another
 * exception, never a hang. Used by dhcp.fuzz.spec.ts (short run) and bench/dhcp/fuzz.ts (≥ 1M inputs).
 */
import { DhcpOption, IpxeOption } from './dhcp.constants';
import { DhcpDecodeError } from './dhcp-error';
import { parseSubOptions } from './dhcp-options';
import { decodeDhcpPacket } from './dhcp-packet.codec';
import { parseDhcpRequest } from './dhcp-request';
import { DhcpBackend, DhcpResponder } from './dhcp-responder';

/** mulberry32: a tiny deterministic PRNG, so a failing input can be reproduced from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const params = { subnetMask: '255.255.255.0', routers: ['10.0.0.1'], dns: ['10.0.0.1'], domain: 'x.invalid', hostname: 'nid0001', bootfile: 'undionly.kpxe', tftpServer: 't', nextServer: '10.0.0.1', ipxeNoPxeDhcp: true };
const yes: DhcpBackend = {
  offer: () => ({ address: '10.0.0.9', leaseSeconds: 60, params }),
  request: () => ({ kind: 'ack', lease: { address: '10.0.0.9', leaseSeconds: 60, params } }),
  inform: () => params,
  release: () => undefined,
  decline: () => undefined,
};
const responder = new DhcpResponder({ serverId: '10.0.0.1', backend: yes, ports: { server: 67, client: 68 }, broadcast: '10.0.0.255' });

/** One mutation of `seed`: flips, random bytes, truncation, extension, random TLVs, overload. */
export function mutate(seed: Buffer, rnd: () => number): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = Buffer.from(seed);
  const rounds = 1 + int(4);
  for (let i = 0; i < rounds; i++) {
    switch (int(8)) {
      case 0: // bit flip
        if (b.length) b[int(b.length)] ^= 1 << int(8);
        break;
      case 1: // random byte, biased to the options area
        if (b.length) b[b.length > 240 && rnd() < 0.8 ? 240 + int(b.length - 240) : int(b.length)] = int(256);
        break;
      case 2: // interesting values
        if (b.length) b[int(b.length)] = [0, 1, 0x35, 0x34, 0x52, 0x7f, 0x80, 0xfe, 0xff][int(9)];
        break;
      case 3: // truncate
        b = b.subarray(0, int(b.length + 1));
        break;
      case 4: // extend with garbage
        b = Buffer.concat([b, Buffer.from(Array.from({ length: int(64) }, () => int(256)))]);
        break;
      case 5: {
        // a random option with a random (possibly lying) length, right after the cookie
        const len = int(256);
        const tlv = Buffer.from([int(256), len, ...Array.from({ length: int(len + 8) }, () => int(256))]);
        if (b.length > 240) b = Buffer.concat([b.subarray(0, 240), tlv, b.subarray(240)]);
        break;
      }
      case 6: // option overload pointing into file/sname holding garbage
        if (b.length > 240) {
          b = Buffer.concat([b.subarray(0, 240), Buffer.from([52, 1, 1 + int(3)]), b.subarray(240)]);
          for (let k = 44; k < 236; k++) if (rnd() < 0.3) b[k] = int(256);
        }
        break;
      default: // random message type
        if (b.length > 242 && b[240] === 53) b[242] = int(12);
        break;
    }
  }
  return b;
}

export interface FuzzStats {
  inputs: number;
  answered: number;
  silent: number;
  dropped: number;
  /** Slowest single input, microseconds (a hang would show here long before a timeout). */
  maxMicros: number;
}

/** The sub-option reader on client bytes: a value or DhcpDecodeError (the server does not read 175 itself, so the request goes on). */
function subOptionsOrDropped(value: Buffer): void {
  try {
    parseSubOptions(value);
  } catch (err) {
    if (!(err instanceof DhcpDecodeError)) throw err;
  }
}

/** Our reply must decode, with a well-formed option 175; any error (DhcpDecodeError included) is our bug: a breach. */
function checkReply(packet: Buffer): void {
  try {
    const encap = decodeDhcpPacket(packet).options.get(DhcpOption.IpxeEncapsulated);
    if (encap && !parseSubOptions(encap).has(IpxeOption.NoPxeDhcp)) throw new Error('option 175 without NoPxeDhcp');
  } catch (err) {
    throw new Error(`our reply does not decode: ${String(err)}\n${packet.toString('hex')}`);
  }
}

/** Runs `count` inputs (pure random every 16th, mutations of `seeds` otherwise); throws on a contract breach. */
export async function fuzzDhcp(seeds: Buffer[], count: number, seed = 1): Promise<FuzzStats> {
  const rnd = prng(seed);
  const stats: FuzzStats = { inputs: 0, answered: 0, silent: 0, dropped: 0, maxMicros: 0 };
  for (let i = 0; i < count; i++) {
    const input = i % 16 === 0 ? Buffer.from(Array.from({ length: Math.floor(rnd() * 600) }, () => Math.floor(rnd() * 256))) : mutate(seeds[i % seeds.length], rnd);
    const t0 = process.hrtime.bigint();
    try {
      const req = parseDhcpRequest(input);
      if (req.ipxeOptions) subOptionsOrDropped(req.ipxeOptions); // mutated iPXE option 175 (the ipxe_* seeds)
      const res = await responder.respond(req);
      if (res.reply) {
        checkReply(res.reply.packet);
        stats.answered++;
      } else stats.silent++;
    } catch (err) {
      if (!(err instanceof DhcpDecodeError)) {
        throw new Error(`fuzz input #${i} (seed ${seed}) broke the contract: ${String(err)}\n${input.toString('hex')}`);
      }
      stats.dropped++;
    }
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    if (us > stats.maxMicros) stats.maxMicros = us;
    stats.inputs++;
  }
  return stats;
}
