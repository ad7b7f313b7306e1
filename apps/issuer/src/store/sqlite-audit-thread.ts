import { Worker } from 'node:worker_threads';
import type { AuditRecord } from './records.js';
import type { RunRefusal } from './store.js';

/** Beside `runid.commit-check`: the audit thread's own commit-check file (`commit-check.ts`). */
export const AUDIT_COMMIT_CHECK_FILE = 'runid.commit-check-audit';

export interface SqliteAuditThreadOptions {
  /** The database file (`runid.sqlite`), migrated already. */
  file: string;
  commitCheckFile: string;
  /** How long a write waits for SQLite's write lock (a key transaction holds it) before failing. */
  busyTimeoutMs: number;
  /** The thread lowers its own priority to this nice value (Linux, per thread); 0: unchanged. */
  nice?: number;
}

interface Pending {
  /** The thread the write went to: a thread that dies fails its own writes only. */
  worker: Worker;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** An error of the thread, as it crossed: its name, message and code (e.g. `SQLITE_FULL`, `EROFS`). */
export class AuditThreadError extends Error {
  readonly code: unknown;

  constructor(crossed: { name?: string; message?: string; code?: unknown }) {
    super(crossed.message ?? 'the audit writer thread failed');
    this.name = crossed.name ?? 'Error';
    this.code = crossed.code;
  }
}

/**
 * The main thread's side of `sqlite-audit-worker.mjs`: the embedded store's token audit inserts,
 * each answered once the thread's transaction is committed and its commit check passed. Started
 * on the first write (one-shot commands that never mint never start it); a thread that dies fails
 * the writes in flight and the next write starts a new one.
 */
export class SqliteAuditThread {
  readonly #options: SqliteAuditThreadOptions;
  #worker: Worker | undefined;
  /** Settles when the current thread has exited (registered at its start: it may exit early). */
  #exited: Promise<void> = Promise.resolve();
  readonly #pending = new Map<number, Pending>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #nextId = 0;

  constructor(options: SqliteAuditThreadOptions) {
    this.#options = options;
  }

  /** All records in one transaction (one fsync), all or none. */
  insertBatch(records: readonly AuditRecord[]): Promise<void> {
    return this.#send({ op: 'batch', rows: records.map(row) }) as Promise<void>;
  }

  /** The record, in the transaction that finds the run still running (else why not). */
  insertRun(runId: string, record: AuditRecord, at: Date): Promise<RunRefusal | undefined> {
    return this.#send({ op: 'run', runId, row: row(record), at: at.getTime() }) as Promise<
      RunRefusal | undefined
    >;
  }

  /** Lets the writes in flight finish, then closes the thread's connection. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined) return;
    const exited = this.#exited;
    this.#worker = undefined;
    await Promise.allSettled(this.#inFlight);
    // Referenced until it has exited: the process waits for its connection to close. (A thread
    // that died meanwhile has exited already: the message goes nowhere.)
    worker.ref();
    worker.postMessage({ op: 'close' });
    await exited;
  }

  #send(message: Record<string, unknown>): Promise<unknown> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    // Referenced while a write is in flight, so a process never exits with one unanswered.
    if (!this.#busy(worker)) worker.ref();
    const written = new Promise((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...message, id });
    });
    const settled = written.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    return written;
  }

  #busy(worker: Worker): boolean {
    for (const p of this.#pending.values()) if (p.worker === worker) return true;
    return false;
  }

  #settle(id: number, settle: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    if (!this.#busy(pending.worker)) pending.worker.unref();
    settle(pending);
  }

  /** A thread that died: its writes fail; the next write starts a new one. */
  #fail(worker: Worker, error: unknown): void {
    if (this.#worker === worker) this.#worker = undefined;
    for (const [id, p] of this.#pending) {
      if (p.worker === worker) this.#settle(id, (failed) => failed.reject(error));
    }
  }

  #start(): Worker {
    const worker = new Worker(new URL('./sqlite-audit-worker.mjs', import.meta.url), {
      workerData: this.#options,
      // A few statements and their rows: no need for a full-sized heap.
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (answer: { id: number; value?: unknown; error?: object }) => {
      this.#settle(answer.id, (p) => {
        if (answer.error !== undefined) p.reject(new AuditThreadError(answer.error));
        else p.resolve(answer.value);
      });
    });
    worker.on('error', (error) => this.#fail(worker, error));
    this.#exited = new Promise<void>((done) => {
      worker.on('exit', (code) => {
        this.#fail(worker, new Error(`the audit writer thread exited (${code})`));
        done();
      });
    });
    this.#worker = worker;
    return worker;
  }
}

/** The columns, in the worker's order: jti, kind, iss, sub, aud, client_id, kid, iat, exp, request_id, source. */
function row(r: AuditRecord): unknown[] {
  return [
    r.jti,
    r.kind,
    r.iss,
    r.sub,
    r.aud,
    r.clientId,
    r.kid,
    r.iat.getTime(),
    r.exp.getTime(),
    r.requestId ?? null,
    r.source ?? null,
  ];
}
