import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CredentialProcessOutput } from '../aws/credential-process.js';
import type { Env } from '../aws/endpoint.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { canonicalJson } from '../token-cache.js';

/**
 * The AWS SDKs and CLI refresh `credential_process` credentials when 5–15 minutes remain; a cached
 * answer is reused only while more than this remains, so a caller never gets one it will discard.
 */
export const CREDENTIAL_CACHE_MARGIN_MS = 15 * 60_000;
const LOCK_WAIT_MS = 30_000;
const LOCK_STALE_MS = 60_000;

export function defaultCacheDir(env: Env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'runid', 'credential-process');
}

/** The cache key: every input that changes the answer. The API key is hashed, never stored. */
export function credentialCacheKey(inputs: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex');
}

/** Creates the directory 0700 and refuses one another user (or group/world) could write. */
async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const uid = process.getuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} is not a private directory (must be owned by you, not group/world-writable)`,
    );
  }
}

async function readFresh(file: string, now: number): Promise<CredentialProcessOutput | undefined> {
  try {
    const info = await stat(file);
    if ((info.mode & 0o077) !== 0) return undefined; // never trust a file others could have written
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CredentialProcessOutput;
    const expires = Date.parse(parsed.Expiration);
    if (
      parsed.Version !== 1 ||
      typeof parsed.AccessKeyId !== 'string' ||
      typeof parsed.SecretAccessKey !== 'string' ||
      typeof parsed.SessionToken !== 'string' ||
      !(expires - now > CREDENTIAL_CACHE_MARGIN_MS)
    ) {
      return undefined;
    }
    return parsed;
  } catch {
    return undefined;
  }
}

/**
 * The cached answer while fresh; else `produce()` under an exclusive lock file (so concurrent
 * invocations make one mint and one exchange: the others wait and read its answer), stored 0600.
 */
export async function cachedCredentials(
  dir: string,
  key: string,
  produce: () => Promise<CredentialProcessOutput>,
  clock: () => number = Date.now,
): Promise<CredentialProcessOutput> {
  await privateDir(dir);
  const file = join(dir, `${key}.json`);
  const hit = await readFresh(file, clock());
  if (hit !== undefined) return hit;
  const lock = join(dir, `${key}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lock).catch(() => undefined);
      if (info !== undefined && Date.now() - info.mtimeMs > LOCK_STALE_MS) {
        await rm(lock, { force: true }); // a crashed holder
        continue;
      }
      if (Date.now() > deadline) return produce(); // never block the caller forever
      await new Promise((r) => setTimeout(r, 50));
      const waited = await readFresh(file, clock());
      if (waited !== undefined) return waited;
    }
  }
  try {
    const again = await readFresh(file, clock());
    if (again !== undefined) return again;
    const fresh = await produce();
    await writeFileAtomic(file, `${JSON.stringify(fresh)}\n`);
    return fresh;
  } finally {
    await rm(lock, { force: true });
  }
}
