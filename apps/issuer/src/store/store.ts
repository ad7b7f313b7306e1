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

/** Why a run could not mint or be finished: absent, or ended (finished, expired or revoked). */
export type RunRefusal = 'not_found' | 'ended';

/** The key operations that must run under the key lock, in one transaction. */
export interface KeyTransaction {
  listKeys(issuer: IssuerVersion): Promise<SigningKeyRecord[]>;
  insertKey(key: SigningKeyRecord): Promise<void>;
  updateKey(id: string, change: KeyStateChange): Promise<void>;
  /** Replaces a key's sealed private key (re-encryption under a new KEK); nothing else changes. */
  updateKeyEncryption(id: string, privateKeyEnc: string): Promise<void>;
  /** Logs a committed transition; also tells every replica the key set changed (on commit). */
  recordTransition(transition: KeyTransitionRecord): Promise<void>;
  /** The audit events of the transitions: committed with them, or rolled back with them. */
  insertEvents(events: readonly AuditEventRecord[]): Promise<void>;
}

export type TryLockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * The store port. Two implementations — SQLite (embedded, `sqlite-store.ts`) and PostgreSQL
 * (Kysely, `kysely-store.ts`) — and one conformance suite. Failures of the backend surface as
 * `IssuerError('store_unavailable')`, unique violations as `IssuerError('conflict')`.
 */
