import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Returns the secret stored in `file`, creating it (random, mode 0600, folder 0700) on first use.
 * Creation uses O_EXCL so two processes starting together agree on one key instead of racing.
 */
export function loadOrCreateKeyFile(file: string, bytes = 32): Buffer {
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(bytes);
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKey(file);
    throw err;
  }
}

function readKey(file: string): Buffer {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/i.test(text)) throw new Error(`key file ${file} does not hold a hex key`);
  return Buffer.from(text, 'hex');
}

/** Decodes a 32-byte key given as 64 hex characters or base64. */
export function decodeKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('key must be 32 bytes');
  return key;
}
