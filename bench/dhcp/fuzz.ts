/**
 * The long fuzz run of issue 6 (≥ 1M mutated packets; dhcp.fuzz.spec.ts runs 10k in CI): mutations of
 * real client packets (../shared/peers/pcaps via src/protocols/dhcp/testdata) and random datagrams through
 * parse → responder → our reply's decode. Fails on the first input that breaks the contract (anything
 * but DhcpDecodeError), printing it in hex with its seed; reports the slowest single input.
 * Run: npm run fuzz:dhcp [-- --count 1000000 --seed 1]
 */
import { fuzzDhcp } from '../../src/protocols/dhcp/dhcp.fuzz';
import { PCAP_VECTORS, vector } from '../../src/protocols/dhcp/testdata/pcap-vectors';

async function main(): Promise<void> {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const count = Math.min(100_000_000, arg('count', 1_000_000));
  const seed = arg('seed', Date.now() % 2 ** 31);
  const seeds = (Object.keys(PCAP_VECTORS) as (keyof typeof PCAP_VECTORS)[]).filter((n) => !/offer|ack/.test(n)).map(vector);
  const t0 = Date.now();
  const chunk = 100_000;
  const total = { inputs: 0, answered: 0, silent: 0, dropped: 0, maxMicros: 0 };
  for (let done = 0, round = 0; done < count; done += chunk, round++) {
    const s = await fuzzDhcp(seeds, Math.min(chunk, count - done), seed + round);
    total.inputs += s.inputs;
    total.answered += s.answered;
    total.silent += s.silent;
    total.dropped += s.dropped;
    total.maxMicros = Math.max(total.maxMicros, s.maxMicros);
    process.stdout.write(`\r${total.inputs} inputs`);
  }
  const secs = (Date.now() - t0) / 1000;
  process.stdout.write(
    `\nfuzz:dhcp seed ${seed}: ${total.inputs} inputs in ${secs.toFixed(1)} s (${Math.round(total.inputs / secs)}/s): ` +
      `${total.answered} answered, ${total.silent} silent, ${total.dropped} dropped as DhcpDecodeError, 0 contract breaches; ` +
      `slowest input ${total.maxMicros.toFixed(0)} µs\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
