import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh database per test file, created from DATABASE_URL and dropped afterwards, so parallel
 * runs never collide. Without DATABASE_URL: a failure under CI, a skip locally (DESIGN.md).
 */
export function postgresUrlOrSkip(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    if (process.env.CI)
      throw new Error('DATABASE_URL is required under CI for the PostgreSQL tests');
    return undefined;
  }
  return url;
}

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTempDatabase(baseUrl: string): Promise<TempDatabase> {
  const name = `runid_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
