import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { StoreLimits } from '../config/config.js';
import { IssuerError } from '../errors.js';
import { boundedPool, HANDSHAKE_TIMEOUT_MS } from './bounded-pool.js';
import { CommitCheck } from './commit-check.js';
import { lockDataDir } from './data-dir-lock.js';
import { KyselyStore } from './kysely-store.js';
import { describePostgresFailure } from './postgres-failure.js';
import type { Database as Schema } from './schema.js';
import { AUDIT_COMMIT_CHECK_FILE, SqliteAuditThread } from './sqlite-audit-thread.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** PostgreSQL when set; otherwise the embedded SQLite store under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Run migrations after connecting (default true). */
  migrate?: boolean;
  onError?: (error: unknown) => void;
  /** Bounded waits (RUNID_STORE_*); the defaults are the configuration's. */
  limits?: StoreLimits;
  /** The nice value of the embedded store's audit thread (Linux; `thread-priority.ts`); 0: unchanged. */
  helperThreadNice?: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = {
  acquireTimeoutMs: 2_000,
  statementTimeoutMs: 5_000,
  poolSize: 10,
};

/** Opens the configured backend, checks it answers, and migrates it. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const limits = options.limits ?? DEFAULT_STORE_LIMITS;
  const store: Store = options.databaseUrl
    ? openPostgres(options.databaseUrl, limits, options.onError)
    : openSqlite(options.dataDir, limits, options.onError, options.helperThreadNice ?? 0);
  try {
    // Reach the server first, so its own refusal (no such database, bad role) is what is told.
    await store.ping();
    if (options.migrate !== false) await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (options.databaseUrl) {
      throw new IssuerError('store_failed', describePostgresFailure(error, options.databaseUrl), {
        cause: error,
      });
    }
    if (error instanceof IssuerError && error.code === 'store_failed') throw error;
    throw new IssuerError(
      'store_failed',
      `Cannot open the embedded store in ${options.dataDir}: check RUNID_DATA_DIR is writable and not used by another process.`,
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
    // Bounds the connection handshake (and pg-pool's own queue); a request waits only the
    // acquire bound (boundedPool), so a slow handshake is not thrown away at that bound.
    connectionTimeoutMillis: Math.max(limits.acquireTimeoutMs, HANDSHAKE_TIMEOUT_MS),
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
  const bounded = boundedPool(pool, limits.acquireTimeoutMs);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: bounded }) });
  return new KyselyStore(db, {
    pool: bounded,
    listenUrl: url,
    timeoutMs: limits.acquireTimeoutMs + limits.statementTimeoutMs + 1_000,
    ...(onError && { onError }),
  });
}

/** The embedded store's file in the data directory (plus `-wal` and `-shm` beside it). */
export const SQLITE_FILE = 'runid.sqlite';
/** Where the PGlite store of earlier versions kept its cluster. */
const LEGACY_PGLITE_DIR = 'pgdata';

/**
 * One-shot commands work on an existing store, never a new empty one: the embedded store must be
 * in `dataDir` already (else a command run from another directory would answer from an empty
 * store, with exit 0). Nothing is written when it is missing. PostgreSQL needs no such check.
 */
export function requireExistingStore(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): void {
  if (options.databaseUrl) return;
  if (existsSync(join(options.dataDir, SQLITE_FILE))) return;
  throw new IssuerError(
    'store_failed',
    `No embedded store in ${options.dataDir} (RUNID_DATA_DIR): this command works on an existing store and never creates one. \`runid-issuer serve\` keeps it in ./.runid of the directory it runs in (\`pnpm start\`: apps/issuer/.runid); set RUNID_DATA_DIR to that directory (or DATABASE_URL for PostgreSQL). To create a new store, run \`runid-issuer migrate\` or \`serve\`.`,
  );
}

function openSqlite(
  dataDir: string,
  limits: StoreLimits,
  onError: ((error: unknown) => void) | undefined,
  nice: number,
): SqliteStore {
  if (existsSync(join(dataDir, LEGACY_PGLITE_DIR))) {
    // Never a silent new empty store next to the old one: its keys, clients and audit would vanish.
    throw new IssuerError(
      'store_failed',
      `${dataDir} holds an embedded store of an earlier RunID version (PGlite, in ${join(dataDir, LEGACY_PGLITE_DIR)}); this version stores in SQLite and cannot read it. Either keep running the earlier version on it, or move ${LEGACY_PGLITE_DIR}/ out of RUNID_DATA_DIR (or point RUNID_DATA_DIR at a new directory) to start with a new empty store — its signing keys, clients and audit are not carried over.`,
    );
  }
  const unlock = lockDataDir(dataDir);
  const file = join(dataDir, SQLITE_FILE);
  let db: Database.Database | undefined;
  let commitCheck: CommitCheck;
  try {
    db = new Database(file, { timeout: limits.acquireTimeoutMs });
    // WAL + synchronous=FULL: every commit fsyncs the WAL before it returns, so a token's audit
    // record survives a power loss, not only a crash. One fsync per transaction = per audit batch;
    // the commit check after it catches an fsync a failing filesystem acknowledged but discarded.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const mode = db.pragma('journal_mode', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    commitCheck = CommitCheck.open(dataDir);
  } catch (error) {
    try {
      db?.close();
    } catch {}
    unlock();
    throw new IssuerError(
      'store_failed',
      `Cannot open the embedded store ${file}: check RUNID_DATA_DIR is writable and its disk is not full or read-only.`,
      { cause: error },
    );
  }
  const timeoutMs = limits.acquireTimeoutMs + limits.statementTimeoutMs;
  return new SqliteStore(db, {
    timeoutMs,
    ...(onError && { onError }),
    commitCheck,
    auditThread: new SqliteAuditThread({
      file,
      commitCheckFile: join(dataDir, AUDIT_COMMIT_CHECK_FILE),
      busyTimeoutMs: timeoutMs,
      nice,
    }),
    onClose: unlock,
  });
}
