import { parseTarget } from './ipmi-client';
import { sessionCredentials } from './ipmi-session';

describe('parseTarget', () => {
  it.each([
    ['10.0.0.5', undefined, { host: '10.0.0.5', port: 623 }],
    ['10.0.0.5:6230', undefined, { host: '10.0.0.5', port: 6230 }],
    ['bmc1.example', 1623, { host: 'bmc1.example', port: 1623 }],
    ['10.0.0.5:6230', 7000, { host: '10.0.0.5', port: 7000 }],
  ])('%s (port %p)', (host, port, expected) => {
    expect(parseTarget(host, port)).toEqual(expected);
  });

  it.each([[':623'], ['10.0.0.5:99999']])('refuses %s', (host) => {
    expect(() => parseTarget(host)).toThrow(expect.objectContaining({ code: 'IPMI_INVALID_ARGUMENT' }));
  });
});

describe('sessionCredentials (§13.20, §13.31 limits)', () => {
  it('pads the password to the 20-byte K_uid', () => {
    const c = sessionCredentials('admin', 'Password123!');
    expect(c.username.toString()).toBe('admin');
    expect(c.kuid).toHaveLength(20);
    expect(c.kuid.subarray(12).every((b) => b === 0)).toBe(true);
    expect(c.kg).toBeUndefined();
  });

  it.each([
    ['a 17-byte username', 'u'.repeat(17), 'pw', /username is 17 bytes/],
    ['a 21-byte password', 'admin', 'p'.repeat(21), /password is 21 bytes/],
    ['a password of 11 two-byte characters', 'admin', 'é'.repeat(11), /password is 22 bytes/],
  ])('refuses %s with a clear message', (_name, user, pw, message) => {
    expect(() => sessionCredentials(user, pw)).toThrow(expect.objectContaining({ code: 'IPMI_INVALID_ARGUMENT', message: expect.stringMatching(message) }));
  });

  it('accepts exactly 16 / 20 bytes and keeps a non-zero K_g', () => {
    const c = sessionCredentials('u'.repeat(16), 'p'.repeat(20), 'kg-secret');
    expect(c.kg).toHaveLength(20);
    expect(sessionCredentials('a', 'b', Buffer.alloc(20)).kg).toBeUndefined(); // all-zero K_g = "no BMC key"
  });
});
