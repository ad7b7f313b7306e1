import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import { IssuerError, storeUnavailable } from '../errors.js';
import type {
  AdminKeyRecord,
  AdminRevokeRefusal,
  AuditEventQuery,
  AuditEventRecord,
  AuditQuery,
  AuditRecord,
  ClientCredential,
  ClientFields,
  ClientKeyRecord,
  ClientKeyRotation,
  ClientRecord,
  DeploymentSettings,
  IssuedToken,
  IssuerVersion,
  KeyStateChange,
  KeyTransitionRecord,
  NewRun,
  RecordedDeployment,
  RunOutcomeName,
  RunQuery,
  RunRecord,
  SessionRecord,
  SigningKeyRecord,
} from './records.js';
import { validAfterRotation } from './records.js';
import type { SqliteAuditThread } from './sqlite-audit-thread.js';
import { SqliteFilter } from './sqlite-filter.js';
import { migrateSqlite } from './sqlite-migrations.js';
import type { KeyTransaction, RunRefusal, Store, TryLockResult } from './store.js';

export interface SqliteStoreOptions {
  /** Called on every backend failure (metrics). */
  onError?: (error: unknown) => void;
  /** Releases the data-directory lock. */
  onClose?: () => void;
  /** Longest an operation waits for an open key transaction before 503 `store_unavailable`. */
  timeoutMs: number;
  /**
   * Run after every write (and before one, after a failed write): throws when the filesystem
   * may have discarded the commit it just acknowledged (`commit-check.ts`). Closed with the store.
   */
  commitCheck?: { confirm(): void; close(): void };
  /** The token audit inserts, on a thread and connection of their own (`sqlite-audit-thread.ts`). */
  auditThread: Pick<SqliteAuditThread, 'insertBatch' | 'insertRun' | 'close'>;
}

type Row = Record<string, unknown>;

