import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIssuer } from '@runid/issuer';
import pg from 'pg';

export type Backend = 'sqlite' | 'postgres';

/**
 * The stores to run on: SQLite always, PostgreSQL when DATABASE_URL is set (required under CI,
 * where its absence fails instead of skipping).
 */
export function backends(): Backend[] {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    if (process.env.CI)
      throw new Error('DATABASE_URL is required under CI for the PostgreSQL runs');
    return ['sqlite'];
  }
  return ['sqlite', 'postgres'];
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The real issuer, in-process on 127.0.0.1 port 0, with a fresh embedded (SQLite) store, or on
 * a throwaway PostgreSQL database created from DATABASE_URL and dropped on close.
 */
export async function startTestIssuer(backend: Backend = 'sqlite') {
  const dataDir = await mkdtemp(join(tmpdir(), 'runid-contract-'));
  let databaseUrl: string | undefined;
  let database: string | undefined;
  if (backend === 'postgres') {
    database = `runid_c_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${database}`);
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
  const issuer = await startIssuer({
    env: {
      RUNID_DATA_DIR: dataDir,
      RUNID_LOG_LEVEL: 'silent',
      ...(databaseUrl !== undefined && {
        DATABASE_URL: databaseUrl,
        RUNID_KEK: randomBytes(32).toString('base64'),
      }),
    },
    port: 0,
    host: '127.0.0.1',
  });
  return {
    ...issuer,
    async close() {
      await issuer.close();
      if (database !== undefined) await admin(`drop database if exists ${database} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
