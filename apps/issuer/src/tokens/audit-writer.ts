import type { AuditRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;

export interface AuditWriterOptions {
  /** How long the first record of a batch waits for company (default 1 ms). */
  lingerMs?: number;
  /**
   * Batches in flight at once (default 1). On PostgreSQL a second batch commits on another
   * pooled connection while the first waits for its WAL flush, which PostgreSQL's own group
   * commit then shares; records no longer wait for the batch ahead of them to finish.
   */
  concurrency?: number;
}

/**
 * Group commit for audit records. A commit costs about the same for one record or dozens (one
 * fsync), so records wait up to `lingerMs` for company and go together in one write; records
 * arriving while every slot is busy join the next batch, which starts as soon as a slot frees.
 * Each caller still waits for its own record to be committed before its token is returned; a
 * failed write fails every token of its batch, and only those.
 */
export class AuditWriter {
  readonly #store: Pick<Store, 'insertAudit'>;
  readonly #lingerMs: number;
  readonly #concurrency: number;
  #queue: Pending[] = [];
  /** Batches being written, and their records. */
  #writes = 0;
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Pick<Store, 'insertAudit'>, options: AuditWriterOptions = {}) {
    this.#store = store;
    this.#lingerMs = options.lingerMs ?? 1;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Records waiting for, or in, their commit (`runid_audit_queue_depth`). */
  get depth(): number {
    return this.#queue.length + this.#inFlight;
  }

  write(record: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      // Every slot busy: a finishing write takes the queue.
      if (this.#writes >= this.#concurrency) return;
      if (this.#queue.length >= MAX_BATCH) this.#startNow();
      else this.#timer ??= setTimeout(() => this.#startNow(), this.#lingerMs);
    });
  }

  #startNow(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#writes < this.#concurrency && this.#queue.length > 0) {
      void this.#writeBatch(this.#queue.splice(0, MAX_BATCH));
    }
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    this.#writes++;
    this.#inFlight += batch.length;
    try {
      await this.#store.insertAudit(batch.map((p) => p.record));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.#writes--;
      this.#inFlight -= batch.length;
    }
    // The records queued meanwhile have waited a commit already: no linger for them.
    if (this.#queue.length > 0) this.#startNow();
  }
}
