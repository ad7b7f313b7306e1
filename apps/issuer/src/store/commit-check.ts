import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { join } from 'node:path';

/** Beside `runid.sqlite` in the data directory: a file whose size the check toggles (0 or 1). */
export const COMMIT_CHECK_FILE = 'runid.commit-check';

/**
 * Tells a commit the filesystem really kept from one it only said it kept. On Linux ext4 a
 * filesystem error (`errors=remount-ro`) aborts the journal; an fsync racing the abort can
 * return 0 for a transaction the aborted journal never wrote (measured on 6.18: SQLite's COMMIT
 * succeeded, and the WAL frames it had appended were gone after `e2fsck`; in ~10% of faults
 * under load — the issuer README, Faults). Once the journal is aborted, every change that starts
 * a journal handle fails with EROFS, and a size change always starts one: toggling the size of
 * a small file of ours after a commit succeeds only if the journal was not aborted when the
 * commit's fsync returned, so the commit was real. When it fails the commit is reported failed
 * (its rows may exist: an audit row without a token is harmless, a token without one is not).
 * One `ftruncate` per write transaction, no extra fsync.
 */
export class CommitCheck {
  readonly #fd: number;
  #size = 0;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  static open(dataDir: string): CommitCheck {
    return new CommitCheck(openSync(join(dataDir, COMMIT_CHECK_FILE), 'w', 0o600));
  }

  /** Throws (EROFS, EIO…) when the filesystem no longer takes metadata changes. */
  confirm(): void {
    const size = this.#size ^ 1;
    ftruncateSync(this.#fd, size);
    this.#size = size;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
