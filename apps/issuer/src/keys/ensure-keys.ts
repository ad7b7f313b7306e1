import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { keyAad, open } from './key-encryption.js';

export const ISSUERS: readonly IssuerVersion[] = ['v1', 'v2'];

/**
 * Decrypts every stored key that may still sign or be published: a wrong KEK fails here, before
 * the rotator creates anything, so a wrong KEK never silently produces a new key set.
 */
export async function checkKek(store: Store, kek: Buffer): Promise<void> {
  for (const key of await store.listKeys()) {
    if (key.state !== 'removed') decryptPrivateJwk(kek, key);
  }
}

export function decryptPrivateJwk(kek: Buffer, key: SigningKeyRecord): Record<string, unknown> {
  return JSON.parse(open(kek, key.privateKeyEnc, keyAad(key.id, key.kid)).toString('utf8'));
}
