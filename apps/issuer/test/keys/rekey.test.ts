import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { runCli, type Serving, serveCli } from '../support/cli-process.js';
import { DEPLOYMENT } from '../support/issuer.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');
const ISSUER_URL = 'https://id.example.test';
const ADMIN_KEY = `rid_admin_${randomBytes(32).toString('base64url')}`;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runid-rekey-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sealedKeys(options: { dataDir: string; databaseUrl?: string }) {
  const store = await openStore(options);
  try {
    return new Map((await store.listKeys()).map((k) => [k.id, k.privateKeyEnc]));
  } finally {
    await store.close();
  }
}

describe('KEK rotation on the embedded store (one-shot CLI)', () => {
  it('re-encrypts every key under the new KEK; only the new one opens them afterwards', async () => {
    const dataDir = tempDir();
    const base = { RUNID_DATA_DIR: dataDir, RUNID_ISSUER_URL: ISSUER_URL };
    expect((await runCli(['migrate'], base)).code).toBe(0);
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: OLD })).code,
    ).toBe(0);
    const before = await sealedKeys({ dataDir });

    const withoutPrevious = await runCli(['keys', 'rekey'], { ...base, RUNID_KEK: NEW });
    expect(withoutPrevious.code).toBe(4); // the new KEK alone opens nothing yet
    const same = await runCli(['keys', 'rekey'], {
      ...base,
      RUNID_KEK: OLD,
      RUNID_KEK_PREVIOUS: OLD,
    });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('RUNID_KEK_PREVIOUS is the same key as RUNID_KEK');

    const rekeyed = await runCli(['keys', 'rekey'], {
      ...base,
      RUNID_KEK: NEW,
      RUNID_KEK_PREVIOUS: OLD,
    });
    expect(rekeyed.code).toBe(0);
    expect(JSON.parse(rekeyed.stdout)).toMatchObject({ reencrypted: 4, unchanged: 0, skipped: 0 });
    const after = await sealedKeys({ dataDir });
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    // The audit trail has it: who (the command), what it changed.
    const store = await openStore({ dataDir });
    try {
      const events = await store.queryEvents({ types: ['key.rekeyed'], order: 'asc', limit: 10 });
      expect(events).toEqual([
        expect.objectContaining({
          actorType: 'system',
          actorId: 'rekey',
          outcome: 'success',
          detail: expect.objectContaining({ reencrypted: 4, unchanged: 0, skipped: 0 }),
        }),
      ]);
    } finally {
      await store.close();
    }
    for (const [id, sealed] of after) expect(sealed, id).not.toBe(before.get(id));

    // Idempotent: a second run finds nothing to do.
    const again = await runCli(['keys', 'rekey'], {
      ...base,
      RUNID_KEK: NEW,
      RUNID_KEK_PREVIOUS: OLD,
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ reencrypted: 0, unchanged: 4 });
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: NEW })).code,
    ).toBe(0);
    const old = await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: OLD });
    expect(old.code).toBe(4);
  });

  it('is crash-safe: killed inside its transaction, nothing changed; run again, done', async () => {
    const dataDir = tempDir();
    const base = { RUNID_DATA_DIR: dataDir, RUNID_ISSUER_URL: ISSUER_URL };
    expect((await runCli(['migrate'], base)).code).toBe(0);
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: OLD })).code,
    ).toBe(0);
    const before = await sealedKeys({ dataDir });
    const killed = await runCli(['keys', 'rekey'], {
      ...base,
      RUNID_KEK: NEW,
      RUNID_KEK_PREVIOUS: OLD,
      RUNID_TEST_HOOKS: '1',
      RUNID_TEST_CRASH_AT: 'rekey-before-commit',
    });
    expect(killed.code).toBeNull(); // SIGKILL
    expect(await sealedKeys({ dataDir })).toEqual(before);
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: OLD })).code,
    ).toBe(0);
    const finished = await runCli(['keys', 'rekey'], {
      ...base,
      RUNID_KEK: NEW,
      RUNID_KEK_PREVIOUS: OLD,
    });
    expect(JSON.parse(finished.stdout)).toMatchObject({ reencrypted: 4 });
  });
});

describe.skipIf(pgUrl === undefined)('KEK rotation with two replicas serving (PostgreSQL)', () => {
  let database: TempDatabase | undefined;
  const running: Serving[] = [];
  afterAll(async () => {
    for (const serving of running) await serving.stop();
    await database?.drop();
  });

  it('replicas with both KEKs mint through the rekey and a rotation after it; then the new KEK alone serves', async () => {
    database = await createTempDatabase(pgUrl as string);
    const base = {
      DATABASE_URL: database.url,
      RUNID_DATA_DIR: tempDir(),
      RUNID_ISSUER_URL: ISSUER_URL,
      RUNID_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    };
    // The deployment as it was: keys sealed under the old KEK.
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: OLD })).code,
    ).toBe(0);
    // Step 1: every replica restarted with the new KEK and the previous one.
    const both = { ...base, RUNID_KEK: NEW, RUNID_KEK_PREVIOUS: OLD };
    const replicas = [await serveCli(both), await serveCli(both)];
    running.push(...replicas);
    const created = await fetch(`${replicas[0]?.url}/api/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] }),
    });
    const clientKey = ((await created.json()) as { key: string }).key;

    const statuses: number[] = [];
    let loading = true;
    const load = (async () => {
      let i = 0;
      while (loading) {
        const replica = replicas[i++ % replicas.length] as Serving;
        const answer = await fetch(`${replica.url}/api/v1/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(DEPLOYMENT),
        });
        await answer.arrayBuffer();
        statuses.push(answer.status);
      }
    })();
    try {
      // Step 2: the rekey, while both replicas mint.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rekeyed = await runCli(['keys', 'rekey'], both);
      expect(rekeyed.code, rekeyed.stderr).toBe(0);
      expect(JSON.parse(rekeyed.stdout)).toMatchObject({ reencrypted: 4 });
      // A key change after the rekey: every replica rebuilds its view from the re-sealed keys.
      const rotated = await fetch(`${replicas[1]?.url}/api/v1/admin/keys/rotate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ issuer: 'v1', confirm: true }),
      });
      expect(rotated.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 4_000)); // > the 3 s key poll
    } finally {
      loading = false;
      await load;
    }
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);

    // Step 3: the previous KEK retired — the new one alone opens every key; the old one none.
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: NEW })).code,
    ).toBe(0);
    expect(
      (await runCli(['keys', 'export', '--issuer', 'v1'], { ...base, RUNID_KEK: OLD })).code,
    ).toBe(4);
    const jwks = await Promise.all(
      replicas.map(async (r) => (await fetch(`${r.url}/oidc/.well-known/jwks`)).text()),
    );
    expect(jwks[0]).toBe(jwks[1]);
  });
});
