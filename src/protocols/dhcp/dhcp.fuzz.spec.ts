import { fuzzDhcp } from './dhcp.fuzz';
import { PCAP_VECTORS, vector } from './testdata/pcap-vectors';

// The short CI run of the fuzzer (bench/dhcp/fuzz.ts runs ≥ 1M inputs): every mutated real client
// packet is either answered with a reply that decodes, or dropped as DhcpDecodeError.
describe('DHCP packet path under mutation', () => {
  const seeds = (Object.keys(PCAP_VECTORS) as (keyof typeof PCAP_VECTORS)[]).filter((n) => !/offer|ack/.test(n)).map(vector);

  it('survives 10 000 mutated and random datagrams', async () => {
    const stats = await fuzzDhcp(seeds, 10_000, 20251125);
    expect(stats.inputs).toBe(10_000);
    // Both branches are exercised: mutations that still parse get answered, the rest is dropped.
    expect(stats.answered).toBeGreaterThan(300);
    expect(stats.dropped).toBeGreaterThan(300);
  });
});
