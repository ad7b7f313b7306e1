import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrations.js';
import { migrateSqlite } from '../../src/store/sqlite-migrations.js';
import { createTempDatabase, postgresUrlOrSkip } from '../support/postgres.js';

// Admin keys written before roles existed (the bootstrap key) become `admin` credentials, and a
// revoked one's name is free again once migrated.

const pgUrl = postgresUrlOrSkip();

describe('the admin-credentials migration', () => {
  it('SQLite: an existing admin key becomes an admin credential; names unique among active ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runid-migrate-'));
    const db = new Database(join(dir, 'store.db'));
    try {
      expect(migrateSqlite(db, '0007_audit_token_requests')).toContain('0007_audit_token_requests');
      db.prepare(
        "insert into admin_keys (id, name, key_hash, created_at, disabled_at) values ('a1', 'bootstrap', 'h1', 1, null), ('a0', 'old', 'h0', 1, 5)",
      ).run();
      expect(migrateSqlite(db, '0008_admin_credentials')).toEqual(['0008_admin_credentials']);
      expect(db.prepare('select * from admin_keys order by id').all()).toEqual([
        {
          id: 'a0',
          name: 'old',
          key_hash: 'h0',
          role: 'admin',
          created_at: 1,
          expires_at: null,
          last_used_at: null,
          disabled_at: 5,
        },
        {
          id: 'a1',
          name: 'bootstrap',
          key_hash: 'h1',
          role: 'admin',
          created_at: 1,
          expires_at: null,
          last_used_at: null,
          disabled_at: null,
        },
      ]);
      const insert = db.prepare(
        "insert into admin_keys (id, name, key_hash, role, created_at) values (?, ?, ?, 'auditor', 2)",
      );
      insert.run('a2', 'old', 'h2');
      expect(() => insert.run('a3', 'bootstrap', 'h3')).toThrow(/UNIQUE/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(pgUrl !== undefined)(
    'PostgreSQL: the same',
    async () => {
      const database = await createTempDatabase(pgUrl as string);
      const pool = new pg.Pool({ connectionString: database.url });
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      try {
        expect(await migrateToLatest(db, '0008_audit_token_requests')).toContain(
          '0008_audit_token_requests',
        );
        await sql`insert into admin_keys (id, name, key_hash, created_at, disabled_at) values ('a1', 'bootstrap', 'h1', now(), null), ('a0', 'old', 'h0', now(), now())`.execute(
          db,
        );
        expect(await migrateToLatest(db, '0009_admin_credentials')).toEqual([
          '0009_admin_credentials',
        ]);
        const rows = await sql<{
          id: string;
          role: string;
        }>`select id, role from admin_keys order by id`.execute(db);
        expect(rows.rows).toEqual([
          { id: 'a0', role: 'admin' },
          { id: 'a1', role: 'admin' },
        ]);
        await sql`insert into admin_keys (id, name, key_hash, role, created_at) values ('a2', 'old', 'h2', 'auditor', now())`.execute(
          db,
        );
        await expect(
          sql`insert into admin_keys (id, name, key_hash, role, created_at) values ('a3', 'bootstrap', 'h3', 'auditor', now())`.execute(
            db,
          ),
        ).rejects.toMatchObject({ code: '23505' });
        await expect(
          sql`insert into admin_keys (id, name, key_hash, role, created_at) values ('a4', 'x', 'h4', 'root', now())`.execute(
            db,
          ),
        ).rejects.toMatchObject({ code: '23514' });
      } finally {
        await db.destroy();
        await database.drop();
      }
    },
    60_000,
  );
});
