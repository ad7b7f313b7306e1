import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMIT_CHECK_FILE } from '../../src/store/commit-check.js';
import { openStore } from '../../src/store/open-store.js';
import type { AuditEventRecord } from '../../src/store/records.js';
import { AUDIT_COMMIT_CHECK_FILE, SqliteAuditThread } from '../../src/store/sqlite-audit-thread.js';
import { migrateSqlite } from '../../src/store/sqlite-migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { auditRecord } from '../support/audit-record.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const audit = auditRecord;

function event(id: string): AuditEventRecord {
  return {
    id,
    at: new Date('2026-12-04T12:00:00Z'),
    type: 'client.created',
    actorType: 'admin',
    actorId: 'adm_1',
    actorName: 'ops',
    targetType: null,
    targetId: null,
    requestId: null,
    source: null,
    outcome: 'success',
    reason: null,
    detail: {},
  };
}

/** The main connection's test store: token audit writes belong to the audit thread, not here. */
const noAuditThread = {
  insertBatch: () => Promise.reject(new Error('token audit writes go to the audit thread')),
  insertRun: () => Promise.reject(new Error('token audit writes go to the audit thread')),
  close: () => Promise.resolve(),
};

/**
 * An fsync that a failing ext4 acknowledged but discarded (the issuer README, Faults) must not
 * let a token out: the store confirms every write with the commit check and reports the write
 * failed when the filesystem no longer takes changes.
 */
describe('the embedded store confirms each commit (commit check)', () => {
  it('toggles runid.commit-check after every write of the main connection, runid.commit-check-audit after every token audit batch', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runid-commit-check-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    try {
      const main = () => statSync(join(dataDir, COMMIT_CHECK_FILE)).size;
      const before = main();
      await store.insertEvents([event('e1')]);
      expect(main()).toBe(before ^ 1);
      await store.insertEvents([event('e2'), event('e3')]);
      expect(main()).toBe(before);
      // Token audit batches commit on the audit thread, which checks its own file.
      await store.insertAudit([audit('a')]);
      const thread = () => statSync(join(dataDir, AUDIT_COMMIT_CHECK_FILE)).size;
      expect(thread()).toBe(1);
      await store.insertAudit([audit('b'), audit('c')]);
      expect(thread()).toBe(0);
      expect(main()).toBe(before);
      // Reads do not touch either.
      await store.queryAudit({ limit: 10 });
      expect([main(), thread()]).toEqual([before, 0]);
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
      auditThread: noAuditThread,
      commitCheck: {
        confirm: () => {
          calls.push(failing ? 'refused' : 'ok');
          if (failing)
            throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        },
        close: () => calls.push('closed'),
      },
    });
    await store.insertEvents([event('before')]);
    expect(calls).toEqual(['ok']);

    failing = true;
    // SQLite committed it, but the filesystem may have discarded the commit: the caller is told
    // it failed (the row may exist; a token without one may not).
    await expect(store.insertEvents([event('at-fault')])).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect((errors.at(-1) as { code?: string }).code).toBe('EROFS');
    const committed = db.prepare('select count(*) as n from audit_events').get() as { n: number };
    expect(committed.n).toBe(2);
    // After the failure, the check runs before a write: nothing is written while it fails.
    calls.length = 0;
    await expect(store.insertEvents([event('after')])).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    expect(calls).toEqual(['refused']);
    expect(db.prepare("select count(*) as n from audit_events where id = 'after'").get()).toEqual({
      n: 0,
    });
    // Readiness writes while writes fail: not ready until the filesystem takes changes.
    await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });

    failing = false;
    await store.ping();
    await store.insertEvents([event('recovered')]);
    // Reads never run the check.
    calls.length = 0;
    await store.ping();
    await store.queryAudit({ limit: 10 });
    expect(calls).toEqual([]);
    await store.close();
    expect(calls).toEqual(['closed']);
  });

  it('an audit thread that cannot open the store fails the writes in flight; the next write starts a new thread', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runid-audit-thread-'));
    dirs.push(dataDir);
    const dir = join(dataDir, 'store');
    const file = join(dir, 'runid.sqlite');
    const thread = new SqliteAuditThread({
      file,
      commitCheckFile: join(dataDir, AUDIT_COMMIT_CHECK_FILE),
      busyTimeoutMs: 1_000,
    });
    // Its directory does not exist yet: the thread dies opening it, failing both writes.
    const lost = [thread.insertBatch([audit('lost-1')]), thread.insertBatch([audit('lost-2')])];
    for (const write of lost) {
      await expect(write).rejects.toThrow(/directory does not exist|unable to open/);
    }
    // Closing while the thread dies under a write returns once it has exited (never hangs).
    const dying = thread.insertBatch([audit('lost-3')]);
    const closed = thread.close();
    await expect(dying).rejects.toThrow(/directory does not exist|unable to open/);
    await closed;

    mkdirSync(dir);
    const db = new Database(file);
    migrateSqlite(db);
    // The same instance starts a new thread; two batches in flight at once, then one that
    // conflicts: all or none, and the thread survives it.
    await Promise.all([
      thread.insertBatch([audit('x')]),
      thread.insertBatch([audit('y'), audit('z')]),
    ]);
    await expect(thread.insertBatch([audit('w'), audit('x')])).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    await thread.insertBatch([audit('w')]);
    await thread.close();
    const jtis = db.prepare('select jti from audit_tokens order by jti').pluck().all();
    expect(jtis).toEqual(['w', 'x', 'y', 'z']);
    db.close();
  });
});
