import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SecretBox } from './secret-box';
import { decodeKey, loadOrCreateKeyFile } from './key-file';

describe('SecretBox', () => {
  const box = new SecretBox(crypto.randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('Password123!', 'x1000c1s7b1');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('Password123!');
    expect(box.open(sealed, 'x1000c1s7b1')).toBe('Password123!');
  });

  it('uses a fresh nonce each time', () => {
    expect(box.seal('a', 'x')).not.toBe(box.seal('a', 'x'));
  });

  it('refuses a ciphertext moved to another row, a tampered one, and another key', () => {
    const sealed = box.seal('secret', 'x1000c1s7b1');
    expect(() => box.open(sealed, 'x1000c1s7b2')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[14] ^= 1;
    expect(() => box.open('v1:' + raw.toString('base64'), 'x1000c1s7b1')).toThrow();
    expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed, 'x1000c1s7b1')).toThrow();
  });
});

describe('key files', () => {
  it('creates a 0600 key once and reads the same key back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwctl-key-'));
    const file = path.join(dir, 'sub', 'secret.key');
    const a = loadOrCreateKeyFile(file);
    const b = loadOrCreateKeyFile(file);
    expect(a.equals(b)).toBe(true);
    expect(a).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });

  it('decodes hex and base64 keys', () => {
    const key = crypto.randomBytes(32);
    expect(decodeKey(key.toString('hex')).equals(key)).toBe(true);
    expect(decodeKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => decodeKey('abcd')).toThrow();
  });
});