export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  /** Brings the schema up to date; returns the names of the migrations applied. */
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  /** The recorded deployment settings, or undefined before the first start recorded them. */
  readDeployment(): Promise<RecordedDeployment | undefined>;
  /**
   * Records `settings` when none are recorded yet (the first writer wins across replicas) and
   * returns what the store holds, which the caller compares with its own configuration. A value
   * recorded by an earlier version that did not record it yet is filled in from `settings`.
   */
  recordDeployment(settings: DeploymentSettings, at: Date): Promise<RecordedDeployment>;
  /** Replaces the recorded settings (an operator's deliberate change). */
  replaceDeployment(settings: DeploymentSettings, at: Date): Promise<RecordedDeployment>;
  /** Runs `fn` in one transaction holding the issuer-wide key lock (one writer across replicas). */
  withKeyLock<T>(fn: (tx: KeyTransaction) => Promise<T>): Promise<T>;
  /**
   * Like `withKeyLock`, but gives up at once when another replica holds the lock (PostgreSQL:
   * `pg_try_advisory_xact_lock`). SQLite has one process: it waits for this process's own
   * transaction, like PostgreSQL queues work of the same replica).
   */
  tryKeyLock<T>(fn: (tx: KeyTransaction) => Promise<T>): Promise<TryLockResult<T>>;
  /**
   * Calls `listener` after any replica commits a key change (PostgreSQL LISTEN/NOTIFY; in-process
   * for this store's own commits). Best effort: readers also poll. Returns an unsubscribe.
   */
  onKeysChanged(listener: () => void): () => void;
  listTransitions(issuer?: IssuerVersion): Promise<KeyTransitionRecord[]>;
  listKeys(): Promise<SigningKeyRecord[]>;

  /** Creates the client with its first key, in one transaction. A taken name is `conflict`. */
  insertClient(client: ClientFields, key: ClientKeyRecord): Promise<void>;
  listClients(): Promise<ClientRecord[]>;
  getClient(id: string): Promise<ClientRecord | undefined>;
  /** The client without its keys: one read (a run's mint checks its creator's grants with it). */
  getClientFields(id: string): Promise<ClientFields | undefined>;
  disableClient(id: string, at: Date): Promise<ClientRecord | undefined>;
  /** Clears `disabled`; `changed` is false when it was enabled already. */
  enableClient(id: string): Promise<{ client: ClientRecord; changed: boolean } | undefined>;
  /** Replaces the grants; answers the grants before and the client after. */
  replaceClientGrants(
    id: string,
    grants: unknown[],
  ): Promise<{ previous: unknown[]; client: ClientRecord } | undefined>;
  /** One transaction (PostgreSQL: under the client's row lock, so two rotations queue). */
  rotateClientKey(
    rotation: ClientKeyRotation,
  ): Promise<ClientRecord | 'not_found' | 'too_many_keys'>;
  /** Sets `revokedAt` (the first one is kept). Undefined: no such client, or not its key. */
  revokeClientKey(clientId: string, keyId: string, at: Date): Promise<ClientRecord | undefined>;
  /**
   * The key with this hash and its client, whatever their state (the caller checks). Read per
   * request by the authenticator: PostgreSQL serves it from a cache bounded by NOTIFY and
   * `CREDENTIALS_CACHE_MS`; every client or key change notifies.
   */
  findClientByKeyHash(hash: string): Promise<ClientCredential | undefined>;

  /**
   * Creates the admin credential, or replaces the key, role and expiry of the one not revoked
   * with this name (the bootstrap key from the environment).
   */
  putAdminKey(key: AdminKeyRecord): Promise<void>;
  /** A new admin credential; a name taken by one that is not revoked is `conflict`. */
  insertAdminKey(key: AdminKeyRecord): Promise<void>;
  /** Every admin credential, revoked ones too, oldest first. */
  listAdminKeys(): Promise<AdminKeyRecord[]>;
  getAdminKey(id: string): Promise<AdminKeyRecord | undefined>;
  /**
   * Read per request by the authenticator. PostgreSQL serves it from a cache that a revoke
   * clears on every replica through NOTIFY, bounded by `CREDENTIALS_CACHE_MS` (1 s) otherwise.
   */
  findAdminKeyByHash(hash: string): Promise<AdminKeyRecord | undefined>;
  /** The `admin`-role credentials neither revoked nor expired at `at`. */
  countAdminKeys(at: Date): Promise<number>;
  /**
   * Revokes a credential at `at` and deletes its console sessions, in one transaction
   * (idempotent: a revoked one is answered unchanged), refusing the last `admin`-role credential
   * active at `at`. Serialised across replicas (PostgreSQL: an
   * advisory transaction lock), so two revokes at once cannot both take the last two.
   */
  revokeAdminKey(id: string, at: Date): Promise<AdminKeyRecord | AdminRevokeRefusal>;
  /**
   * Records a use at `at` unless the stored one is after `since` already (another replica
   * wrote it): one conditional UPDATE, no notification, no cache invalidation.
   */
  touchAdminKey(id: string, at: Date, since: Date): Promise<void>;

  /**
   * Console sessions, by the hash of their id. Never cached: a sign-out on one replica is seen
   * by the next request on any other.
   */
  insertSession(session: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | undefined>;
  touchSession(idHash: string, at: Date): Promise<void>;
  /** Ends a session; true when it existed. */
  deleteSession(idHash: string): Promise<boolean>;
  /** Drops the sessions whose absolute timeout is before `at`; returns how many. */
  deleteExpiredSessions(at: Date): Promise<number>;

  /** Writes audit records in one transaction: all or none. Returns once they are durable. */
  insertAudit(records: readonly AuditRecord[]): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /**
   * The audit record of one token by its jti (the primary key) with its run's state, in one
   * read; undefined when no token has this jti.
   */
  findIssuedToken(jti: string): Promise<IssuedToken | undefined>;
  countAudit(): Promise<number>;

  /**
   * Appends audit events in one transaction: all or none (an id used twice is `conflict`).
   * Returns once they are durable. Callers go through `AuditEvents` (src/audit/events.ts).
   */
  insertEvents(events: readonly AuditEventRecord[]): Promise<void>;
  /** Ordered by (at, id), newest first unless `order: 'asc'`. */
  queryEvents(query: AuditEventQuery): Promise<AuditEventRecord[]>;
  /**
   * Retention: deletes at most `limit` events older than `before`, oldest first, in one short
   * transaction (one statement). Returns how many; idempotent, so replicas may race.
   */
  purgeEvents(before: Date, limit: number): Promise<number>;
  /** Retention: deletes at most `limit` token records that expired before `expiredBefore`. */
  purgeTokens(expiredBefore: Date, limit: number): Promise<number>;

  /**
   * Creates a run in one transaction. A deployment run without a number gets the next one of its
   * org/project/stack (a counter row updated under its row lock: unique across replicas); a number
   * used by another run of the stack is `conflict`. Returns the run as stored.
   */
  insertRun(run: NewRun): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  findRunByCredentialHash(hash: string): Promise<RunRecord | undefined>;
  /** Newest first by (createdAt, id). */
  queryRuns(query: RunQuery): Promise<RunRecord[]>;
  /** Ends a running run whose deadline is after `at`. The run after it, or why not. */
  finishRun(id: string, outcome: RunOutcomeName, at: Date): Promise<RunRecord | RunRefusal>;
  /** Marks the run revoked (from any state; the first end time is kept). Undefined: no such run. */
  revokeRun(id: string, at: Date): Promise<RunRecord | undefined>;
  /**
   * Writes the audit record of a run's token in the same transaction that checks the run is
   * running and before its deadline at `at` (PostgreSQL: under a share lock of the run's row, so a
   * finish waits for it). Nothing is written when it refuses.
   */
  insertRunAudit(runId: string, record: AuditRecord, at: Date): Promise<RunRefusal | undefined>;

  close(): Promise<void>;
}
