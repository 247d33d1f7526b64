/**
 * Robustness: random and mutated datagrams into one BMC endpoint must never throw, never answer garbage with
 * garbage, and be counted (DESIGN.md: malformed packets are counted and dropped, never fatal).
 */
import { randomBytes } from 'node:crypto';
import { createFleet } from '../fleet/fleet';
import { bmcFaceConfig } from './bmc-config';
import { BmcEndpoint } from './bmc-endpoint';

/** Datagrams from the captures: v1.5 auth caps, RMCP+ Open Session, RAKP 1, cipher suites, an encrypted message. */
const SEEDS = [
  '0600ff07000000000000000000092018c88100388e04b5',
  '0600ff070610000000000000000020000000000a4a3a2a0000000080100000001000008010000000200000801000000',
  '0600ff070612000000000000000021000000000002000000c549b3e48b75590156609c34ddd12e301400000561646d696e',
  '0600ff07060000000000000000000a002018c88104540e008099',
  '0600ff0706c00200000003000000200024b66c8df42242396415f12543e928576b9dd90c50807de0e03c811a6a02f4f2ffff020711657994d77797b3911caa8e',
  '0600ff06000011be80000000',
].map((h) => Buffer.from(h, 'hex'));

function mutate(buf: Buffer, rnd: () => number): Buffer {
  const out = Buffer.from(buf);
  const kind = Math.floor(rnd() * 4);
  if (kind === 0) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
  if (kind === 1) return out.subarray(0, Math.floor(rnd() * out.length));
  if (kind === 2) return Buffer.concat([out, randomBytes(Math.floor(rnd() * 40))]);
  if (kind === 3) for (let i = 0; i < 4; i++) out[Math.floor(rnd() * out.length)] ^= 1 << Math.floor(rnd() * 8);
  return out;
}

describe('BmcEndpoint under random input', () => {
  it('survives 20 000 random and mutated datagrams', () => {
    const [member] = createFleet({ count: 1, seed: 'fuzz', bootLineIntervalMs: 0 });
    let sent = 0;
    const endpoint = new BmcEndpoint(member.address, 623, member.machine, bmcFaceConfig({ faults: { maxSessions: 1000 } }), () => sent++);
    let s = 1;
    const rnd = () => ((s = (Math.imul(s, 48271) + 11) >>> 0) / 2 ** 32);
    for (let i = 0; i < 20_000; i++) {
      const d = i % 5 === 0 ? randomBytes(Math.floor(rnd() * 80)) : mutate(SEEDS[i % SEEDS.length], rnd);
      expect(() => endpoint.handleDatagram(d, { address: '127.0.0.1', port: 40000 })).not.toThrow();
    }
    expect(endpoint.stats.received).toBe(20_000);
    expect(endpoint.stats.malformed).toBeGreaterThan(5_000);
    expect(sent).toBeGreaterThan(0); // intact-enough requests still got answers
    endpoint.close();
    member.machine.dispose();
  });
});
