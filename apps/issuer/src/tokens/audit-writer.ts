import type { AuditRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;

/**
 * Group commit for audit records: records arriving while a write is in flight go together in the
 * next single INSERT. Each caller still waits for its own record to be committed before its
 * token is returned; a failed write fails every token of its batch.
 */
export class AuditWriter {
  readonly #store: Store;
  #queue: Pending[] = [];
  #writing = false;

  constructor(store: Store) {
    this.#store = store;
  }

  write(record: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        await this.#store.insertAudit(batch.map((p) => p.record));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#writing = false;
  }
}
