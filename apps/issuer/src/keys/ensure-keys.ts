import type { Clock } from '../clock.js';
import type { SigningAlg } from '../config/config.js';
import type { IssuerVersion, SigningKeyRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { generateSigningKey } from './generate-key.js';
import { keyAad, open } from './key-encryption.js';

export const ISSUERS: readonly IssuerVersion[] = ['v1', 'v2'];

export interface EnsureKeysOptions {
  store: Store;
  kek: Buffer;
  alg: SigningAlg;
  clock: Clock;
}

/**
 * Gives each issuer a `current` key and a published `next` key, in one locked transaction (one
 * replica wins). Every stored key is decrypted first: a wrong KEK fails here, before anything is
 * created, so a wrong KEK never silently produces a new key set.
 */
export async function ensureKeys(options: EnsureKeysOptions): Promise<void> {
  const { store, kek, alg, clock } = options;
  await store.withKeyLock(async (tx) => {
    for (const issuer of ISSUERS) {
      const keys = await tx.listKeys(issuer);
      for (const key of keys) if (key.state !== 'removed') decryptPrivateJwk(kek, key);
      const now = new Date(clock());
      let current = keys.find((k) => k.state === 'current');
      let next = keys.find((k) => k.state === 'next');
      if (current === undefined && next !== undefined) {
        // A crash between generating and activating: the published next key takes over.
        await tx.updateKey(next.id, { state: 'current', activatedAt: now });
        current = next;
        next = undefined;
      }
      if (current === undefined) {
        await tx.insertKey(await generateSigningKey({ issuer, alg, state: 'current', kek, now }));
      }
      if (next === undefined) {
        await tx.insertKey(await generateSigningKey({ issuer, alg, state: 'next', kek, now }));
      }
    }
  });
}

export function decryptPrivateJwk(kek: Buffer, key: SigningKeyRecord): Record<string, unknown> {
  return JSON.parse(open(kek, key.privateKeyEnc, keyAad(key.id, key.kid)).toString('utf8'));
}
