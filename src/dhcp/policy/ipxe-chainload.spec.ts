import { CHAINLOAD_WINDOW_MS, IpxeChainload } from './ipxe-chainload';

const MAC = '52:54:00:7e:00:07';
const ipxe = (mac = MAC) => ({ mac, userClasses: ['iPXE'] });
const firmware = (mac = MAC) => ({ mac, userClasses: [] as string[] });

function clocked(mode: 'never' | 'always', more: { windowMs?: number; maxEntries?: number } = {}) {
  const clock = { t: 1_000_000 };
  return { clock, chain: new IpxeChainload({ mode, now: () => clock.t, ...more }) };
}

describe('IpxeChainload: never (coresmd, the default)', () => {
  it('iPXE → script, anything else → binary, and nothing is remembered', () => {
    const { chain } = clocked('never');
    expect(chain.stage(ipxe())).toBe('script');
    expect(chain.stage({ mac: MAC, userClasses: ['ipxe'] })).toBe('binary'); // the user class is case-sensitive
    expect(chain.stage(firmware())).toBe('binary');
    chain.acked(MAC, 'binary');
    expect(chain.size).toBe(0);
  });
});

describe('IpxeChainload: always', () => {
  it('ROM iPXE → binary; after its ACK the chained iPXE → script (OFFER and ACK); then the next boot → binary again', () => {
    const { chain } = clocked('always');
    expect(chain.stage(ipxe())).toBe('binary'); // ROM: DISCOVER
    expect(chain.stage(ipxe())).toBe('binary'); // ROM: REQUEST (stage() only reads)
    chain.acked(MAC, 'binary');
    expect(chain.stage(ipxe())).toBe('script'); // chained iPXE: DISCOVER
    expect(chain.stage(ipxe())).toBe('script'); // chained iPXE: REQUEST
    chain.acked(MAC, 'script');
    expect(chain.size).toBe(0);
    expect(chain.stage(ipxe())).toBe('binary'); // the following boot starts over
  });

  it('a PXE ROM that got the binary: its chained iPXE gets the script (no chain loop)', () => {
    const { chain } = clocked('always');
    expect(chain.stage(firmware())).toBe('binary');
    chain.acked(MAC, 'binary');
    expect(chain.stage(firmware())).toBe('binary'); // firmware always gets a binary
    expect(chain.stage(ipxe())).toBe('script');
  });

  it('only the MAC that was handed the binary skips it', () => {
    const { chain } = clocked('always');
    chain.acked(MAC, 'binary');
    expect(chain.stage(ipxe('52:54:00:7e:00:08'))).toBe('binary');
  });

  it(`the window: script until ${CHAINLOAD_WINDOW_MS} ms after the ACK, the binary after`, () => {
    const { chain, clock } = clocked('always');
    chain.acked(MAC, 'binary');
    clock.t += CHAINLOAD_WINDOW_MS;
    expect(chain.stage(ipxe())).toBe('script');
    clock.t += 1;
    expect(chain.stage(ipxe())).toBe('binary');
    expect(chain.size).toBe(0); // an expired entry found by a lookup is dropped
  });

  it('a second binary ACK restarts the window', () => {
    const { chain, clock } = clocked('always', { windowMs: 1000 });
    chain.acked(MAC, 'binary');
    clock.t += 800;
    chain.acked(MAC, 'binary');
    clock.t += 800;
    expect(chain.stage(ipxe())).toBe('script');
    expect(chain.size).toBe(1);
  });

  it('memory is bounded: expired entries are dropped as new ones arrive, the oldest goes when full', () => {
    const { chain, clock } = clocked('always', { windowMs: 1000, maxEntries: 3 });
    const mac = (i: number) => `02:00:00:00:00:${i.toString(16).padStart(2, '0')}`;
    for (let i = 1; i <= 3; i++) chain.acked(mac(i), 'binary');
    chain.acked(mac(4), 'binary'); // full: mac(1), the oldest, is evicted
    expect(chain.size).toBe(3);
    expect([1, 2, 3, 4].map((i) => chain.stage(ipxe(mac(i))))).toEqual(['binary', 'script', 'script', 'script']);
    chain.acked(mac(2), 'binary'); // refreshed: now the newest
    chain.acked(mac(5), 'binary'); // evicts mac(3), not mac(2)
    expect([2, 3, 4, 5].map((i) => chain.stage(ipxe(mac(i))))).toEqual(['script', 'binary', 'script', 'script']);
    clock.t += 1001;
    chain.acked(mac(6), 'binary'); // everything older has expired
    expect(chain.size).toBe(1);
  });

  it('10k MACs: bounded by the cap, each insert stays cheap', () => {
    const { chain, clock } = clocked('always', { maxEntries: 1000 });
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) {
      clock.t += 1;
      chain.acked(`02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, 'binary');
    }
    expect(chain.size).toBe(1000);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});
