import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../src/store/open-store.js';
import { DEPLOYMENT, startTestIssuer, type TestIssuer } from '../support/issuer.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

// The backup and restore procedures of docs/deploy.md, run for real: an online backup of a
// serving issuer, restored elsewhere, starts with the same keys and audit — with the same KEK only.

function has(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const pgUrl = postgresUrlOrSkip();
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runid-backup-'));
  dirs.push(dir);
  return dir;
}
const databases: TempDatabase[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});

const ISSUER_URL = 'https://id.example.test';
const ADMIN_KEY = `rid_admin_${randomBytes(32).toString('base64url')}`;

async function mintOne(issuer: TestIssuer, key: string): Promise<string> {
  const minted = await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT });
  expect(minted.status).toBe(201);
  return decodeJwt(minted.json.token as string).jti as string;
}

async function kids(issuer: TestIssuer): Promise<string[]> {
  const { json } = await issuer.call('GET', '/oidc/.well-known/jwks');
  return json.keys.map((k: { kid: string }) => k.kid).sort();
}

/** Starts on the source store, creates a client and mints; `backup` runs while it serves. */
async function serveAndBackUp(
  options: Parameters<typeof startTestIssuer>[0],
  backup: () => void,
): Promise<{ kek: string; kids: string[]; before: string; after: string }> {
  const kek = randomBytes(32).toString('base64');
  const issuer = await startTestIssuer({
    ...options,
    env: { RUNID_ISSUER_URL: ISSUER_URL, RUNID_KEK: kek, RUNID_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY },
  });
  try {
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: 'ci', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
    });
    const before = await mintOne(issuer, created.json.key);
    backup();
    const after = await mintOne(issuer, created.json.key);
    return { kek, kids: await kids(issuer), before, after };
  } finally {
    await issuer.close();
  }
}

async function checkRestored(
  options: Parameters<typeof startTestIssuer>[0],
  source: Awaited<ReturnType<typeof serveAndBackUp>>,
): Promise<void> {
  // Without the KEK of the backup the keys are unreadable: the start fails, nothing is replaced.
  await expect(
    startTestIssuer({
      ...options,
      env: { RUNID_ISSUER_URL: ISSUER_URL, RUNID_KEK: randomBytes(32).toString('base64') },
    }),
  ).rejects.toMatchObject({ code: 'kek_mismatch' });
  const restored = await startTestIssuer({
    ...options,
    env: {
      RUNID_ISSUER_URL: ISSUER_URL,
      RUNID_KEK: source.kek,
      RUNID_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    },
  });
  try {
    expect(await kids(restored)).toEqual(source.kids);
    const audit = await restored.call('GET', '/api/v1/admin/audit?limit=10', {
      key: ADMIN_KEY,
    });
    expect(audit.status).toBe(200);
    const jtis = audit.json.items.map((r: { jti: string }) => r.jti);
    // The backup holds what was committed before it, not what came after.
    expect(jtis).toContain(source.before);
    expect(jtis).not.toContain(source.after);
  } finally {
    await restored.close();
  }
}

describe.skipIf(!has('sqlite3'))('backup and restore: embedded store', () => {
  it('an online `sqlite3 .backup` of a serving issuer restores with the same KEK', async () => {
    const dataDir = tempDir();
    const restoredDir = join(tempDir(), 'restored');
    mkdirSync(restoredDir, { mode: 0o700 });
    const source = await serveAndBackUp({ dataDir }, () => {
      execFileSync('sqlite3', [
        join(dataDir, SQLITE_FILE),
        `.backup '${join(restoredDir, SQLITE_FILE)}'`,
      ]);
    });
    await checkRestored({ dataDir: restoredDir }, source);
  });
});

describe.skipIf(pgUrl === undefined || !has('pg_dump') || !has('pg_restore'))(
  'backup and restore: PostgreSQL',
  () => {
    it('`pg_dump -Fc` of a serving issuer, `pg_restore` into a new database, same KEK', async () => {
      const original = await createTempDatabase(pgUrl as string);
      const copy = await createTempDatabase(pgUrl as string);
      databases.push(original, copy);
      const dump = join(tempDir(), 'runid.dump');
      const source = await serveAndBackUp({ databaseUrl: original.url }, () => {
        execFileSync('pg_dump', ['-Fc', '-f', dump, original.url]);
      });
      execFileSync('pg_restore', ['--no-owner', '-d', copy.url, dump]);
      await checkRestored({ databaseUrl: copy.url }, source);
    });
  },
);
