import { BootCache } from './boot-cache';

describe('BootCache', () => {
  it('hits until the TTL passes, then loads again', async () => {
    let now = 0;
    let loads = 0;
    const c = new BootCache<number>(1000, 10, () => now);
    const load = async () => ++loads;
    expect(await c.get('a', load)).toBe(1);
    now = 999;
    expect(await c.get('a', load)).toBe(1);
    now = 1000;
    expect(await c.get('a', load)).toBe(2);
  });

  it('shares one load between concurrent misses', async () => {
    let loads = 0;
    const c = new BootCache<number>(1000);
    const load = () => new Promise<number>((r) => setTimeout(() => r(++loads), 10));
    expect(await Promise.all([c.get('a', load), c.get('a', load), c.get('a', load)])).toEqual([1, 1, 1]);
  });

  it('does not store an answer whose load began before an invalidation', async () => {
    let release!: (v: string) => void;
    const c = new BootCache<string>(1000);
    const stale = c.get('a', () => new Promise<string>((r) => (release = r)));
    c.invalidate();
    release('old');
    expect(await stale).toBe('old');
    expect(await c.get('a', async () => 'new')).toBe('new');
  });

  it('keeps at most maxEntries, dropping the oldest, and caches nothing with TTL 0', async () => {
    const c = new BootCache<string>(1000, 2);
    for (const k of ['a', 'b', 'c']) await c.get(k, async () => k);
    expect(c.size).toBe(2);
    expect(await c.get('a', async () => 'reloaded')).toBe('reloaded');
    const off = new BootCache<string>(0);
    await off.get('a', async () => 'x');
    expect(off.size).toBe(0);
  });
});
