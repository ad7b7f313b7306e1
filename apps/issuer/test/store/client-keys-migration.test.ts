import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrations.js';
import { openStore, SQLITE_FILE } from '../../src/store/open-store.js';
import { migrateSqlite } from '../../src/store/sqlite-migrations.js';
import { createTempDatabase, postgresUrlOrSkip } from '../support/postgres.js';

const T0 = Date.UTC(2026, 0, 1);
const pgUrl = postgresUrlOrSkip();
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** What the previous version's store held: one client, its one key hash on the client row. */
const before = { id: 'cl_old', name: 'old', keyHash: 'a'.repeat(64), grants: '[]' };

async function expectMoved(store: Awaited<ReturnType<typeof openStore>>): Promise<void> {
  const found = await store.findClientByKeyHash(before.keyHash);
  expect(found?.client).toMatchObject({ id: 'cl_old', name: 'old', disabled: false });
  expect(found?.key).toMatchObject({
    clientId: 'cl_old',
    keyHash: before.keyHash,
    createdAt: new Date(T0),
    expiresAt: null,
    revokedAt: null,
  });
  expect(found?.key.id).toMatch(/^ck_[0-9a-f]{32}$/);
  expect((await store.getClient('cl_old'))?.keys.map((k) => k.id)).toEqual([found?.key.id]);
}

describe('migration to client_keys', () => {
  it('SQLite: moves each client key to its own table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runid-migrate-'));
    dirs.push(dir);
    const db = new Database(join(dir, SQLITE_FILE));
    migrateSqlite(db, '0008_admin_credentials');
    db.prepare(
      'insert into api_clients (id, name, key_hash, grants, disabled, created_at) values (?, ?, ?, ?, 0, ?)',
    ).run(before.id, before.name, before.keyHash, before.grants, T0);
    db.close();
    const store = await openStore({ dataDir: dir });
    try {
      await expectMoved(store);
    } finally {
      await store.close();
    }
  });

  it.skipIf(pgUrl === undefined)(
    'PostgreSQL: moves each client key and keeps the legacy column nullable',
    async () => {
      const database = await createTempDatabase(pgUrl as string);
      const pool = new pg.Pool({ connectionString: database.url });
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      try {
        await migrateToLatest(db, '0009_admin_credentials');
        await pool.query(
          'insert into api_clients (id, name, key_hash, grants, created_at) values ($1, $2, $3, $4, $5)',
          [before.id, before.name, before.keyHash, before.grants, new Date(T0)],
        );
        const dir = mkdtempSync(join(tmpdir(), 'runid-migrate-'));
        dirs.push(dir);
        const store = await openStore({ databaseUrl: database.url, dataDir: dir });
        try {
          await expectMoved(store);
          // A replica of the previous version still finds the key until it changes.
          const legacy = await pool.query('select key_hash from api_clients where id = $1', [
            'cl_old',
          ]);
          expect(legacy.rows[0]?.key_hash).toBe(before.keyHash);
          const keyId = (await store.getClient('cl_old'))?.keys[0]?.id as string;
          await store.revokeClientKey('cl_old', keyId, new Date(T0 + 1));
          const cleared = await pool.query('select key_hash from api_clients where id = $1', [
            'cl_old',
          ]);
          expect(cleared.rows[0]?.key_hash).toBeNull();
        } finally {
          await store.close();
        }
      } finally {
        await db.destroy();
        await database.drop();
      }
    },
  );
});
