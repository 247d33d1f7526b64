import * as crypto from 'node:crypto';

// AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce per secret. Stored form:
// "v1:" + base64(nonce ‖ ciphertext ‖ 16-byte tag). The version prefix lets a later key
// rotation tell old records apart. `aad` binds a ciphertext to its row (e.g. the BMC xname), so a
// ciphertext copied onto another row fails to decrypt instead of handing out the wrong password.
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'v1:';

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, aad: string): string {
    const nonce = crypto.randomBytes(NONCE_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  open(sealed: string, aad: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new Error('secret too short');
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
