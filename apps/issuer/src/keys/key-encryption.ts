import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IssuerError } from '../errors.js';

const VERSION = 'v1';

/** Binds a ciphertext to its key row: a sealed key copied to another row does not open. */
export function keyAad(id: string, kid: string): Buffer {
  return Buffer.from(`runid-signing-key:${id}:${kid}`, 'utf8');
}

/** AES-256-GCM: `v1.<iv>.<ciphertext>.<tag>`, base64url parts, a fresh 96-bit IV each time. */
export function seal(kek: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, ciphertext, tag]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function open(kek: Buffer, sealed: string, aad: Buffer): Buffer {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new IssuerError('kek_mismatch', 'A stored signing key has an unknown encryption format.');
  }
  const [, iv, ciphertext, tag] = parts.map((p) => Buffer.from(p, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    throw new IssuerError(
      'kek_mismatch',
      'The stored signing keys cannot be decrypted with this key-encryption key. Start with the RUNID_KEK / RUNID_KEK_FILE (or RUNID_DATA_DIR/kek) that encrypted them; no new keys were created.',
      { cause: error },
    );
  }
}
