import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMIT_CHECK_FILE } from '../../src/store/commit-check.js';
import { openStore } from '../../src/store/open-store.js';
import type { AuditRecord } from '../../src/store/records.js';
import { migrateSqlite } from '../../src/store/sqlite-migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function audit(jti: string): AuditRecord {
  const iat = new Date('2026-12-04T12:00:00Z');
  return {
    jti,
    kind: 'deployment',
    iss: 'https://issuer.test/v1',
    sub: 'deployment:acme/web/prod',
    aud: 'https://aud.test',
    clientId: 'client-1',
    kid: 'kid-1',
    iat,
    exp: new Date(iat.getTime() + 600_000),
  };
}

/**
 * An fsync that a failing ext4 acknowledged but discarded (the issuer README, Faults) must not
 * let a token out: the store confirms every write with the commit check and reports the write
 * failed when the filesystem no longer takes changes.
 */
describe('the embedded store confirms each commit (commit check)', () => {
  it('toggles the size of runid.commit-check after every write, in the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runid-commit-check-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    try {
      const size = () => statSync(join(dataDir, COMMIT_CHECK_FILE)).size;
      const before = size();
      await store.insertAudit([audit('a')]);
      expect(size()).toBe(before ^ 1);
      await store.insertAudit([audit('b'), audit('c')]);
      expect(size()).toBe(before);
      // Reads do not touch it.
      await store.queryAudit({ limit: 10 });
      expect(size()).toBe(before);
    } finally {
      await store.close();
    }
  });

  it('a write whose check fails is a 503, and no write starts until the check passes again', async () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    const calls: string[] = [];
    let failing = false;
    const errors: unknown[] = [];
    const store = new SqliteStore(db, {
      timeoutMs: 1_000,
      onError: (error) => errors.push(error),
      commitCheck: {
        confirm: () => {
          calls.push(failing ? 'refused' : 'ok');
          if (failing)
            throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        },
        close: () => calls.push('closed'),
      },
    });
    await store.insertAudit([audit('before')]);
    expect(calls).toEqual(['ok']);

    failing = true;
    // SQLite committed it, but the filesystem may have discarded the commit: the caller is told
    // it failed (the row may exist; a token without one may not).
    await expect(store.insertAudit([audit('at-fault')])).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect((errors.at(-1) as { code?: string }).code).toBe('EROFS');
    const committed = db.prepare('select count(*) as n from audit_tokens').get() as { n: number };
    expect(committed.n).toBe(2);
    // After the failure, the check runs before a write: nothing is written while it fails.
    calls.length = 0;
    await expect(store.insertAudit([audit('after')])).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect(calls).toEqual(['refused']);
    expect(db.prepare("select count(*) as n from audit_tokens where jti = 'after'").get()).toEqual({
      n: 0,
    });
    // Readiness writes while writes fail: not ready until the filesystem takes changes.
    await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });

    failing = false;
    await store.ping();
    await store.insertAudit([audit('recovered')]);
    // Reads never run the check.
    calls.length = 0;
    await store.ping();
    await store.queryAudit({ limit: 10 });
    expect(calls).toEqual([]);
    await store.close();
    expect(calls).toEqual(['closed']);
  });
});
