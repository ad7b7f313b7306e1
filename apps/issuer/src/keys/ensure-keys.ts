import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { keyAad, open } from './key-encryption.js';

export const ISSUERS: readonly IssuerVersion[] = ['v1', 'v2'];

/**
 * Decrypts every stored key that may still sign or be published: a wrong KEK fails here, before
 * the rotator creates anything, so a wrong KEK never silently produces a new key set.
 */
export async function checkKek(store: Store, kek: Keks): Promise<void> {
  for (const key of await store.listKeys()) {
    if (key.state !== 'removed') decryptPrivateJwk(kek, key);
  }
}

/**
 * The KEKs a process reads with: RUNID_KEK, and during a KEK rotation RUNID_KEK_PREVIOUS after it.
 * Only the first ever seals.
 */
export type Keks = Buffer | readonly Buffer[];

export function decryptPrivateJwk(kek: Keks, key: SigningKeyRecord): Record<string, unknown> {
  const keks = Buffer.isBuffer(kek) ? [kek] : kek;
  let failure: unknown;
  for (const candidate of keks) {
    try {
      return JSON.parse(
        open(candidate, key.privateKeyEnc, keyAad(key.id, key.kid)).toString('utf8'),
      );
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}
