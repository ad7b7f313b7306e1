// The embedded store's audit writer thread (started by `sqlite-audit-thread.ts`): the token audit
// inserts — the one write of every mint — run here on a connection of their own, so their
// SQLite work, WAL writes and fsync leave the event loop. Plain JavaScript so the same file runs
// from `src/` under the tests and from `dist/` (the build copies it). SQLite's write lock orders
// these transactions with the main connection's (a key transaction holds it; each side waits up
// to `busyTimeoutMs`). Every message is answered once: `{ id, value }` or `{ id, error }`.
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ file: string, commitCheckFile: string, busyTimeoutMs: number, nice?: number }} */
const options = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// `serve` puts the event loop first (`thread-priority.ts`); on Linux nice is per thread, and
// os.setPriority() without a pid sets the calling thread's.
const nice = options.nice ?? 0;
if (nice > 0 && process.platform === 'linux' && getPriority() < nice) {
  try {
    setPriority(nice);
  } catch {
    // Best effort: the thread keeps the event loop's priority.
  }
}

const db = new Database(options.file, { timeout: options.busyTimeoutMs });
// Per connection: the same durability as the main connection (WAL fsynced at every commit).
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');

const columns = 'jti, kind, iss, sub, aud, client_id, kid, iat, exp, request_id, source';
const insert = db.prepare(`insert into audit_tokens (${columns}) values (${marks(11)})`);
const insertRun = db.prepare(`insert into audit_tokens (${columns}, run_id) values (${marks(12)})`);
const runIsOpen = db.prepare(
  "select 1 from runs where id = ? and state = 'running' and deadline > ?",
);
const runExists = db.prepare('select 1 from runs where id = ?');

/** @param {unknown[][]} rows */
const insertBatch = db.transaction((rows) => {
  for (const row of rows) insert.run(row);
});
/** @param {string} runId @param {unknown[]} row @param {number} at */
const insertRunRow = db.transaction((runId, row, at) => {
  if (runIsOpen.get(runId, at) === undefined) {
    return runExists.get(runId) === undefined ? 'not_found' : 'ended';
  }
  insertRun.run([...row, runId]);
  return undefined;
});

// The commit check (`commit-check.ts`), on a file of this thread's own: one size toggle after
// every commit; after a failed write, one before the next write too.
const checkFd = openSync(options.commitCheckFile, 'w', 0o600);
let checkSize = 0;
let failing = false;
function confirm() {
  checkSize ^= 1;
  ftruncateSync(checkFd, checkSize);
}

/** @param {{ op: 'batch', rows: unknown[][] } | { op: 'run', runId: string, row: unknown[], at: number }} message */
function write(message) {
  if (failing) confirm();
  const value =
    message.op === 'batch'
      ? insertBatch.immediate(message.rows)
      : insertRunRow.immediate(message.runId, message.row, message.at);
  confirm();
  failing = false;
  return value;
}

port.on('message', (message) => {
  if (message.op === 'close') {
    db.close();
    closeSync(checkFd);
    port.close();
    return;
  }
  try {
    port.postMessage({ id: message.id, value: write(message) });
  } catch (error) {
    failing = true;
    const e = /** @type {{ name?: string, message?: string, code?: unknown }} */ (error);
    port.postMessage({
      id: message.id,
      error: { name: e.name, message: e.message, code: e.code },
    });
  }
});

/** @param {number} n */
function marks(n) {
  return Array.from({ length: n }, () => '?').join(', ');
}
