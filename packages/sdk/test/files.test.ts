import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTokenFileRefresher,
  createTokenSource,
  type MintedToken,
  type Scheduler,
  writeFileAtomic,
} from '../src/index.js';
import { deploymentRequest, mintedToken } from './helpers/tokens.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runid-sdk-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A scheduler the test fires by hand. */
function manualScheduler() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const scheduler: Scheduler = {
    setTimeout(callback, ms) {
      pending.set(++next, { callback, ms });
      return next;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    scheduler,
    pending,
    /** Fires the due callback and waits until the refresher has scheduled its next tick. */
    async fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const t of due) t.callback();
      for (let i = 0; i < 1000 && pending.size === 0; i++) {
        await new Promise((r) => setTimeout(r, 1));
      }
    },
  };
}

describe('writeFileAtomic', () => {
  it('creates the file 0600 (and its directory 0700), replaces it whole, leaves no temp file', async () => {
    const path = join(dir, 'nested', 'token');
    await writeFileAtomic(path, 'first');
    expect(await readFile(path, 'utf8')).toBe('first');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    await writeFile(path, 'x', { mode: 0o644 });
    await writeFileAtomic(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'nested'))).toEqual(['token']);
  });

  it('keeps the old file when the write fails and cleans up', async () => {
    const path = join(dir, 'token');
    await writeFileAtomic(path, 'old');
    await expect(writeFileAtomic(join(path, 'not-a-dir'), 'new')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
  });
});

describe('token file refresher', () => {
  it('writes the first token, rewrites it only once it is stale, keeps the file on a failed refresh', async () => {
    const T0 = 1_700_000_000_000;
    const clock = { now: T0 };
    let fail = false;
    const minted: MintedToken[] = [];
    const source = createTokenSource(
      {
        async mintToken() {
          if (fail) throw new Error('issuer down');
          const t = mintedToken({ iat: Math.floor(clock.now / 1000), lifetimeSeconds: 3600 });
          minted.push(t);
          return t;
        },
      },
      deploymentRequest,
      { clock: () => clock.now },
    );
    const { scheduler, pending, fire } = manualScheduler();
    const errors: unknown[] = [];
    const path = join(dir, 'web-identity-token');
    const refresher = createTokenFileRefresher({
      path,
      tokens: source,
      scheduler,
      intervalMs: 30_000,
      onError: (e) => errors.push(e),
    });

    const first = await refresher.start();
    expect(await readFile(path, 'utf8')).toBe(first.token);
    expect([...pending.values()].map((p) => p.ms)).toEqual([30_000]);

    clock.now = T0 + 47 * 60_000; // 13 min left: still fresh
    await fire();
    expect(minted).toHaveLength(1);
    expect(await readFile(path, 'utf8')).toBe(first.token);

    clock.now = T0 + 48 * 60_000; // 12 min left: stale, but the issuer fails
    fail = true;
    await fire();
    expect(errors).toHaveLength(1);
    expect(await readFile(path, 'utf8')).toBe(first.token);
    expect(pending.size).toBe(1);

    fail = false;
    await fire();
    expect(minted).toHaveLength(2);
    expect(await readFile(path, 'utf8')).toBe(minted[1]?.token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    await refresher.stop();
    expect(pending.size).toBe(0);
  });

  it('fails start() when the first token cannot be had, and schedules nothing', async () => {
    const { scheduler, pending } = manualScheduler();
    const refresher = createTokenFileRefresher({
      path: join(dir, 't'),
      tokens: { getToken: () => Promise.reject(new Error('no')) },
      scheduler,
    });
    await expect(refresher.start()).rejects.toThrow('no');
    expect(pending.size).toBe(0);
    await expect(readdir(dir)).resolves.toEqual([]);
  });
});
