import { Limiter } from './limiter';

const tick = () => new Promise((r) => setImmediate(r));

describe('Limiter', () => {
  it('never lets more than `capacity` run and serves waiters in order', async () => {
    const lim = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number) =>
      lim.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        order.push(i);
        running--;
      });
    await Promise.all([0, 1, 2, 3, 4, 5].map(job));
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lim.inFlight).toBe(0);
  });

  it('drops an aborted waiter without consuming a slot', async () => {
    const lim = new Limiter(1);
    const release = await lim.acquire();
    const ac = new AbortController();
    const waiting = lim.acquire(ac.signal);
    ac.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(lim.waiting).toBe(0);
    release();
    release(); // a second call is a no-op
    expect(lim.inFlight).toBe(0);
    const again = await lim.acquire();
    expect(lim.inFlight).toBe(1);
    again();
  });

  it('rejects a bad capacity', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
