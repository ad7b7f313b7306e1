import { describe, expect, it } from 'vitest';
import type { AdminCredentialService } from '../../src/auth/admin-credentials.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { generateApiKey, hashApiKey } from '../../src/auth/secrets.js';
import type { ClientCredential } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { manualClock } from '../support/issuer.js';

/** A store that answers one client key and counts the lookups. */
function fakeStore(credential: ClientCredential) {
  let lookups = 0;
  const store = {
    findClientByKeyHash: async (hash: string) => {
      lookups += 1;
      return hash === credential.key.keyHash ? credential : undefined;
    },
  } as unknown as Store;
  return { store, lookups: () => lookups };
}

describe('the embedded-store principal cache', () => {
  const key = generateApiKey('client');
  const clock = manualClock();
  const credential = (expiresAt: number | null): ClientCredential => ({
    client: {
      id: 'cl_1',
      name: 'one',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      disabled: false,
      createdAt: new Date(clock()),
      disabledAt: null,
    },
    key: {
      id: 'ck_1',
      clientId: 'cl_1',
      keyHash: hashApiKey(key),
      createdAt: new Date(clock()),
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      revokedAt: null,
    },
  });
  const credentials = {} as AdminCredentialService;

  it('serves a known key without asking the store again (no query per mint)', async () => {
    const fake = fakeStore(credential(null));
    const auth = new Authenticator(fake.store, credentials, { cache: true, clock });
    for (let i = 0; i < 100; i++) await auth.authenticate(`Bearer ${key}`);
    expect(fake.lookups()).toBe(1);
  });

  it('never serves a cached key at or after its expiry (the injected clock), and evicts on a change', async () => {
    const expiresAt = clock() + 60_000;
    const fake = fakeStore(credential(expiresAt));
    const auth = new Authenticator(fake.store, credentials, { cache: true, clock });
    expect((await auth.authenticate(`Bearer ${key}`)).id).toBe('cl_1');
    clock.set(expiresAt - 1);
    expect((await auth.authenticate(`Bearer ${key}`)).id).toBe('cl_1');
    expect(fake.lookups()).toBe(1);
    clock.set(expiresAt);
    await expect(auth.authenticate(`Bearer ${key}`)).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'The key has expired.',
    });
    clock.set(expiresAt - 10_000);
    await auth.authenticate(`Bearer ${key}`);
    auth.evict('cl_1');
    await auth.authenticate(`Bearer ${key}`);
    expect(fake.lookups()).toBe(4);
  });
});
