import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A data directory on its own mount, so a test can make it read-only or full under a running
 * issuer. `chmod` cannot do that as root (and leaves open files writable); a read-only remount
 * of a bind mount and a small tmpfs can. Needs root with CAP_SYS_ADMIN: `mountable()` says.
 * A bind mount cannot turn read-only while files in it are open for writing (EBUSY); an ext4
 * image on a loop device can, through its emergency read-only (`failFilesystem()`):
 * `ext4Mountable()` says whether loop devices and ext4 are there.
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

  /** An ext4 image of `sizeMb` on a loop device, `errors=remount-ro`. */
  static async ext4(sizeMb: number): Promise<MountedDir> {
    const dir = new MountedDir(mkdtempSync(join(tmpdir(), 'runid-faults-ext4-')));
    mkdirSync(dir.path);
    await run('truncate', ['-s', `${sizeMb}M`, dir.#image]);
    await run('mkfs.ext4', ['-q', '-F', dir.#image]);
    await dir.#mountImage();
    return dir;
  }

  get #image(): string {
    return join(this.#base, 'fs.img');
  }

  async #mountImage(): Promise<void> {
    await run('mount', ['-o', 'loop,errors=remount-ro', this.#image, this.path]);
  }

  /** The kernel's trigger file for this ext4 mount's error handling. */
  async #trigger(): Promise<string> {
    const { stdout } = await run('findmnt', ['-n', '-o', 'SOURCE', this.path]);
    return `/sys/fs/ext4/${basename(stdout.trim())}/trigger_fs_error`;
  }

  /**
   * Makes the ext4 filesystem fail: it turns `emergency_ro` at once, under open files, and
   * cannot be remounted rw while they are open (stop the writer, then `repair()`). Returns the
   * time (ms) just before the kernel was told.
   */
  async failFilesystem(): Promise<number> {
    const trigger = await this.#trigger();
    const at = Date.now();
    writeFileSync(trigger, '1');
    return at;
  }

  /** Unmounts the failed ext4 image, checks it (`e2fsck -fy`, 0/1 = clean/fixed) and mounts it again. */
  async repair(): Promise<void> {
    await run('umount', [this.path]);
    await run('e2fsck', ['-fy', this.#image]).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error;
    });
    await this.#mountImage();
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

let ext4Probed: boolean | undefined;

/** Whether this process may mount an ext4 image on a loop device and make it fail on demand. */
export async function ext4Mountable(): Promise<boolean> {
  if (ext4Probed !== undefined) return ext4Probed;
  ext4Probed = false;
  if (!(await mountable())) return ext4Probed;
  let dir: MountedDir | undefined;
  try {
    dir = await MountedDir.ext4(16);
    const { stdout } = await run('findmnt', ['-n', '-o', 'SOURCE', dir.path]);
    ext4Probed = existsSync(`/sys/fs/ext4/${basename(stdout.trim())}/trigger_fs_error`);
  } catch {
    ext4Probed = false;
  }
  await dir?.destroy();
  return ext4Probed;
}
