import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { checkInvariants } from '../../src/keys/rotation/index.js';
import { toRotationState } from '../../src/keys/rotation-state.js';
import { openStore } from '../../src/store/open-store.js';
import type { SigningKeyRecord } from '../../src/store/records.js';
import { KEK } from '../support/issuer.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'runid-crash-'));
const dataDir = join(dir, 'data');
const clockFile = join(dir, 'clock-offset');
const settings = loadConfig({}).rotation;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a one-shot `runid-issuer keys export` (on the store directly) in a real child process (it plans and applies first). */
function run(
  env: Record<string, string>,
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'keys', 'export', '--issuer', 'v1'], {
      env: {
        PATH: process.env.PATH,
        RUNID_DATA_DIR: dataDir,
        RUNID_KEK: KEK,
        RUNID_TEST_HOOKS: '1',
        RUNID_TEST_CLOCK_FILE: clockFile,
        RUNID_LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stdout }));
  });
}

async function storedKeys(): Promise<SigningKeyRecord[]> {
  const store = await openStore({ dataDir });
  try {
    return await store.listKeys();
  } finally {
    await store.close();
  }
}

describe('crash safety: a process killed inside a key transition (SIGKILL)', () => {
  it('loses nothing when killed after generating its very first key; the restart bootstraps', async () => {
    writeFileSync(clockFile, '0');
    // One-shot commands never create a store: a new (empty, migrated) one first.
    await (await openStore({ dataDir })).close();
    const killed = await run({ RUNID_TEST_CRASH_AT: 'after-generate' });
    expect(killed.signal).toBe('SIGKILL');
    // The transaction never committed: no half-made key set.
    expect(await storedKeys()).toEqual([]);
    const restarted = await run({});
    expect(restarted.code).toBe(0);
    const keys = await storedKeys();
    expect(keys.map((k) => `${k.issuer}:${k.state}`).sort()).toEqual([
      'v1:current',
      'v1:next',
      'v2:current',
      'v2:next',
    ]);
  }, 60_000);

  it('completes a scheduled rotation killed between activation and the new next key', async () => {
    const before = await storedKeys();
    writeFileSync(clockFile, String(31 * DAY));
    const killed = await run({ RUNID_TEST_CRASH_AT: 'after-generate' });
    expect(killed.signal).toBe('SIGKILL');
    const mid = await storedKeys();
    // Activation committed (its own transaction); the key generated after it did not.
    expect(mid.map((k) => k.id).sort()).toEqual(before.map((k) => k.id).sort());
    expect(mid.filter((k) => k.issuer === 'v1' && k.state === 'current').map((k) => k.id)).toEqual(
      before.filter((k) => k.issuer === 'v1' && k.state === 'next').map((k) => k.id),
    );
    const restarted = await run({});
    expect(restarted.code).toBe(0);
    const after = await storedKeys();
    // Every key is still there and still decrypts under the KEK (the one-shot decrypts at start).
    for (const key of before) expect(after.some((k) => k.id === key.id)).toBe(true);
    for (const issuer of ['v1', 'v2'] as const) {
      const mine = after.filter((k) => k.issuer === issuer);
      expect(mine.filter((k) => k.state === 'current')).toHaveLength(1);
      expect(mine.filter((k) => k.state === 'next')).toHaveLength(1);
      // The signing key was published a full lead before it signed: never an unpublished key.
      const state = toRotationState(mine);
      expect(checkInvariants(state, settings[issuer], { settled: true })).toEqual([]);
      const current = mine.find((k) => k.state === 'current') as SigningKeyRecord;
      expect(current.publishedAt).not.toBeNull();
      expect(
        (current.activatedAt?.getTime() ?? 0) - (current.publishedAt?.getTime() ?? 0),
      ).toBeGreaterThanOrEqual(settings[issuer].publishLeadMs);
    }
    const exported = JSON.parse(restarted.stdout) as { keys: { kid: string }[] };
    expect(exported.keys.map((k) => k.kid).sort()).toEqual(
      after
        .filter((k) => k.issuer === 'v1' && k.state !== 'removed')
        .map((k) => k.kid)
        .sort(),
    );
  }, 90_000);
});
