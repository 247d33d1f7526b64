import { progressLine } from './scan-progress';

describe('progressLine', () => {
  it('draws a bar and the counters', () => {
    expect(progressLine({ status: 'running', total: 254, probed: 127, found: 20, collected: 10, failed: 1 }, 3200, 10)).toBe(
      'scan [#####.....]  50%  127/254 addresses · 20 BMCs · 10 collected · 1 failed · 3s',
    );
  });

  it('copes with an empty scan and a collect run', () => {
    expect(progressLine({ status: 'done', total: 0, probed: 0, found: 0, collected: 0, failed: 0 }, 0, 4)).toBe('scan [....]   0%  0/0 addresses · 0 BMCs · 0s');
    expect(progressLine({ status: 'running', kind: 'collect', total: 8, probed: 8, found: 8, collected: 7, failed: 1 }, 1000, 4)).toBe(
      'collect [####] 100%  8/8 BMCs · 7 collected · 1 failed · 1s',
    );
  });
});
