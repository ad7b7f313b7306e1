import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CREDENTIAL_CACHE_MARGIN_MS,
  cachedCredentials,
  credentialCacheKey,
  defaultCacheDir,
} from '../src/cli/credential-cache.js';

const answer = (expiresAt: number, id = 'A') => ({
  Version: 1 as const,
  AccessKeyId: id,
  SecretAccessKey: 's',
  SessionToken: 't',
  Expiration: new Date(expiresAt).toISOString(),
});

describe('credential-process cache', () => {
  it('reuses an answer until 15 minutes before it expires, then produces a new one', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'runid-cc-')), 'nested');
    let now = Date.parse('2030-01-01T00:00:00Z');
    let produced = 0;
    const produce = async () => answer(now + 3_600_000, `K${++produced}`);
    const key = credentialCacheKey({ a: 1 });
    expect((await cachedCredentials(dir, key, produce, () => now)).AccessKeyId).toBe('K1');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    now += 3_600_000 - CREDENTIAL_CACHE_MARGIN_MS - 1;
    expect((await cachedCredentials(dir, key, produce, () => now)).AccessKeyId).toBe('K1');
    now += 1;
    expect((await cachedCredentials(dir, key, produce, () => now)).AccessKeyId).toBe('K2');
  });

  it('ignores a corrupt or group-readable entry, and refuses a shared directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runid-cc-'));
    const key = credentialCacheKey({ b: 1 });
    const far = Date.now() + 86_400_000;
    writeFileSync(join(dir, `${key}.json`), '{not json', { mode: 0o600 });
    expect((await cachedCredentials(dir, key, async () => answer(far, 'NEW'))).AccessKeyId).toBe(
      'NEW',
    );
    writeFileSync(join(dir, `${key}.json`), JSON.stringify(answer(far, 'PLANTED')), {
      mode: 0o644,
    });
    chmodSync(join(dir, `${key}.json`), 0o644);
    expect((await cachedCredentials(dir, key, async () => answer(far, 'OK'))).AccessKeyId).toBe(
      'OK',
    );
    chmodSync(dir, 0o777);
    await expect(cachedCredentials(dir, key, async () => answer(far))).rejects.toThrow(
      /not a private directory/,
    );
  });

  it('takes over a stale lock of a crashed process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runid-cc-'));
    const key = credentialCacheKey({ c: 1 });
    const lock = join(dir, `${key}.lock`);
    writeFileSync(lock, '');
    const { utimesSync } = await import('node:fs');
    utimesSync(lock, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const got = await cachedCredentials(dir, key, async () => answer(Date.now() + 86_400_000, 'L'));
    expect(got.AccessKeyId).toBe('L');
  });

  it('keys differ by input and the default directory follows XDG_CACHE_HOME', () => {
    expect(credentialCacheKey({ a: 1, b: 2 })).toBe(credentialCacheKey({ b: 2, a: 1 }));
    expect(credentialCacheKey({ a: 1 })).not.toBe(credentialCacheKey({ a: 2 }));
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/runid/credential-process');
    expect(defaultCacheDir({ HOME: '/h' })).toBe('/h/.cache/runid/credential-process');
  });
});
