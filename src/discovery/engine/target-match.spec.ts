import { targetsContain } from './target-match';

describe('targetsContain', () => {
  it.each([
    ['127.0.1.7', true],
    ['127.0.1.0', false], // network address: not scanned
    ['127.0.2.5', true],
    ['127.0.2.9', false],
    ['10.0.0.1', true],
    ['fe80::1', false],
  ])('%s → %p', (ip, want) => {
    expect(targetsContain(['127.0.1.0/24', '127.0.2.3-127.0.2.6', '10.0.0.1'], ip)).toBe(want);
  });
});
