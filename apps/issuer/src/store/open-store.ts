import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { StoreLimits } from '../config/config.js';
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
  /** Bounded waits (RUNID_STORE_*); the defaults are the configuration's. */
  limits?: StoreLimits;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = {
  acquireTimeoutMs: 2_000,
  statementTimeoutMs: 5_000,
  poolSize: 10,
};

/** Opens the configured backend, checks it answers, and migrates it. */
export async function openStore(options: OpenStoreOptions): Promise<KyselyStore> {
  const limits = options.limits ?? DEFAULT_STORE_LIMITS;
  const store = options.databaseUrl
    ? openPostgres(options.databaseUrl, limits, options.onError)
    : await openPglite(options.dataDir, limits, options.onError);
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

function openPostgres(
  url: string,
  limits: StoreLimits,
  onError?: (error: unknown) => void,
): KyselyStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: limits.poolSize,
    // Bounds both the wait for a free pooled client and the connection handshake.
    connectionTimeoutMillis: limits.acquireTimeoutMs,
    // Server side: a statement stuck on a lock or a slow plan is cancelled by PostgreSQL...
    statement_timeout: limits.statementTimeoutMs,
    idle_in_transaction_session_timeout: limits.statementTimeoutMs * 2,
    // ...client side: a server that stopped answering (paused, partitioned) cannot hold us.
    query_timeout: limits.statementTimeoutMs + 500,
    keepAlive: true,
    idleTimeoutMillis: 10_000,
  });
  // An idle client failing (server restart) must not crash the process; queries report it.
  pool.on('error', (error) => onError?.(error));
  // A checked-out client has no pool 'error' listener: a reset connection would otherwise be an
  // unhandled 'error' event and kill the process. The query in flight is rejected by pg itself
  // and the broken client is discarded by the pool on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => onError?.(error));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore(db, {
    backend: 'postgres',
    listenUrl: url,
    timeoutMs: limits.acquireTimeoutMs + limits.statementTimeoutMs + 1_000,
    ...(onError && { onError }),
  });
}

async function openPglite(
  dataDir: string,
  limits: StoreLimits,
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
    timeoutMs: limits.acquireTimeoutMs + limits.statementTimeoutMs,
    ...(onError && { onError }),
    onClose: async () => unlock(),
  });
}