/**
 * The embedded store: SQLite (better-sqlite3) on the main thread, WAL with `synchronous=FULL`,
 * so a commit returns only after the WAL is fsynced (and the commit check confirms the
 * filesystem did not discard it). One connection, one process (the data
 * directory is locked). Statements run synchronously; the only asynchronous part is a key
 * transaction, whose callback may await — while it is open every other operation waits for it,
 * so nothing of another caller can land inside (or be rolled back with) it.
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #options: SqliteStoreOptions;
  readonly #changes = new EventEmitter();
  #statements: ReturnType<typeof prepare> | undefined;
  /** Needs no table, so it also answers before the migrations. */
  readonly #ping: Database.Statement;
  #closed = false;
  /** Settles when the open key transaction ends. */
  #inTransaction: Promise<void> | undefined;
  /** A write failed (disk full, read-only…): the readiness probe writes to learn it is back. */
  #writeFailing = false;

  constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.#db = db;
    this.#options = options;
    this.#ping = db.prepare('select 1');
  }

  /** Prepared on first use (after the migrations, which create the tables). */
  get #s(): ReturnType<typeof prepare> {
    this.#statements ??= prepare(this.#db);
    return this.#statements;
  }

  /** The connection, for tests that need to break the schema on purpose. */
  get database(): Database.Database {
    return this.#db;
  }

  /** Waits for an open key transaction (bounded), then runs `run` synchronously. */
  async #run<T>(run: () => T, write = false): Promise<T> {
    while (this.#inTransaction !== undefined) await this.#waitForTransaction();
    return this.#now(run, write);
  }

  #now<T>(run: () => T, write: boolean): T {
    if (this.#closed) {
      const error = new Error('the store is closed');
      this.#options.onError?.(error);
      throw storeUnavailable(error);
    }
    const check = write ? this.#options.commitCheck : undefined;
    try {
      // After a failed write, no write starts before the filesystem takes changes again: on an
      // aborted journal the next commit could restart the WAL over frames whose checkpoint the
      // journal discarded.
      if (this.#writeFailing) check?.confirm();
      const value = run();
      // A commit counts only if the filesystem still takes changes after its fsync returned.
      check?.confirm();
      if (write) this.#writeFailing = false;
      return value;
    } catch (error) {
      throw this.#convert(error, write);
    }
  }

  #convert(error: unknown, write: boolean): IssuerError {
    if (error instanceof IssuerError) return error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return new IssuerError('conflict', 'A record with the same unique value exists.', {
        cause: error,
      });
    }
    if (write) this.#writeFailing = true;
    this.#options.onError?.(error);
    return storeUnavailable(error);
  }

  async #waitForTransaction(): Promise<void> {
    const open = this.#inTransaction;
    if (open === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.#options.timeoutMs;
    try {
      await Promise.race([
        open,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`a key transaction held the store for over ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      this.#options.onError?.(error);
      throw storeUnavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async migrate(): Promise<string[]> {
    return this.#run(() => {
      this.#statements = undefined;
      return migrateSqlite(this.#db);
    }, true);
  }

  ping(): Promise<void> {
    return this.#run(() => {
      // After a failed write, only a write tells whether the disk is back (and fsync works).
      if (this.#writeFailing) this.#s.probe.run(Date.now());
      else this.#ping.get();
    }, this.#writeFailing);
  }

  readDeployment(): Promise<RecordedDeployment | undefined> {
    return this.#run(() => deploymentOf(this.#s.deployment.get() as Row | undefined));
  }

  recordDeployment(settings: DeploymentSettings, at: Date): Promise<RecordedDeployment> {
    return this.#run(() => {
      const s = this.#s;
      s.recordDeployment.run(
        settings.issuerUrl,
        settings.signingAlg,
        at.getTime(),
        settings.subjectNamespace,
        settings.claimNamespace,
      );
      s.fillDeployment.run(settings.subjectNamespace, settings.claimNamespace);
      return deploymentOf(s.deployment.get() as Row | undefined) as RecordedDeployment;
    }, true);
  }

  replaceDeployment(settings: DeploymentSettings, at: Date): Promise<RecordedDeployment> {
    return this.#run(() => {
      this.#s.replaceDeployment.run(
        settings.issuerUrl,
        settings.signingAlg,
        at.getTime(),
        settings.subjectNamespace,
        settings.claimNamespace,
      );
      return deploymentOf(this.#s.deployment.get() as Row | undefined) as RecordedDeployment;
    }, true);
  }

  async withKeyLock<T>(fn: (tx: KeyTransaction) => Promise<T>): Promise<T> {
    const result = await this.#keyTransaction(true, fn);
    if (!result.acquired) throw new Error('unreachable: a blocking lock is always acquired');
    return result.value;
  }

  tryKeyLock<T>(fn: (tx: KeyTransaction) => Promise<T>): Promise<TryLockResult<T>> {
    return this.#keyTransaction(false, fn);
  }

  async #keyTransaction<T>(
    wait: boolean,
    fn: (tx: KeyTransaction) => Promise<T>,
  ): Promise<TryLockResult<T>> {
    // No other replica can hold the lock (the data directory is locked to this process): a key
    // transaction of this process is waited for, as PostgreSQL queues same-replica work.
    while (this.#inTransaction !== undefined) await this.#waitForTransaction();
    // BEGIN IMMEDIATE takes SQLite's write lock now, not at the first write.
    try {
      this.#s.begin.run();
    } catch (error) {
      if (!wait && (error as { code?: unknown }).code === 'SQLITE_BUSY') return { acquired: false };
      throw this.#convert(error, true);
    }
    let settle: () => void = () => undefined;
    this.#inTransaction = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const changed = new Set<IssuerVersion>();
    try {
      let value: T;
      try {
        value = await fn(this.#keyTransactionOps(changed));
        this.#now(() => this.#s.commit.run(), true);
      } catch (error) {
        if (this.#db.inTransaction) {
          try {
            this.#s.rollback.run();
          } catch {
            // A failed rollback leaves SQLite to roll back on the next open; nothing was committed.
          }
        }
        throw this.#convert(error, false);
      }
      if (changed.size > 0) this.#changes.emit('changed');
      return { acquired: true, value };
    } finally {
      this.#inTransaction = undefined;
      settle();
    }
  }

  #keyTransactionOps(changed: Set<IssuerVersion>): KeyTransaction {
    const s = this.#s;
    return {
      listKeys: async (issuer) => (s.keysOfIssuer.all(issuer) as Row[]).map(toKey),
      insertKey: async (key) => {
        changed.add(key.issuer);
        s.insertKey.run(fromKey(key));
      },
      updateKey: async (id, change) => {
        const row = s.updateKey.get(fromChange(id, change)) as
          | { issuer: IssuerVersion }
          | undefined;
        if (row !== undefined) changed.add(row.issuer);
      },
      updateKeyEncryption: async (id, privateKeyEnc) => {
        s.updateKeyEncryption.run(privateKeyEnc, id);
      },
      insertEvents: async (events) => {
        for (const e of events) s.insertEvent.run(...eventValues(e));
      },
      recordTransition: async (t) => {
        changed.add(t.issuer);
        s.insertTransition.run(t.issuer, t.type, t.keyId, t.reason, t.replica, t.at.getTime());
      },
    };
  }

  onKeysChanged(listener: () => void): () => void {
    // One process owns the data directory: its own commits are the only changes.
    this.#changes.on('changed', listener);
    return () => {
      this.#changes.off('changed', listener);
    };
  }

  listTransitions(issuer?: IssuerVersion): Promise<KeyTransitionRecord[]> {
    return this.#run(() =>
      (
        (issuer === undefined
          ? this.#s.transitions.all()
          : this.#s.transitionsOfIssuer.all(issuer)) as Row[]
      ).map((r) => ({
        issuer: r.issuer as IssuerVersion,
        type: r.type as string,
        keyId: r.key_id as string | null,
        reason: r.reason as string,
        replica: r.replica as string,
        at: new Date(r.at as number),
      })),
    );
  }

  listKeys(): Promise<SigningKeyRecord[]> {
    return this.#run(() => (this.#s.keys.all() as Row[]).map(toKey));
  }

  insertClient(client: ClientFields, key: ClientKeyRecord): Promise<void> {
    return this.#run(() => this.#s.insertClient(client, key), true);
  }

  listClients(): Promise<ClientRecord[]> {
    return this.#run(() => {
      const keys = new Map<string, ClientKeyRecord[]>();
      for (const row of this.#s.allClientKeys.all() as Row[]) {
        const key = toClientKey(row);
        const list = keys.get(key.clientId);
        if (list === undefined) keys.set(key.clientId, [key]);
        else list.push(key);
      }
      return (this.#s.clients.all() as Row[]).map((r) => ({
        ...toClient(r),
        keys: keys.get(r.id as string) ?? [],
      }));
    });
  }

  getClient(id: string): Promise<ClientRecord | undefined> {
    return this.#run(() => this.#s.clientWithKeys(id));
  }

  getClientFields(id: string): Promise<ClientFields | undefined> {
    return this.#run(() => maybe(this.#s.clientById.get(id) as Row | undefined, toClient));
  }

  disableClient(id: string, at: Date): Promise<ClientRecord | undefined> {
    return this.#run(() => {
      if (this.#s.disableClient.run(at.getTime(), id).changes === 0) return undefined;
      return this.#s.clientWithKeys(id);
    }, true);
  }

  enableClient(id: string): Promise<{ client: ClientRecord; changed: boolean } | undefined> {
    return this.#run(() => this.#s.enableClient(id), true);
  }

  replaceClientGrants(
    id: string,
    grants: unknown[],
  ): Promise<{ previous: unknown[]; client: ClientRecord } | undefined> {
    return this.#run(() => this.#s.replaceGrants(id, JSON.stringify(grants)), true);
  }

  rotateClientKey(
    rotation: ClientKeyRotation,
  ): Promise<ClientRecord | 'not_found' | 'too_many_keys'> {
    return this.#run(() => this.#s.rotateKey(rotation), true);
  }

  revokeClientKey(clientId: string, keyId: string, at: Date): Promise<ClientRecord | undefined> {
    return this.#run(() => {
      if (this.#s.revokeKey.run(at.getTime(), keyId, clientId).changes === 0) return undefined;
      return this.#s.clientWithKeys(clientId);
    }, true);
  }

  findClientByKeyHash(hash: string): Promise<ClientCredential | undefined> {
    return this.#run(() => {
      const row = this.#s.clientByKeyHash.get(hash) as Row | undefined;
      if (row === undefined) return undefined;
      return {
        client: toClient(row),
        key: {
          id: row.key_id as string,
          clientId: row.id as string,
          keyHash: row.key_hash as string,
          createdAt: new Date(row.key_created_at as number),
          expiresAt: date(row.expires_at),
          revokedAt: date(row.revoked_at),
        },
      };
    });
  }

  putAdminKey(key: AdminKeyRecord): Promise<void> {
    return this.#run(() => {
      this.#s.putAdmin.run(fromAdmin(key));
    }, true);
  }

  insertAdminKey(key: AdminKeyRecord): Promise<void> {
    return this.#run(() => {
      this.#s.insertAdmin.run(fromAdmin(key));
    }, true);
  }

  listAdminKeys(): Promise<AdminKeyRecord[]> {
    return this.#run(() => (this.#s.admins.all() as Row[]).map(toAdmin));
  }

  getAdminKey(id: string): Promise<AdminKeyRecord | undefined> {
    return this.#run(() => maybe(this.#s.adminById.get(id) as Row | undefined, toAdmin));
  }

  findAdminKeyByHash(hash: string): Promise<AdminKeyRecord | undefined> {
    return this.#run(() => maybe(this.#s.adminByHash.get(hash) as Row | undefined, toAdmin));
  }

  countAdminKeys(at: Date): Promise<number> {
    return this.#run(() => (this.#s.countAdmins.get(at.getTime()) as { n: number }).n);
  }

  revokeAdminKey(id: string, at: Date): Promise<AdminKeyRecord | AdminRevokeRefusal> {
    // One connection: the transaction alone makes the check and the revoke one step.
    return this.#run(
      () =>
        this.#db
          .transaction((): AdminKeyRecord | AdminRevokeRefusal => {
            const row = this.#s.adminById.get(id) as Row | undefined;
            if (row === undefined) return 'not_found';
            const key = toAdmin(row);
            if (key.revokedAt !== null) return key;
            const active = key.expiresAt === null || key.expiresAt.getTime() > at.getTime();
            if (key.role === 'admin' && active) {
              const { n } = this.#s.countAdmins.get(at.getTime()) as { n: number };
              if (n <= 1) return 'last_admin';
            }
            const revoked = toAdmin(this.#s.revokeAdmin.get(at.getTime(), id) as Row);
            // Its console sessions end with it.
            this.#s.deleteSessionsOfKey.run(revoked.keyHash);
            return revoked;
          })
          .immediate(),
      true,
    );
  }

  touchAdminKey(id: string, at: Date, since: Date): Promise<void> {
    return this.#run(() => {
      this.#s.touchAdmin.run(at.getTime(), id, since.getTime());
    }, true);
  }

  insertSession(session: SessionRecord): Promise<void> {
    return this.#run(() => {
      this.#s.insertSession.run(
        session.idHash,
        session.adminKeyHash,
        session.adminName,
        session.createdAt.getTime(),
        session.lastSeenAt.getTime(),
        session.expiresAt.getTime(),
      );
    }, true);
  }

  findSession(idHash: string): Promise<SessionRecord | undefined> {
    return this.#run(() =>
      maybe(this.#s.sessionById.get(idHash) as Row | undefined, (r) => ({
        idHash: r.id_hash as string,
        adminKeyHash: r.admin_key_hash as string,
        adminName: r.admin_name as string,
        createdAt: new Date(r.created_at as number),
        lastSeenAt: new Date(r.last_seen_at as number),
        expiresAt: new Date(r.expires_at as number),
      })),
    );
  }

  touchSession(idHash: string, at: Date): Promise<void> {
    return this.#run(() => {
      this.#s.touchSession.run(at.getTime(), idHash);
    }, true);
  }

  deleteSession(idHash: string): Promise<boolean> {
    return this.#run(() => this.#s.deleteSession.run(idHash).changes > 0, true);
  }

  deleteExpiredSessions(at: Date): Promise<number> {
    return this.#run(() => this.#s.deleteExpiredSessions.run(at.getTime()).changes, true);
  }

  /**
   * One transaction per batch (one WAL fsync), on the audit thread: the event loop neither runs
   * the inserts nor waits for the fsync. All or none.
   */
  insertAudit(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return this.#run(() => undefined);
    return this.#onAuditThread((thread) => thread.insertBatch(records));
  }

  /** A write on the audit thread, refused after close and converted like every other write. */
  async #onAuditThread<T>(write: (thread: SqliteStoreOptions['auditThread']) => Promise<T>) {
    if (this.#closed) return this.#now(() => undefined as T, true);
    try {
      const value = await write(this.#options.auditThread);
      this.#writeFailing = false;
      return value;
    } catch (error) {
      throw this.#convert(error, true);
    }
  }

  queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.#run(() => {
      const f = new SqliteFilter();
      if (query.jti !== undefined) f.add('jti = ?', query.jti);
      if (query.sub !== undefined) f.add('sub = ?', query.sub);
      if (query.clientId !== undefined) f.add('client_id = ?', query.clientId);
      if (query.kind !== undefined) f.add('kind = ?', query.kind);
      if (query.runId === null) f.add('run_id is null');
      else if (query.runId !== undefined) f.add('run_id = ?', query.runId);
      if (query.since !== undefined) f.add('iat >= ?', query.since.getTime());
      if (query.until !== undefined) f.add('iat < ?', query.until.getTime());
      const asc = query.order === 'asc';
      if (query.after !== undefined) {
        f.after('iat', 'jti', { at: query.after.iat.getTime(), id: query.after.jti }, asc);
      }
      const { text, params } = f.select(
        'audit_tokens',
        { time: 'iat', id: 'jti', asc },
        query.limit,
      );
      return (this.#db.prepare(text).all(...params) as Row[]).map(toAudit);
    });
  }

  findIssuedToken(jti: string): Promise<IssuedToken | undefined> {
    return this.#run(() => {
      const row = this.#s.issuedToken.get(jti) as Row | undefined;
      if (row === undefined) return undefined;
      const record = toAudit(row);
      const run =
        row.run_state === null || row.run_state === undefined
          ? undefined
          : {
              id: row.run_id as string,
              state: row.run_state as RunRecord['state'],
              deadline: new Date(row.run_deadline as number),
            };
      return { record, run };
    });
  }

  insertEvents(events: readonly AuditEventRecord[]): Promise<void> {
    if (events.length === 0) return this.#run(() => undefined);
    return this.#run(() => this.#s.insertEventBatch.immediate(events), true);
  }

  queryEvents(query: AuditEventQuery): Promise<AuditEventRecord[]> {
    return this.#run(() => {
      const f = new SqliteFilter();
      const asc = query.order === 'asc';
      if (query.types !== undefined) {
        if (query.types.length === 0) return [];
        f.add(`type in (${query.types.map(() => '?').join(', ')})`, ...query.types);
      }
      if (query.actorId !== undefined) f.add('actor_id = ?', query.actorId);
      if (query.targetId !== undefined) f.add('target_id = ?', query.targetId);
      if (query.since !== undefined) f.add('at >= ?', query.since.getTime());
      if (query.until !== undefined) f.add('at < ?', query.until.getTime());
      if (query.after !== undefined) {
        f.after('at', 'id', { at: query.after.at.getTime(), id: query.after.id }, asc);
      }
      const { text, params } = f.select('audit_events', { time: 'at', id: 'id', asc }, query.limit);
      return (this.#db.prepare(text).all(...params) as Row[]).map(toEvent);
    });
  }

  /** One short DELETE per batch: the main thread is held only for that batch. */
  purgeEvents(before: Date, limit: number): Promise<number> {
    return this.#run(() => this.#s.purgeEvents.run(before.getTime(), limit).changes, true);
  }

  purgeTokens(expiredBefore: Date, limit: number): Promise<number> {
    return this.#run(() => this.#s.purgeTokens.run(expiredBefore.getTime(), limit).changes, true);
  }

  /** One process, one connection: the IMMEDIATE transaction makes the number assignment atomic. */
  insertRun(run: NewRun): Promise<RunRecord> {
    return this.#run(() => this.#s.insertRun.immediate(run), true);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#run(() => maybe(this.#s.runById.get(id) as Row | undefined, toRun));
  }

  findRunByCredentialHash(hash: string): Promise<RunRecord | undefined> {
    return this.#run(() => maybe(this.#s.runByHash.get(hash) as Row | undefined, toRun));
  }

  queryRuns(query: RunQuery): Promise<RunRecord[]> {
    return this.#run(() => {
      const f = new SqliteFilter();
      const now = query.now.getTime();
      if (query.state === 'running') f.add("state = 'running' and deadline > ?", now);
      else if (query.state === 'expired')
        f.add("(state = 'expired' or (state = 'running' and deadline <= ?))", now);
      else if (query.state !== undefined) f.add('state = ?', query.state);
      if (query.org !== undefined) f.add('org = ?', query.org);
      if (query.project !== undefined) f.add('project = ?', query.project);
      if (query.stack !== undefined) f.add('stack = ?', query.stack);
      if (query.after !== undefined) {
        const position = { at: query.after.createdAt.getTime(), id: query.after.id };
        f.after('created_at', 'id', position, false);
      }
      const order = { time: 'created_at', id: 'id', asc: false };
      const { text, params } = f.select('runs', order, query.limit);
      return (this.#db.prepare(text).all(...params) as Row[]).map(toRun);
    });
  }

  finishRun(id: string, outcome: RunOutcomeName, at: Date): Promise<RunRecord | RunRefusal> {
    return this.#run(() => {
      const row = this.#s.finishRun.get(outcome, at.getTime(), id, at.getTime()) as Row | undefined;
      if (row !== undefined) return toRun(row);
      return this.#s.runById.get(id) === undefined ? 'not_found' : 'ended';
    }, true);
  }

  revokeRun(id: string, at: Date): Promise<RunRecord | undefined> {
    const t = at.getTime();
    return this.#run(() => maybe(this.#s.revokeRun.get(t, t, id) as Row | undefined, toRun), true);
  }

  insertRunAudit(runId: string, record: AuditRecord, at: Date): Promise<RunRefusal | undefined> {
    return this.#onAuditThread((thread) => thread.insertRun(runId, record, at));
  }

  countAudit(): Promise<number> {
    return this.#run(() => (this.#s.countAudit.get() as { n: number }).n);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Let an open key transaction finish (bounded) rather than cut it.
    await this.#waitForTransaction().catch(() => undefined);
    this.#closed = true;
    this.#changes.removeAllListeners();
    try {
      // The audit writes in flight finish (their tokens are waiting for them), then its connection.
      await this.#options.auditThread
        .close()
        .catch((error: unknown) => this.#options.onError?.(error));
      this.#db.close();
    } finally {
      try {
        this.#options.commitCheck?.close();
      } catch {
        // Its fd only: nothing of the store's is lost.
      }
      this.#options.onClose?.();
    }
  }
}

/** Every statement of the hot and the admin paths, prepared once. */
function prepare(db: Database.Database) {
  const insertEvent = db.prepare(
    `insert into audit_events (id, at, type, actor_type, actor_id, actor_name, target_type, target_id,
       request_id, source, outcome, reason, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const runById = db.prepare('select * from runs where id = ?');
  const nextDeployment = db.prepare(
    `insert into run_sequences (org, project, stack, last) values (@org, @project, @stack, coalesce(@explicit, 1))
     on conflict (org, project, stack) do update set last =
       case when @explicit is null then last + 1 else max(last, @explicit) end
     returning last`,
  );
  const insertRun = db.prepare(
    `insert into runs (id, client_id, credential_hash, kind, identity, org, project, stack, deployment,
       platforms, audiences, state, created_at, deadline, ended_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, null) returning *`,
  );
  const clientColumns = 'id, name, grants, disabled, created_at, disabled_at';
  const insertClient = db.prepare(
    `insert into api_clients (${clientColumns}) values (?, ?, ?, ?, ?, ?)`,
  );
  const insertClientKey = db.prepare(
    'insert into client_keys (id, client_id, key_hash, created_at, expires_at) values (?, ?, ?, ?, ?)',
  );
  const clientById = db.prepare(`select ${clientColumns} from api_clients where id = ?`);
  const keysOfClient = db.prepare(
    'select * from client_keys where client_id = ? order by created_at desc, id desc',
  );
  const countValidKeys = db.prepare(
    'select count(*) as n from client_keys where client_id = ? and revoked_at is null and (expires_at is null or expires_at > ?)',
  );
  const expireValidKeys = db.prepare(
    `update client_keys set expires_at = min(coalesce(expires_at, @until), @until)
     where client_id = @client and revoked_at is null and (expires_at is null or expires_at > @at)`,
  );
  const enableClient = db.prepare(
    'update api_clients set disabled = 0, disabled_at = null where id = ?',
  );
  const updateGrants = db.prepare('update api_clients set grants = ? where id = ?');
  const allClientKeys = db.prepare('select * from client_keys order by created_at desc, id desc');
  const clientWithKeys = (id: string): ClientRecord | undefined => {
    const row = clientById.get(id) as Row | undefined;
    if (row === undefined) return undefined;
    return { ...toClient(row), keys: (keysOfClient.all(id) as Row[]).map(toClientKey) };
  };
  const adminColumns =
    'id, name, key_hash, role, created_at, expires_at, last_used_at, disabled_at';
  const adminValues =
    '@id, @name, @key_hash, @role, @created_at, @expires_at, @last_used_at, @disabled_at';
  return {
    probe: db.prepare('update runid_health set at = ? where id = 1'),
    begin: db.prepare('begin immediate'),
    commit: db.prepare('commit'),
    rollback: db.prepare('rollback'),
    keys: db.prepare('select * from signing_keys order by created_at desc, id desc'),
    keysOfIssuer: db.prepare(
      'select * from signing_keys where issuer = ? order by created_at asc, id asc',
    ),
    insertKey: db.prepare(
      `insert into signing_keys (id, issuer, kid, alg, state, public_jwk, private_key_enc, created_at,
         not_before, activated_at, retired_at, removed_at, publish_until, published_at, activation, compromised)
       values (@id, @issuer, @kid, @alg, @state, @public_jwk, @private_key_enc, @created_at,
         @not_before, @activated_at, @retired_at, @removed_at, @publish_until, @published_at, @activation, @compromised)`,
    ),
    // A field left out of a change keeps its value (@has_x = 0).
    updateKey: db.prepare(
      `update signing_keys set state = @state,
         activated_at = case when @has_activated_at then @activated_at else activated_at end,
         retired_at = case when @has_retired_at then @retired_at else retired_at end,
         removed_at = case when @has_removed_at then @removed_at else removed_at end,
         publish_until = case when @has_publish_until then @publish_until else publish_until end,
         published_at = case when @has_published_at then @published_at else published_at end,
         activation = case when @has_activation then @activation else activation end,
         compromised = case when @has_compromised then @compromised else compromised end
       where id = @id returning issuer`,
    ),
    insertTransition: db.prepare(
      'insert into key_transitions (issuer, type, key_id, reason, replica, at) values (?, ?, ?, ?, ?, ?)',
    ),
    transitions: db.prepare('select * from key_transitions order by seq asc'),
    transitionsOfIssuer: db.prepare(
      'select * from key_transitions where issuer = ? order by seq asc',
    ),
    clients: db.prepare(`select ${clientColumns} from api_clients order by created_at asc, id asc`),
    allClientKeys: allClientKeys,
    clientById,
    clientWithKeys,
    insertClient: db.transaction((client: ClientFields, key: ClientKeyRecord) => {
      insertClient.run(
        client.id,
        client.name,
        JSON.stringify(client.grants),
        client.disabled ? 1 : 0,
        client.createdAt.getTime(),
        time(client.disabledAt),
      );
      insertClientKey.run(
        key.id,
        key.clientId,
        key.keyHash,
        key.createdAt.getTime(),
        time(key.expiresAt),
      );
    }),
    clientByKeyHash: db.prepare(
      `select c.id, c.name, c.grants, c.disabled, c.created_at, c.disabled_at, k.id as key_id,
         k.key_hash, k.created_at as key_created_at, k.expires_at, k.revoked_at
       from client_keys k join api_clients c on c.id = k.client_id where k.key_hash = ?`,
    ),
    // Idempotent: the first disable time is kept.
    disableClient: db.prepare(
      'update api_clients set disabled = 1, disabled_at = coalesce(disabled_at, ?) where id = ?',
    ),
    enableClient: db.transaction((id: string) => {
      const before = clientById.get(id) as Row | undefined;
      if (before === undefined) return undefined;
      enableClient.run(id);
      return { client: clientWithKeys(id) as ClientRecord, changed: before.disabled === 1 };
    }),
    replaceGrants: db.transaction((id: string, grants: string) => {
      const before = clientById.get(id) as Row | undefined;
      if (before === undefined) return undefined;
      updateGrants.run(grants, id);
      return {
        previous: JSON.parse(before.grants as string) as unknown[],
        client: clientWithKeys(id) as ClientRecord,
      };
    }),
    rotateKey: db.transaction(
      (r: ClientKeyRotation): ClientRecord | 'not_found' | 'too_many_keys' => {
        if (clientById.get(r.clientId) === undefined) return 'not_found';
        const at = r.at.getTime();
        const valid = (countValidKeys.get(r.clientId, at) as { n: number }).n;
        if (validAfterRotation(valid, r) > r.maxValidKeys) return 'too_many_keys';
        expireValidKeys.run({ until: r.oldKeysExpireAt.getTime(), client: r.clientId, at });
        const k = r.key;
        insertClientKey.run(k.id, k.clientId, k.keyHash, k.createdAt.getTime(), time(k.expiresAt));
        return clientWithKeys(r.clientId) as ClientRecord;
      },
    ),
    // Idempotent: the first revocation time is kept.
    revokeKey: db.prepare(
      'update client_keys set revoked_at = coalesce(revoked_at, ?) where id = ? and client_id = ?',
    ),
    putAdmin: db.prepare(
      `insert into admin_keys (${adminColumns}) values (${adminValues})
       on conflict (name) where disabled_at is null do update set key_hash = excluded.key_hash,
         role = excluded.role, created_at = excluded.created_at, expires_at = excluded.expires_at,
         last_used_at = null`,
    ),
    insertAdmin: db.prepare(`insert into admin_keys (${adminColumns}) values (${adminValues})`),
    admins: db.prepare(`select ${adminColumns} from admin_keys order by created_at asc, id asc`),
    adminById: db.prepare(`select ${adminColumns} from admin_keys where id = ?`),
    adminByHash: db.prepare(`select ${adminColumns} from admin_keys where key_hash = ?`),
    countAdmins: db.prepare(
      `select count(*) as n from admin_keys where role = 'admin' and disabled_at is null
         and (expires_at is null or expires_at > ?)`,
    ),
    revokeAdmin: db.prepare(
      `update admin_keys set disabled_at = coalesce(disabled_at, ?) where id = ? returning ${adminColumns}`,
    ),
    touchAdmin: db.prepare(
      'update admin_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at <= ?)',
    ),
    countAudit: db.prepare('select count(*) as n from audit_tokens'),
    purgeEvents: db.prepare(
      'delete from audit_events where rowid in (select rowid from audit_events where at < ? order by at limit ?)',
    ),
    purgeTokens: db.prepare(
      'delete from audit_tokens where rowid in (select rowid from audit_tokens where exp < ? order by exp limit ?)',
    ),
    // By the primary key; the run by its primary key.
    issuedToken: db.prepare(
      'select a.*, r.state as run_state, r.deadline as run_deadline from audit_tokens a left join runs r on r.id = a.run_id where a.jti = ?',
    ),
    deployment: db.prepare('select * from deployment_settings where id = 1'),
    updateKeyEncryption: db.prepare('update signing_keys set private_key_enc = ? where id = ?'),
    recordDeployment: db.prepare(
      'insert into deployment_settings (id, issuer_url, signing_alg, recorded_at, subject_namespace, claim_namespace) values (1, ?, ?, ?, ?, ?) on conflict (id) do nothing',
    ),
    fillDeployment: db.prepare(
      'update deployment_settings set subject_namespace = coalesce(subject_namespace, ?), claim_namespace = coalesce(claim_namespace, ?) where id = 1',
    ),
    replaceDeployment: db.prepare(
      'insert into deployment_settings (id, issuer_url, signing_alg, recorded_at, subject_namespace, claim_namespace) values (1, ?, ?, ?, ?, ?) on conflict (id) do update set issuer_url = excluded.issuer_url, signing_alg = excluded.signing_alg, recorded_at = excluded.recorded_at, subject_namespace = excluded.subject_namespace, claim_namespace = excluded.claim_namespace',
    ),
    insertSession: db.prepare(
      'insert into admin_sessions (id_hash, admin_key_hash, admin_name, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?, ?)',
    ),
    sessionById: db.prepare('select * from admin_sessions where id_hash = ?'),
    // Never moves backwards (two requests of one session may finish out of order).
    touchSession: db.prepare(
      'update admin_sessions set last_seen_at = max(last_seen_at, ?) where id_hash = ?',
    ),
    deleteSession: db.prepare('delete from admin_sessions where id_hash = ?'),
    deleteSessionsOfKey: db.prepare('delete from admin_sessions where admin_key_hash = ?'),
    deleteExpiredSessions: db.prepare('delete from admin_sessions where expires_at < ?'),
    runById,
    runByHash: db.prepare('select * from runs where credential_hash = ?'),
    finishRun: db.prepare(
      "update runs set state = ?, ended_at = ? where id = ? and state = 'running' and deadline > ? returning *",
    ),
    // A run that ended by its deadline ended then; an open one ends now.
    revokeRun: db.prepare(
      "update runs set state = 'revoked', ended_at = coalesce(ended_at, case when deadline <= ? then deadline else ? end) where id = ? returning *",
    ),
    insertRun: db.transaction((run: NewRun): RunRecord => {
      let deployment = run.deployment;
      if (run.kind === 'deployment') {
        const row = nextDeployment.get({
          org: run.org,
          project: run.project,
          stack: run.stack,
          explicit: deployment,
        }) as { last: number };
        deployment ??= row.last;
      }
      const identity = run.kind === 'deployment' ? { ...run.identity, deployment } : run.identity;
      return toRun(
        insertRun.get(
          run.id,
          run.clientId,
          run.credentialHash,
          run.kind,
          JSON.stringify(identity),
          run.org,
          run.project,
          run.stack,
          deployment,
          run.platforms === null ? null : JSON.stringify(run.platforms),
          run.audiences === null ? null : JSON.stringify(run.audiences),
          run.createdAt.getTime(),
          run.deadline.getTime(),
        ) as Row,
      );
    }),
    insertEvent,
    insertEventBatch: db.transaction((events: readonly AuditEventRecord[]) => {
      for (const e of events) insertEvent.run(...eventValues(e));
    }),
  };
}

function time(value: Date | null): number | null {
  return value === null ? null : value.getTime();
}

function date(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as number);
}

function maybe<T>(row: Row | undefined, map: (row: Row) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}

function fromKey(key: SigningKeyRecord): Row {
  return {
    id: key.id,
    issuer: key.issuer,
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    public_jwk: key.publicJwk,
    private_key_enc: key.privateKeyEnc,
    created_at: key.createdAt.getTime(),
    not_before: time(key.notBefore),
    activated_at: time(key.activatedAt),
    retired_at: time(key.retiredAt),
    removed_at: time(key.removedAt),
    publish_until: time(key.publishUntil),
    published_at: time(key.publishedAt),
    activation: key.activation,
    compromised: key.compromised ? 1 : 0,
  };
}

function fromChange(id: string, change: KeyStateChange): Row {
  const field = (name: string, value: Date | null | undefined) => ({
    [`has_${name}`]: value === undefined ? 0 : 1,
    [name]: value === undefined ? null : time(value),
  });
  return {
    id,
    state: change.state,
    ...field('activated_at', change.activatedAt),
    ...field('retired_at', change.retiredAt),
    ...field('removed_at', change.removedAt),
    ...field('publish_until', change.publishUntil),
    ...field('published_at', change.publishedAt),
    has_activation: change.activation === undefined ? 0 : 1,
    activation: change.activation ?? null,
    has_compromised: change.compromised === undefined ? 0 : 1,
    compromised: change.compromised ? 1 : 0,
  };
}

function toKey(r: Row): SigningKeyRecord {
  return {
    id: r.id as string,
    issuer: r.issuer as IssuerVersion,
    kid: r.kid as string,
    alg: r.alg as SigningKeyRecord['alg'],
    state: r.state as SigningKeyRecord['state'],
    publicJwk: r.public_jwk as string,
    privateKeyEnc: r.private_key_enc as string,
    createdAt: new Date(r.created_at as number),
    notBefore: date(r.not_before),
    activatedAt: date(r.activated_at),
    retiredAt: date(r.retired_at),
    removedAt: date(r.removed_at),
    publishUntil: date(r.publish_until),
    publishedAt: date(r.published_at),
    activation: r.activation as SigningKeyRecord['activation'],
    compromised: r.compromised === 1,
  };
}

function toAudit(r: Row): AuditRecord {
  return {
    jti: r.jti as string,
    kind: r.kind as AuditRecord['kind'],
    iss: r.iss as string,
    sub: r.sub as string,
    aud: r.aud as string,
    clientId: r.client_id as string,
    kid: r.kid as string,
    iat: new Date(r.iat as number),
    exp: new Date(r.exp as number),
    ...(r.run_id !== null && r.run_id !== undefined && { runId: r.run_id as string }),
    ...(typeof r.request_id === 'string' && { requestId: r.request_id }),
    ...(typeof r.source === 'string' && { source: r.source }),
  };
}

function toRun(r: Row): RunRecord {
  return {
    id: r.id as string,
    clientId: r.client_id as string,
    credentialHash: r.credential_hash as string,
    kind: r.kind as RunRecord['kind'],
    identity: JSON.parse(r.identity as string) as Record<string, unknown>,
    org: r.org as string,
    project: r.project as string | null,
    stack: r.stack as string | null,
    deployment: r.deployment as number | null,
    platforms: r.platforms === null ? null : (JSON.parse(r.platforms as string) as string[]),
    audiences: r.audiences === null ? null : (JSON.parse(r.audiences as string) as string[]),
    state: r.state as RunRecord['state'],
    createdAt: new Date(r.created_at as number),
    deadline: new Date(r.deadline as number),
    endedAt: date(r.ended_at),
  };
}

function fromAdmin(key: AdminKeyRecord): Row {
  return {
    id: key.id,
    name: key.name,
    key_hash: key.keyHash,
    role: key.role,
    created_at: key.createdAt.getTime(),
    expires_at: time(key.expiresAt),
    last_used_at: time(key.lastUsedAt),
    disabled_at: time(key.revokedAt),
  };
}

function toAdmin(r: Row): AdminKeyRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    keyHash: r.key_hash as string,
    role: r.role as AdminKeyRecord['role'],
    createdAt: new Date(r.created_at as number),
    expiresAt: date(r.expires_at),
    lastUsedAt: date(r.last_used_at),
    revokedAt: date(r.disabled_at),
  };
}

function toClientKey(r: Row): ClientKeyRecord {
  return {
    id: r.id as string,
    clientId: r.client_id as string,
    keyHash: r.key_hash as string,
    createdAt: new Date(r.created_at as number),
    expiresAt: date(r.expires_at),
    revokedAt: date(r.revoked_at),
  };
}

function toClient(r: Row): ClientFields {
  return {
    id: r.id as string,
    name: r.name as string,
    grants: JSON.parse(r.grants as string) as unknown[],
    disabled: r.disabled === 1,
    createdAt: new Date(r.created_at as number),
    disabledAt: date(r.disabled_at),
  };
}

function deploymentOf(row: Row | undefined): RecordedDeployment | undefined {
  if (row === undefined) return undefined;
  return {
    issuerUrl: row.issuer_url as string,
    signingAlg: row.signing_alg as RecordedDeployment['signingAlg'],
    subjectNamespace: row.subject_namespace as string,
    claimNamespace: row.claim_namespace as string,
    recordedAt: new Date(row.recorded_at as number),
  };
}

function eventValues(e: AuditEventRecord): unknown[] {
  return [
    e.id,
    e.at.getTime(),
    e.type,
    e.actorType,
    e.actorId,
    e.actorName,
    e.targetType,
    e.targetId,
    e.requestId,
    e.source,
    e.outcome,
    e.reason,
    JSON.stringify(e.detail),
  ];
}

function toEvent(r: Row): AuditEventRecord {
  return {
    id: r.id as string,
    at: new Date(r.at as number),
    type: r.type as AuditEventRecord['type'],
    actorType: r.actor_type as AuditEventRecord['actorType'],
    actorId: r.actor_id as string,
    actorName: r.actor_name as string | null,
    targetType: r.target_type as string | null,
    targetId: r.target_id as string | null,
    requestId: r.request_id as string | null,
    source: r.source as string | null,
    outcome: r.outcome as AuditEventRecord['outcome'],
    reason: r.reason as string | null,
    detail: JSON.parse(r.detail as string) as AuditEventRecord['detail'],
  };
}
