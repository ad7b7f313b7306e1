import { describe, expect, it } from 'vitest';
import { AdminCredentialService, credentialState } from '../../src/auth/admin-credentials.js';
import type { AdminKeyRecord } from '../../src/store/records.js';
import type { Store } from '../../src/store/store.js';
import { manualClock } from '../support/issuer.js';

function record(overrides: Partial<AdminKeyRecord> = {}): AdminKeyRecord {
  return {
    id: 'adm_1',
    name: 'ops',
    keyHash: 'h',
    role: 'auditor',
    createdAt: new Date(0),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

/** A store that only counts the last-use writes. */
function touchCounter(fail = false) {
  const touches: [string, number, number][] = [];
  const store = {
    async touchAdminKey(id: string, at: Date, since: Date) {
      touches.push([id, at.getTime(), since.getTime()]);
      if (fail) throw new Error('the store is down');
    },
  } as unknown as Store;
  return { store, touches };
}

describe('AdminCredentialService.admit', () => {
  it('writes the last use at most once a minute per credential, whatever the request rate', async () => {
    const clock = manualClock();
    const { store, touches } = touchCounter();
    const service = new AdminCredentialService(store, clock);
    const t0 = clock();
    for (let i = 0; i < 600; i++) {
      // 600 requests over 2 minutes (one every 200 ms), the record read before any write.
      expect(await service.admit(record())).toMatchObject({ type: 'admin', role: 'auditor' });
      clock.advance(200);
    }
    expect(touches).toEqual([
      ['adm_1', t0, t0 - 60_000],
      ['adm_1', t0 + 60_000, t0],
    ]);
  });

  it('trusts a recent last use in the record (written by another replica): no write', async () => {
    const clock = manualClock();
    const { store, touches } = touchCounter();
    const service = new AdminCredentialService(store, clock);
    await service.admit(record({ lastUsedAt: new Date(clock() - 59_000) }));
    expect(touches).toEqual([]);
    await service.admit(record({ id: 'adm_2', lastUsedAt: new Date(clock() - 60_000) }));
    expect(touches.map(([id]) => id)).toEqual(['adm_2']);
  });

  it('never fails the request when the write fails', async () => {
    const clock = manualClock();
    const { store } = touchCounter(true);
    const failures: unknown[] = [];
    const service = new AdminCredentialService(store, clock, {
      onUseFailed: (e) => failures.push(e),
    });
    expect(await service.admit(record())).toMatchObject({ type: 'admin' });
    expect(failures).toHaveLength(1);
  });

  it('refuses revoked and expired credentials without writing', async () => {
    const clock = manualClock();
    const { store, touches } = touchCounter();
    const service = new AdminCredentialService(store, clock);
    expect(await service.admit(record({ revokedAt: new Date(clock() - 1) }))).toBe('revoked');
    expect(await service.admit(record({ expiresAt: new Date(clock()) }))).toBe('expired');
    expect(credentialState(record({ expiresAt: new Date(clock() + 1) }), clock())).toBe('active');
    expect(touches).toEqual([]);
  });
});
