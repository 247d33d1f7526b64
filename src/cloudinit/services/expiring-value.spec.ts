import { ExpiringValue } from './expiring-value';

describe('ExpiringValue', () => {
  it('builds once for concurrent readers and keeps the value until the TTL passes', async () => {
    let clock = 0;
    let builds = 0;
    const v = new ExpiringValue(async () => ++builds, 1000, () => clock);
    expect(await Promise.all([v.get(), v.get(), v.get()])).toEqual([1, 1, 1]);
    expect(v.version).toBe(1);
    clock = 999;
    expect(await v.get()).toBe(1);
    clock = 1000;
    expect(v.peek()).toBeUndefined();
    expect(await v.get()).toBe(2);
    expect(v.version).toBe(2);
  });

  it('rebuilds after invalidate and does not keep a build that an invalidation overtook', async () => {
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const v = new ExpiringValue(async () => {
      const n = ++builds;
      if (n === 1) await gate;
      return n;
    }, 0);
    const first = v.get();
    v.invalidate(); // e.g. an inventory change while the first snapshot was being read
    const second = await v.get();
    release();
    expect(await first).toBe(1);
    expect(second).toBe(2);
    expect(await v.get()).toBe(2);
  });

  it('does not keep a failed build', async () => {
    let fail = true;
    const v = new ExpiringValue(async () => {
      if (fail) throw new Error('db down');
      return 'ok';
    }, 0);
    await expect(v.get()).rejects.toThrow('db down');
    fail = false;
    expect(await v.get()).toBe('ok');
  });
});
