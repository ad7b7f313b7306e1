import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { IssuerError } from '../errors.js';
import { lockDataDir } from './data-dir-lock.js';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export interface OpenStoreOptions {
  /** PostgreSQL when set; otherwise the embedded store under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Run migrations after connecting (default true). */
  migrate?: boolean;
  onError?: (error: unknown) => void;
}

/** Opens the configured backend, checks it answers, and migrates it. */
export async function openStore(options: OpenStoreOptions): Promise<KyselyStore> {
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.onError)
    : await openPglite(options.dataDir, options.onError);
  try {
    if (options.migrate !== false) await migrateToLatest(store.db as Kysely<unknown>);
    else await store.ping();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof IssuerError && error.code === 'store_failed') throw error;
    throw new IssuerError(
      'store_failed',
      options.databaseUrl
        ? 'Cannot reach PostgreSQL at DATABASE_URL: check the URL, the server and the credentials.'
        : `Cannot open the embedded store in ${options.dataDir}: check RUNID_DATA_DIR is writable and not used by another process.`,
      { cause: error },
    );
  }
  return store;
}

function openPostgres(url: string, onError?: (error: unknown) => void): KyselyStore {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client failing (server restart) must not crash the process; queries report it.
  pool.on('error', (error) => onError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore(db, { backend: 'postgres', listenUrl: url, ...(onError && { onError }) });
}

async function openPglite(
  dataDir: string,
  onError?: (error: unknown) => void,
): Promise<KyselyStore> {
  const unlock = lockDataDir(dataDir);
  const dir = join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (error) {
    unlock();
    throw new IssuerError('store_failed', `Cannot open the embedded store in ${dir}.`, {
      cause: error,
    });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return new KyselyStore(db, {
    backend: 'pglite',
    ...(onError && { onError }),
    onClose: async () => unlock(),
  });
}
