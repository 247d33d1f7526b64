import { canonicalIp, TrustedProxies } from './client-ip';

describe('TrustedProxies.clientIp', () => {
  const proxies = new TrustedProxies(['127.0.0.1', '10.1.0.0/16', 'fd00::1']);

  it.each<[string, string | undefined, string | string[] | undefined, string]>([
    ['no header: the peer', '172.16.0.5', undefined, '172.16.0.5'],
    ['header from an untrusted peer is ignored', '172.16.0.5', '172.16.0.9', '172.16.0.5'],
    ['one trusted proxy', '127.0.0.1', '172.16.0.9', '172.16.0.9'],
    ['client-written entries left of the proxy are ignored', '127.0.0.1', '172.16.0.1, 172.16.0.9', '172.16.0.9'],
    ['a chain of trusted proxies is skipped from the right', '10.1.2.3', '172.16.0.9, 10.1.0.7, 127.0.0.1', '172.16.0.9'],
    ['repeated headers are one list', '127.0.0.1', ['172.16.0.1', '172.16.0.9'], '172.16.0.9'],
    ['IPv4-mapped peer', '::ffff:127.0.0.1', '172.16.0.9', '172.16.0.9'],
    ['IPv6 proxy', 'fd00::1', '172.16.0.9', '172.16.0.9'],
    ['garbage in the header: the peer', '127.0.0.1', '172.16.0.9, not-an-ip', '127.0.0.1'],
    ['only proxies in the header: the left-most', '127.0.0.1', '10.1.0.1, 10.1.0.2', '10.1.0.1'],
    ['empty header: the peer', '127.0.0.1', '', '127.0.0.1'],
  ])('%s', (_name, peer, xff, expected) => {
    expect(proxies.clientIp(peer, xff)).toBe(expected);
  });

  it('trusts nobody by default', () => {
    const none = new TrustedProxies([]);
    expect(none.empty).toBe(true);
    expect(none.clientIp('127.0.0.1', '172.16.0.9')).toBe('127.0.0.1');
  });

  it('rejects entries that are not addresses or IPv4 CIDRs', () => {
    expect(() => new TrustedProxies(['proxy.local'])).toThrow(/not an IP address/);
    expect(() => new TrustedProxies(['10.0.0.0/33'])).toThrow();
  });
});

describe('canonicalIp', () => {
  it('unwraps IPv4-mapped IPv6 and lower-cases IPv6', () => {
    expect(canonicalIp('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIp('FD00::A')).toBe('fd00::a');
    expect(canonicalIp(' 10.0.0.1 ')).toBe('10.0.0.1');
  });
});
