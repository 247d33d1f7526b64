import { ReplayWindow, SequenceCounter } from './replay-window';

describe('ReplayWindow (§6.12.13)', () => {
  it.each<[string, number[], boolean[]]>([
    ['in order', [1, 2, 3], [true, true, true]],
    ['zero is never valid', [0, 1], [false, true]],
    ['a duplicate is dropped', [1, 2, 2], [true, true, false]],
    ['late but unseen is accepted', [1, 5, 3, 4, 3], [true, true, true, true, false]],
    ['up to 15 ahead', [1, 16, 32], [true, true, false]],
    ['up to 16 behind', [20, 4, 3], [true, true, false]],
    ['the first number seen may be anything', [0x1000, 0x1001], [true, true]],
    ['wraps past FFFFFFFFh', [0xfffffffe, 0xffffffff, 1, 2], [true, true, true, true]],
  ])('%s', (_name, seqs, expected) => {
    const w = new ReplayWindow();
    expect(seqs.map((s) => w.accept(s))).toEqual(expected);
  });

  it('forgets numbers that slid out of the window', () => {
    const w = new ReplayWindow();
    w.accept(1);
    w.accept(10);
    w.accept(25); // window is now 9..40
    expect(w.accept(9)).toBe(true);
    expect(w.accept(10)).toBe(false);
  });
});

it('tells duplicates from numbers outside the window', () => {
  const w = new ReplayWindow();
  expect([w.check(5), w.check(5), w.check(40), w.check(0)]).toEqual(['new', 'duplicate', 'out-of-window', 'out-of-window']);
});

describe('SequenceCounter', () => {
  it('starts at 1 and skips 0 on wrap', () => {
    const c = new SequenceCounter(0xffffffff);
    expect([c.next(), c.next(), c.next()]).toEqual([0xffffffff, 1, 2]);
  });
});
