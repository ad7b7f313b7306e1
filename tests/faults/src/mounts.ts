import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A data directory on its own mount, so a test can make it read-only or full under a running
 * issuer. `chmod` cannot do that as root (and leaves open files writable); a read-only remount
 * of a bind mount and a small tmpfs can. Needs root with CAP_SYS_ADMIN: `mountable()` says.
 */
export class MountedDir {
  readonly path: string;
  readonly #base: string;

  private constructor(base: string) {
    this.#base = base;
    this.path = join(base, 'data');
  }

  static async bind(): Promise<MountedDir> {
    const dir = new MountedDir(mkdtempSync(join(tmpdir(), 'runid-faults-ro-')));
    mkdirSync(dir.path);
    await run('mount', ['--bind', dir.path, dir.path]);
    return dir;
  }

  static async tmpfs(sizeMb: number): Promise<MountedDir> {
    const dir = new MountedDir(mkdtempSync(join(tmpdir(), 'runid-faults-full-')));
    mkdirSync(dir.path);
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir.path]);
    return dir;
  }

  async readOnly(on: boolean): Promise<void> {
    await run('mount', ['-o', `remount,${on ? 'ro' : 'rw'},bind`, this.path]);
  }

  async destroy(): Promise<void> {
    await run('umount', ['-l', this.path]).catch(() => undefined);
    rmSync(this.#base, { recursive: true, force: true });
  }
}

let probed: boolean | undefined;

/** Whether this process may mount (root with CAP_SYS_ADMIN, e.g. not an unprivileged container). */
export async function mountable(): Promise<boolean> {
  if (probed !== undefined) return probed;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    probed = false;
    return probed;
  }
  try {
    const dir = await MountedDir.tmpfs(1);
    await dir.destroy();
    probed = true;
  } catch {
    probed = false;
  }
  return probed;
}
