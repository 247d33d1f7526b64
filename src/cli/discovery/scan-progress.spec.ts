import { progressDetail, ScanProgressBar } from './scan-progress';

describe('scan progress', () => {
  it('names the counters of a scan and of a collect', () => {
    expect(progressDetail({ status: 'running', total: 254, probed: 127, found: 20, collected: 10, failed: 1 })).toBe('127/254 addresses · 20 BMCs · 10 collected · 1 failed');
    expect(progressDetail({ status: 'done', total: 0, probed: 0, found: 0, collected: 0, failed: 0 })).toBe('0/0 addresses · 0 BMCs');
    expect(progressDetail({ status: 'running', kind: 'collect', total: 8, probed: 8, found: 8, collected: 7, failed: 1 })).toBe('8/8 BMCs · 7 collected · 1 failed');
  });

  it('draws the bar through cli-progress and leaves the final state on the line', () => {
    let out = '';
    const bar = new ScanProgressBar((s) => (out += s));
    bar.update({ status: 'running', total: 254, probed: 0, found: 0, collected: 0, failed: 0 });
    bar.update({ status: 'running', total: 254, probed: 127, found: 20, collected: 10, failed: 1 });
    bar.update({ status: 'done', total: 254, probed: 254, found: 50, collected: 49, failed: 1 });
    bar.stop();
    // The last frame: a full bar, 100 %, the final counters; the line is ended.
    // Each frame starts at column 1 (ESC [1G); escapes stripped.
    const frames = out.split('\x1b[1G').map((f) => f.replace(/\x1b(\[[0-9;?]*[A-Za-z]|[78])/g, '')); // eslint-disable-line no-control-regex
    expect(frames.some((f) => f.startsWith(`scan [${'█'.repeat(20)}] 100% | 254/254 addresses · 50 BMCs · 49 collected · 1 failed | `))).toBe(true);
    expect(out.endsWith('\n')).toBe(true);
  });
});
