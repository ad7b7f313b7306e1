import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IssuerError } from '../errors.js';

/**
 * The embedded store is single-process: a second process on the same directory would corrupt
 * it. A pid file guards it; a stale one (its process is gone) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  try {
    return takeLock(dir);
  } catch (error) {
    if (error instanceof IssuerError) throw error;
    // EROFS, EACCES, ENOSPC…: a clear start-up failure (exit 3), not an unexpected one.
    throw new IssuerError(
      'store_failed',
      `Cannot lock the embedded store in ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}): check RUNID_DATA_DIR is writable and its disk is not full or read-only.`,
      { cause: error },
    );
  }
}

function takeLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'runid.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      if (heldHere.has(path)) throw Object.assign(new Error('held'), { code: 'EEXIST' });
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8'));
      // Our own pid counts only when this process holds it (a container restarts with the same pid).
      const held =
        pid === process.pid ? heldHere.has(path) : Number.isInteger(pid) && pid > 0 && isAlive(pid);
      if (held) {
        throw new IssuerError(
          'store_failed',
          `The embedded store in ${dir} is in use by process ${pid}. Stop it first, or use the HTTP API of the running issuer.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new IssuerError('store_failed', `Cannot lock the embedded store in ${dir}.`);
}

/** Lock files this process holds. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
