import { EventEmitter } from 'node:events';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { IssuerError, storeUnavailable } from '../errors.js';
import type { BoundedPool } from './bounded-pool.js';
import { migrateToLatest } from './migrations.js';
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
import type {
  AuditEventsTable,
  AuditTokensTable,
  ClientKeysTable,
  Database,
  RunsTable,
  SigningKeysTable,
} from './schema.js';
import type { KeyTransaction, RunRefusal, Store, TryLockResult } from './store.js';

/** An arbitrary, fixed advisory-lock id for key-set changes. */
const KEY_LOCK_ID = 7_428_001;
/** Another advisory-lock id: revokes of admin credentials, one at a time across replicas. */
const ADMIN_LOCK_ID = 7_428_002;
/** NOTIFY channel of key-set changes (payload: the issuer version). */
export const KEYS_CHANNEL = 'runid_keys';
/** NOTIFY channel of client and admin-key changes (payload: the key hash, or '*'). */
export const CREDENTIALS_CHANNEL = 'runid_credentials';
const RELISTEN_MS = 2_000;
const INSERT_AUDIT = `insert into audit_tokens (jti, kind, iss, sub, aud, client_id, kid, iat, exp,
    request_id, source)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[])`;
/**
 * How long a cached client or admin key may be served without reading the database again. A
 * disable reaches every replica through NOTIFY at once; this bounds it when LISTEN is down or a
 * read raced the notification. While the LISTEN connection is not established nothing is cached.
 */
export const CREDENTIALS_CACHE_MS = 1_000;
const CREDENTIALS_CACHE_LIMIT = 10_000;

interface Cached<T> {
  value: T;
  until: number;
}

export interface KyselyStoreOptions {
  /** Called on every backend failure (metrics). */
  onError?: (error: unknown) => void;
  /** PostgreSQL: the URL a dedicated LISTEN connection uses for other replicas' changes. */
  listenUrl?: string;
  /** The pool under the dialect: the audit INSERT runs as one named (server-prepared) statement. */
  pool: Pick<BoundedPool, 'query'>;
  /**
   * Longest any operation may take before the caller gets 503 `store_unavailable` (the store's
   * own timeouts should fire first; this also bounds a backend that stopped answering at all).
   */
  timeoutMs?: number;
}

/** The PostgreSQL store, over Kysely and pg. */
export class KyselyStore implements Store {
  readonly backend = 'postgres' as const;
  readonly #db: Kysely<Database>;
  readonly #options: KyselyStoreOptions;
  #closed = false;
  readonly #changes = new EventEmitter();
  #listener: pg.Client | undefined;
  #relisten: NodeJS.Timeout | undefined;
  /** Set once LISTEN is established on the current listener connection. */
  #listening = false;
  /** Bumped by every invalidation, so a read that started before one is not cached after it. */
  #generation = 0;
  readonly #clients = new Map<string, Cached<ClientCredential>>();
  readonly #admins = new Map<string, Cached<AdminKeyRecord>>();

  constructor(db: Kysely<Database>, options: KyselyStoreOptions) {
    this.#db = db;
    this.#options = options;
  }

  get db(): Kysely<Database> {
    return this.#db;
  }

  async #guard<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      const error = new Error('the store is closed');
      this.#options.onError?.(error);
      throw storeUnavailable(error);
    }
    try {
      return await this.#bounded(run);
    } catch (error) {
      if (error instanceof IssuerError) throw error;
      if (isUniqueViolation(error)) {
        throw new IssuerError('conflict', 'A record with the same unique value exists.', {
          cause: error,
        });
      }
      this.#options.onError?.(error);
      throw storeUnavailable(error);
    }
  }

  /** Runs `run` but gives up after `timeoutMs` (the operation may still finish, unobserved). */
  #bounded<T>(run: () => Promise<T>): Promise<T> {
    const timeoutMs = this.#options.timeoutMs;
    if (timeoutMs === undefined) return run();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the store did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      run().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  migrate(): Promise<string[]> {
    return migrateToLatest(this.#db as Kysely<unknown>);
  }

  ping(): Promise<void> {
    return this.#guard(async () => {
      await sql`select 1`.execute(this.#db);
    });
  }

  readDeployment(): Promise<RecordedDeployment | undefined> {
    return this.#guard(async () => this.#readDeployment(this.#db));
  }

  recordDeployment(settings: DeploymentSettings, at: Date): Promise<RecordedDeployment> {
    return this.#guard(async () => {
      await this.#db
        .insertInto('deployment_settings')
        .values({
          id: 1,
          issuer_url: settings.issuerUrl,
          signing_alg: settings.signingAlg,
          recorded_at: at,
          subject_namespace: settings.subjectNamespace,
          claim_namespace: settings.claimNamespace,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await this.#db
        .updateTable('deployment_settings')
        .set((eb) => ({
          subject_namespace: eb.fn.coalesce('subject_namespace', eb.val(settings.subjectNamespace)),
          claim_namespace: eb.fn.coalesce('claim_namespace', eb.val(settings.claimNamespace)),
        }))
        .where('id', '=', 1)
        .execute();
      return (await this.#readDeployment(this.#db)) as RecordedDeployment;
    });
  }

  replaceDeployment(settings: DeploymentSettings, at: Date): Promise<RecordedDeployment> {
    return this.#guard(async () => {
      const values = {
        issuer_url: settings.issuerUrl,
        signing_alg: settings.signingAlg,
        recorded_at: at,
        subject_namespace: settings.subjectNamespace,
        claim_namespace: settings.claimNamespace,
      };
      await this.#db
        .insertInto('deployment_settings')
        .values({ id: 1, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
      return (await this.#readDeployment(this.#db)) as RecordedDeployment;
    });
  }

  async #readDeployment(db: Kysely<Database>): Promise<RecordedDeployment | undefined> {
    const row = await db
      .selectFrom('deployment_settings')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      issuerUrl: row.issuer_url,
      signingAlg: row.signing_alg,
      subjectNamespace: row.subject_namespace as string,
      claimNamespace: row.claim_namespace as string,
      recordedAt: new Date(row.recorded_at),
    };
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
    const changed = new Set<IssuerVersion>();
    const result = await this.#guard(() =>
      this.#db.transaction().execute(async (trx): Promise<TryLockResult<T>> => {
        if (wait) {
          await sql`select pg_advisory_xact_lock(${KEY_LOCK_ID})`.execute(trx);
        } else {
          const { rows } = await sql<{
            ok: boolean;
          }>`select pg_try_advisory_xact_lock(${KEY_LOCK_ID}) as ok`.execute(trx);
          if (rows[0]?.ok !== true) return { acquired: false };
        }
        const value = await fn(keyTransaction(trx, changed));
        // Delivered by PostgreSQL on commit only, so listeners never see a rolled-back change.
        for (const issuer of changed) {
          await sql`select pg_notify(${KEYS_CHANNEL}, ${issuer})`.execute(trx);
        }
        return { acquired: true, value };
      }),
    );
    if (changed.size > 0) this.#changes.emit('changed');
    return result;
  }

  onKeysChanged(listener: () => void): () => void {
    this.#changes.on('changed', listener);
    this.#ensureListening();
    return () => {
      this.#changes.off('changed', listener);
    };
  }

  #ensureListening(): void {
    if (this.#options.listenUrl !== undefined && this.#listener === undefined) this.#listen();
  }

  /** Forgets every cached credential (a NOTIFY, or LISTEN lost: notifications may be missed). */
  #invalidateCredentials(): void {
    this.#generation += 1;
    this.#clients.clear();
    this.#admins.clear();
  }

  #listen(): void {
    const url = this.#options.listenUrl;
    if (this.#closed || url === undefined) return;
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      application_name: 'runid-listen',
    });
    this.#listener = client;
    const retry = (error: unknown): void => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      this.#listening = false;
      this.#invalidateCredentials();
      client.end().catch(() => undefined);
      if (this.#closed) return;
      this.#options.onError?.(error);
      // Readers poll meanwhile; a missed notification only delays a refresh.
      this.#relisten = setTimeout(() => {
        this.#relisten = undefined;
        if (this.#listener === undefined) this.#listen();
      }, RELISTEN_MS);
      this.#relisten.unref();
    };
    client.on('error', retry);
    client.on('end', () => retry(new Error('the LISTEN connection ended')));
    client.on('notification', (message) => {
      if (message.channel === KEYS_CHANNEL) this.#changes.emit('changed');
      else if (message.channel === CREDENTIALS_CHANNEL) this.#invalidateCredentials();
    });
    client
      .connect()
      .then(() => client.query(`listen ${KEYS_CHANNEL}; listen ${CREDENTIALS_CHANNEL}`))
      .then(() => {
        if (this.#listener !== client) return;
        this.#listening = true;
        // A change committed while we were not listening is picked up by this extra refresh.
        this.#invalidateCredentials();
        this.#changes.emit('changed');
      })
      .catch(retry);
  }

  listTransitions(issuer?: IssuerVersion): Promise<KeyTransitionRecord[]> {
    return this.#guard(async () => {
      let q = this.#db.selectFrom('key_transitions').selectAll();
      if (issuer !== undefined) q = q.where('issuer', '=', issuer);
      const rows = await q.orderBy('seq', 'asc').execute();
      return rows.map((r) => ({
        issuer: r.issuer,
        type: r.type,
        keyId: r.key_id,
        reason: r.reason,
        replica: r.replica,
        at: r.at,
      }));
    });
  }

  listKeys(): Promise<SigningKeyRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#db
        .selectFrom('signing_keys')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toKey);
    });
  }

  insertClient(client: ClientFields, key: ClientKeyRecord): Promise<void> {
    return this.#guard(async () => {
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_clients')
          .values({
            id: client.id,
            name: client.name,
            key_hash: null,
            grants: JSON.stringify(client.grants),
            disabled: client.disabled,
            created_at: client.createdAt,
            disabled_at: client.disabledAt,
          })
          .execute();
        await trx.insertInto('client_keys').values(keyRow(key)).execute();
      });
    });
  }

  listClients(): Promise<ClientRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#db
        .selectFrom('api_clients')
        .select(CLIENT_COLUMNS)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      const keys = new Map<string, ClientKeyRecord[]>();
      for (const row of await this.#db
        .selectFrom('client_keys')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute()) {
        const key = toClientKey(row);
        const list = keys.get(key.clientId);
        if (list === undefined) keys.set(key.clientId, [key]);
        else list.push(key);
      }
      return rows.map((row) => ({ ...toClient(row), keys: keys.get(row.id) ?? [] }));
    });
  }

  getClient(id: string): Promise<ClientRecord | undefined> {
    return this.#guard(() => clientWithKeys(this.#db, id));
  }

  getClientFields(id: string): Promise<ClientFields | undefined> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('api_clients')
        .select(CLIENT_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toClient(row);
    });
  }

  /** Runs a client change in one transaction and tells every replica's cache on commit. */
  #changeClient<T>(change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.#guard(async () => {
      const result = await this.#db.transaction().execute(async (trx) => {
        const value = await change(trx);
        // Delivered on commit to every replica's LISTEN: their cached copies go at once.
        await sql`select pg_notify(${CREDENTIALS_CHANNEL}, '*')`.execute(trx);
        return value;
      });
      this.#invalidateCredentials();
      return result;
    });
  }

  disableClient(id: string, at: Date): Promise<ClientRecord | undefined> {
    return this.#changeClient(async (trx) => {
      // Idempotent: the first disable time is kept.
      const updated = await trx
        .updateTable('api_clients')
        .set({ disabled: true, disabled_at: sql`coalesce(disabled_at, ${at})` })
        .where('id', '=', id)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return undefined;
      return clientWithKeys(trx, id);
    });
  }

  enableClient(id: string): Promise<{ client: ClientRecord; changed: boolean } | undefined> {
    return this.#changeClient(async (trx) => {
      const before = await trx
        .selectFrom('api_clients')
        .select('disabled')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (before === undefined) return undefined;
      await trx
        .updateTable('api_clients')
        .set({ disabled: false, disabled_at: null })
        .where('id', '=', id)
        .execute();
      const client = (await clientWithKeys(trx, id)) as ClientRecord;
      return { client, changed: before.disabled };
    });
  }

  replaceClientGrants(
    id: string,
    grants: unknown[],
  ): Promise<{ previous: unknown[]; client: ClientRecord } | undefined> {
    return this.#changeClient(async (trx) => {
      const before = await trx
        .selectFrom('api_clients')
        .select('grants')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (before === undefined) return undefined;
      await trx
        .updateTable('api_clients')
        .set({ grants: JSON.stringify(grants) })
        .where('id', '=', id)
        .execute();
      const client = (await clientWithKeys(trx, id)) as ClientRecord;
      return { previous: JSON.parse(before.grants) as unknown[], client };
    });
  }

  rotateClientKey(r: ClientKeyRotation): Promise<ClientRecord | 'not_found' | 'too_many_keys'> {
    return this.#changeClient(async (trx) => {
      // The client's row lock queues concurrent rotations (the count below stays true).
      const locked = await trx
        .selectFrom('api_clients')
        .select('id')
        .where('id', '=', r.clientId)
        .forUpdate()
        .executeTakeFirst();
      if (locked === undefined) return 'not_found' as const;
      const valid = trx
        .selectFrom('client_keys')
        .where('client_id', '=', r.clientId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', r.at)]));
      const { n } = await valid
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      if (validAfterRotation(Number(n), r) > r.maxValidKeys) return 'too_many_keys' as const;
      const until = r.oldKeysExpireAt;
      await trx
        .updateTable('client_keys')
        .set({ expires_at: sql`least(coalesce(expires_at, ${until}), ${until})` })
        .where('client_id', '=', r.clientId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', r.at)]))
        .execute();
      await trx.insertInto('client_keys').values(keyRow(r.key)).execute();
      // An older replica (rolling upgrade) must not keep accepting the rotated key.
      await trx
        .updateTable('api_clients')
        .set({ key_hash: null })
        .where('id', '=', r.clientId)
        .execute();
      return (await clientWithKeys(trx, r.clientId)) as ClientRecord;
    });
  }

  revokeClientKey(clientId: string, keyId: string, at: Date): Promise<ClientRecord | undefined> {
    return this.#changeClient(async (trx) => {
      // Idempotent: the first revocation time is kept.
      const updated = await trx
        .updateTable('client_keys')
        .set({ revoked_at: sql`coalesce(revoked_at, ${at})` })
        .where('id', '=', keyId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return undefined;
      await trx
        .updateTable('api_clients')
        .set({ key_hash: null })
        .where('id', '=', clientId)
        .execute();
      return clientWithKeys(trx, clientId);
    });
  }

  /**
   * Read per request by the authenticator: served from a cache bounded by NOTIFY and
   * `CREDENTIALS_CACHE_MS` (misses are not cached, so a new client works at once everywhere).
   */
  findClientByKeyHash(hash: string): Promise<ClientCredential | undefined> {
    return this.#cachedLookup(this.#clients, hash, async () => {
      const row = await this.#db
        .selectFrom('client_keys as k')
        .innerJoin('api_clients as c', 'c.id', 'k.client_id')
        .select([
          'c.id',
          'c.name',
          'c.grants',
          'c.disabled',
          'c.created_at',
          'c.disabled_at',
          'k.id as key_id',
          'k.key_hash',
          'k.created_at as key_created_at',
          'k.expires_at',
          'k.revoked_at',
        ])
        .where('k.key_hash', '=', hash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        client: toClient(row),
        key: {
          id: row.key_id,
          clientId: row.id,
          keyHash: row.key_hash,
          createdAt: row.key_created_at,
          expiresAt: row.expires_at,
          revokedAt: row.revoked_at,
        },
      };
    });
  }

  async #cachedLookup<T>(
    cache: Map<string, Cached<T>>,
    hash: string,
    read: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    this.#ensureListening();
    const hit = cache.get(hash);
    const now = Date.now();
    if (hit !== undefined && hit.until > now && this.#listening && !this.#closed) return hit.value;
    const generation = this.#generation;
    const value = await this.#guard(read);
    if (value !== undefined && this.#listening && generation === this.#generation) {
      if (cache.size >= CREDENTIALS_CACHE_LIMIT) cache.clear();
      cache.set(hash, { value, until: now + CREDENTIALS_CACHE_MS });
    } else cache.delete(hash);
    return value;
  }

  putAdminKey(key: AdminKeyRecord): Promise<void> {
    return this.#guard(async () => {
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('admin_keys')
          .values(fromAdmin(key))
          .onConflict((oc) =>
            oc.column('name').where('disabled_at', 'is', null).doUpdateSet({
              key_hash: key.keyHash,
              role: key.role,
              created_at: key.createdAt,
              expires_at: key.expiresAt,
              last_used_at: null,
            }),
          )
          .execute();
        // A replaced key must stop working on every replica.
        await sql`select pg_notify(${CREDENTIALS_CHANNEL}, '*')`.execute(trx);
      });
      this.#invalidateCredentials();
    });
  }

  insertAdminKey(key: AdminKeyRecord): Promise<void> {
    return this.#guard(async () => {
      await this.#db.insertInto('admin_keys').values(fromAdmin(key)).execute();
    });
  }

  listAdminKeys(): Promise<AdminKeyRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#db
        .selectFrom('admin_keys')
        .selectAll()
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toAdmin);
    });
  }

  getAdminKey(id: string): Promise<AdminKeyRecord | undefined> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('admin_keys')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toAdmin(row);
    });
  }

  findAdminKeyByHash(hash: string): Promise<AdminKeyRecord | undefined> {
    return this.#cachedLookup(this.#admins, hash, async () => {
      const row = await this.#db
        .selectFrom('admin_keys')
        .selectAll()
        .where('key_hash', '=', hash)
        .executeTakeFirst();
      return row === undefined ? undefined : toAdmin(row);
    });
  }

  countAdminKeys(at: Date): Promise<number> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('admin_keys')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  revokeAdminKey(id: string, at: Date): Promise<AdminKeyRecord | AdminRevokeRefusal> {
    return this.#guard(async () => {
      const answer = await this.#db.transaction().execute(async (trx) => {
        // One revoke at a time on every replica: two at once cannot each leave the other as
        // the last admin and both succeed.
        await sql`select pg_advisory_xact_lock(${ADMIN_LOCK_ID})`.execute(trx);
        const row = await trx
          .selectFrom('admin_keys')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (row === undefined) return 'not_found' as const;
        if (row.disabled_at !== null) return toAdmin(row);
        const active = row.expires_at === null || row.expires_at.getTime() > at.getTime();
        if (row.role === 'admin' && active) {
          const others = await trx
            .selectFrom('admin_keys')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .where('role', '=', 'admin')
            .where('disabled_at', 'is', null)
            .where('id', '<>', id)
            .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
            .executeTakeFirstOrThrow();
          if (Number(others.n) === 0) return 'last_admin' as const;
        }
        const revoked = await trx
          .updateTable('admin_keys')
          .set({ disabled_at: at })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // Its console sessions end with it.
        await trx
          .deleteFrom('admin_sessions')
          .where('admin_key_hash', '=', revoked.key_hash)
          .execute();
        // Delivered on commit to every replica's LISTEN: their cached copy goes at once.
        await sql`select pg_notify(${CREDENTIALS_CHANNEL}, ${revoked.key_hash})`.execute(trx);
        return toAdmin(revoked);
      });
      if (typeof answer !== 'string') this.#invalidateCredentials();
      return answer;
    });
  }

  touchAdminKey(id: string, at: Date, since: Date): Promise<void> {
    return this.#guard(async () => {
      await this.#db
        .updateTable('admin_keys')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', since)]))
        .execute();
    });
  }

  insertSession(session: SessionRecord): Promise<void> {
    return this.#guard(async () => {
      await this.#db
        .insertInto('admin_sessions')
        .values({
          id_hash: session.idHash,
          admin_key_hash: session.adminKeyHash,
          admin_name: session.adminName,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
        })
        .execute();
    });
  }

  /** Always asks the database: a sign-out on another replica counts at once. */
  findSession(idHash: string): Promise<SessionRecord | undefined> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('admin_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        idHash: row.id_hash,
        adminKeyHash: row.admin_key_hash,
        adminName: row.admin_name,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      };
    });
  }

  touchSession(idHash: string, at: Date): Promise<void> {
    return this.#guard(async () => {
      // Never moves backwards (two requests of one session may finish out of order).
      await this.#db
        .updateTable('admin_sessions')
        .set({ last_seen_at: sql<Date>`greatest(last_seen_at, ${at})` })
        .where('id_hash', '=', idHash)
        .execute();
    });
  }

  deleteSession(idHash: string): Promise<boolean> {
    return this.#guard(async () => {
      const result = await this.#db
        .deleteFrom('admin_sessions')
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  deleteExpiredSessions(at: Date): Promise<number> {
    return this.#guard(async () => {
      const result = await this.#db
        .deleteFrom('admin_sessions')
        .where('expires_at', '<', at)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  /**
   * One fixed-shape statement for any batch size — eleven arrays unnested into rows — prepared once
   * per connection (a named statement), so PostgreSQL neither parses nor plans per batch. All or
   * none: one statement, one implicit transaction.
   */
  insertAudit(records: readonly AuditRecord[]): Promise<void> {
    return this.#guard(async () => {
      if (records.length === 0) return;
      const values = [
        records.map((r) => r.jti),
        records.map((r) => r.kind),
        records.map((r) => r.iss),
        records.map((r) => r.sub),
        records.map((r) => r.aud),
        records.map((r) => r.clientId),
        records.map((r) => r.kid),
        records.map((r) => r.iat.toISOString()),
        records.map((r) => r.exp.toISOString()),
        records.map((r) => r.requestId ?? null),
        records.map((r) => r.source ?? null),
      ];
      await this.#options.pool.query({ name: 'runid_insert_audit', text: INSERT_AUDIT, values });
    });
  }

  queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.#guard(async () => {
      let q = this.#db.selectFrom('audit_tokens').selectAll();
      if (query.jti !== undefined) q = q.where('jti', '=', query.jti);
      if (query.sub !== undefined) q = q.where('sub', '=', query.sub);
      if (query.clientId !== undefined) q = q.where('client_id', '=', query.clientId);
      if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
      if (query.runId === null) q = q.where('run_id', 'is', null);
      else if (query.runId !== undefined) q = q.where('run_id', '=', query.runId);
      if (query.since !== undefined) q = q.where('iat', '>=', query.since);
      if (query.until !== undefined) q = q.where('iat', '<', query.until);
      const asc = query.order === 'asc';
      const after = query.after;
      if (after !== undefined) {
        const past = asc ? '>' : '<';
        q = q.where((eb) =>
          eb.or([
            eb('iat', past, after.iat),
            eb.and([eb('iat', '=', after.iat), eb('jti', past, after.jti)]),
          ]),
        );
      }
      const direction = asc ? 'asc' : 'desc';
      const rows = await q
        .orderBy('iat', direction)
        .orderBy('jti', direction)
        .limit(query.limit)
        .execute();
      return rows.map(toAudit);
    });
  }

  /** One statement: the record by its primary key, joined to its run by the run's. */
  findIssuedToken(jti: string): Promise<IssuedToken | undefined> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('audit_tokens as a')
        .leftJoin('runs as r', 'r.id', 'a.run_id')
        .selectAll('a')
        .select(['r.state as run_state', 'r.deadline as run_deadline'])
        .where('a.jti', '=', jti)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const run =
        row.run_id === null || row.run_state === null || row.run_deadline === null
          ? undefined
          : { id: row.run_id, state: row.run_state, deadline: row.run_deadline };
      return { record: toAudit(row), run };
    });
  }

  insertEvents(events: readonly AuditEventRecord[]): Promise<void> {
    return this.#guard(async () => {
      if (events.length === 0) return;
      await this.#db.insertInto('audit_events').values(events.map(eventRow)).execute();
    });
  }

  queryEvents(query: AuditEventQuery): Promise<AuditEventRecord[]> {
    return this.#guard(async () => {
      const asc = query.order === 'asc';
      let q = this.#db.selectFrom('audit_events').selectAll();
      if (query.types !== undefined) {
        if (query.types.length === 0) return [];
        q = q.where('type', 'in', [...query.types]);
      }
      if (query.actorId !== undefined) q = q.where('actor_id', '=', query.actorId);
      if (query.targetId !== undefined) q = q.where('target_id', '=', query.targetId);
      if (query.since !== undefined) q = q.where('at', '>=', query.since);
      if (query.until !== undefined) q = q.where('at', '<', query.until);
      const after = query.after;
      if (after !== undefined) {
        const past = asc ? '>' : '<';
        q = q.where((eb) =>
          eb.or([
            eb('at', past, after.at),
            eb.and([eb('at', '=', after.at), eb('id', past, after.id)]),
          ]),
        );
      }
      const direction = asc ? 'asc' : 'desc';
      const rows = await q
        .orderBy('at', direction)
        .orderBy('id', direction)
        .limit(query.limit)
        .execute();
      return rows.map(toEvent);
    });
  }

  /** By primary key from a bounded, index-ordered subquery: one short statement per batch. */
  purgeEvents(before: Date, limit: number): Promise<number> {
    return this.#guard(async () => {
      const result = await sql`delete from audit_events where id in
        (select id from audit_events where at < ${before} order by at limit ${limit})`.execute(
        this.#db,
      );
      return Number(result.numAffectedRows ?? 0);
    });
  }

  purgeTokens(expiredBefore: Date, limit: number): Promise<number> {
    return this.#guard(async () => {
      const result = await sql`delete from audit_tokens where jti in
        (select jti from audit_tokens where exp < ${expiredBefore} order by exp limit ${limit})`.execute(
        this.#db,
      );
      return Number(result.numAffectedRows ?? 0);
    });
  }

  insertRun(run: NewRun): Promise<RunRecord> {
    return this.#guard(() =>
      this.#db.transaction().execute(async (trx) => {
        let deployment = run.deployment;
        if (run.kind === 'deployment') {
          const explicit = deployment;
          // INSERT … ON CONFLICT DO UPDATE locks the counter row: a concurrent creation on any
          // replica waits for this commit and then counts on from the number given here.
          const { rows } = await sql<{ last: string | number }>`
            insert into run_sequences (org, project, stack, last)
            values (${run.org}, ${run.project}, ${run.stack}, ${explicit ?? 1})
            on conflict (org, project, stack) do update set last =
              case when ${explicit}::bigint is null then run_sequences.last + 1
                   else greatest(run_sequences.last, ${explicit}::bigint) end
            returning last`.execute(trx);
          deployment = explicit ?? Number(rows[0]?.last);
        }
        const identity = run.kind === 'deployment' ? { ...run.identity, deployment } : run.identity;
        const row = await trx
          .insertInto('runs')
          .values({
            id: run.id,
            client_id: run.clientId,
            credential_hash: run.credentialHash,
            kind: run.kind,
            identity: JSON.stringify(identity),
            org: run.org,
            project: run.project,
            stack: run.stack,
            deployment,
            platforms: run.platforms === null ? null : JSON.stringify(run.platforms),
            audiences: run.audiences === null ? null : JSON.stringify(run.audiences),
            state: 'running',
            created_at: run.createdAt,
            deadline: run.deadline,
            ended_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRun(row);
      }),
    );
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('runs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toRun(row);
    });
  }

  /** Never cached: a finished run's credential must stop at once on every replica. */
  findRunByCredentialHash(hash: string): Promise<RunRecord | undefined> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('runs')
        .selectAll()
        .where('credential_hash', '=', hash)
        .executeTakeFirst();
      return row === undefined ? undefined : toRun(row);
    });
  }

  queryRuns(query: RunQuery): Promise<RunRecord[]> {
    return this.#guard(async () => {
      let q = this.#db.selectFrom('runs').selectAll();
      if (query.state === 'running') {
        q = q.where('state', '=', 'running').where('deadline', '>', query.now);
      } else if (query.state === 'expired') {
        q = q.where((eb) =>
          eb.or([
            eb('state', '=', 'expired'),
            eb.and([eb('state', '=', 'running'), eb('deadline', '<=', query.now)]),
          ]),
        );
      } else if (query.state !== undefined) q = q.where('state', '=', query.state);
      if (query.org !== undefined) q = q.where('org', '=', query.org);
      if (query.project !== undefined) q = q.where('project', '=', query.project);
      if (query.stack !== undefined) q = q.where('stack', '=', query.stack);
      const after = query.after;
      if (after !== undefined) {
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', after.createdAt),
            eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
          ]),
        );
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return rows.map(toRun);
    });
  }

  finishRun(id: string, outcome: RunOutcomeName, at: Date): Promise<RunRecord | RunRefusal> {
    return this.#guard(async () => {
      const row = await this.#db
        .updateTable('runs')
        .set({ state: outcome, ended_at: at })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('deadline', '>', at)
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) return toRun(row);
      const exists = await this.#db
        .selectFrom('runs')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      return exists === undefined ? 'not_found' : 'ended';
    });
  }

  revokeRun(id: string, at: Date): Promise<RunRecord | undefined> {
    return this.#guard(async () => {
      // A run that ended by its deadline ended then; an open one ends now.
      const row = await this.#db
        .updateTable('runs')
        .set({
          state: 'revoked',
          ended_at: sql`coalesce(ended_at, case when deadline <= ${at} then deadline else ${at}::timestamptz end)`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toRun(row);
    });
  }

  insertRunAudit(runId: string, r: AuditRecord, at: Date): Promise<RunRefusal | undefined> {
    return this.#guard(() =>
      this.#db.transaction().execute(async (trx) => {
        // FOR SHARE: a finish or revoke of this run waits for this commit, and this statement
        // sees a finish committed before it (READ COMMITTED re-checks the locked row).
        const { rows } = await sql<{ id: string }>`
          select id from runs where id = ${runId} and state = 'running' and deadline > ${at}
          for share`.execute(trx);
        if (rows.length === 0) {
          const exists = await trx
            .selectFrom('runs')
            .select('id')
            .where('id', '=', runId)
            .executeTakeFirst();
          return exists === undefined ? 'not_found' : 'ended';
        }
        await trx
          .insertInto('audit_tokens')
          .values({
            jti: r.jti,
            kind: r.kind,
            iss: r.iss,
            sub: r.sub,
            aud: r.aud,
            client_id: r.clientId,
            kid: r.kid,
            iat: r.iat,
            exp: r.exp,
            run_id: runId,
            request_id: r.requestId ?? null,
            source: r.source ?? null,
          })
          .execute();
        return undefined;
      }),
    );
  }

  countAudit(): Promise<number> {
    return this.#guard(async () => {
      const row = await this.#db
        .selectFrom('audit_tokens')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#relisten !== undefined) clearTimeout(this.#relisten);
    const listener = this.#listener;
    this.#listener = undefined;
    this.#changes.removeAllListeners();
    this.#invalidateCredentials();
    await listener?.end().catch(() => undefined);
    await this.#db.destroy();
  }
}

function keyTransaction(trx: Transaction<Database>, changed: Set<IssuerVersion>): KeyTransaction {
  return {
    async listKeys(issuer: IssuerVersion) {
      const rows = await trx
        .selectFrom('signing_keys')
        .selectAll()
        .where('issuer', '=', issuer)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toKey);
    },
    async insertKey(key: SigningKeyRecord) {
      changed.add(key.issuer);
      await trx
        .insertInto('signing_keys')
        .values({
          id: key.id,
          issuer: key.issuer,
          kid: key.kid,
          alg: key.alg,
          state: key.state,
          public_jwk: key.publicJwk,
          private_key_enc: key.privateKeyEnc,
          created_at: key.createdAt,
          not_before: key.notBefore,
          activated_at: key.activatedAt,
          retired_at: key.retiredAt,
          removed_at: key.removedAt,
          publish_until: key.publishUntil,
          published_at: key.publishedAt,
          activation: key.activation,
          compromised: key.compromised,
        })
        .execute();
    },
    async updateKey(id: string, change: KeyStateChange) {
      const row = await trx
        .updateTable('signing_keys')
        .set({
          state: change.state,
          ...(change.activatedAt !== undefined && { activated_at: change.activatedAt }),
          ...(change.retiredAt !== undefined && { retired_at: change.retiredAt }),
          ...(change.removedAt !== undefined && { removed_at: change.removedAt }),
          ...(change.publishUntil !== undefined && { publish_until: change.publishUntil }),
          ...(change.publishedAt !== undefined && { published_at: change.publishedAt }),
          ...(change.activation !== undefined && { activation: change.activation }),
          ...(change.compromised !== undefined && { compromised: change.compromised }),
        })
        .where('id', '=', id)
        .returning('issuer')
        .executeTakeFirst();
      if (row !== undefined) changed.add(row.issuer);
    },
    async updateKeyEncryption(id: string, privateKeyEnc: string) {
      await trx
        .updateTable('signing_keys')
        .set({ private_key_enc: privateKeyEnc })
        .where('id', '=', id)
        .execute();
    },
    async insertEvents(events: readonly AuditEventRecord[]) {
      if (events.length > 0)
        await trx.insertInto('audit_events').values(events.map(eventRow)).execute();
    },
    async recordTransition(t: KeyTransitionRecord) {
      changed.add(t.issuer);
      await trx
        .insertInto('key_transitions')
        .values({
          issuer: t.issuer,
          type: t.type,
          key_id: t.keyId,
          reason: t.reason,
          replica: t.replica,
          at: t.at,
        })
        .execute();
    },
  };
}

function toKey(row: Selectable<SigningKeysTable>): SigningKeyRecord {
  return {
    id: row.id,
    issuer: row.issuer,
    kid: row.kid,
    alg: row.alg,
    state: row.state,
    publicJwk: row.public_jwk,
    privateKeyEnc: row.private_key_enc,
    createdAt: row.created_at,
    notBefore: row.not_before,
    activatedAt: row.activated_at,
    retiredAt: row.retired_at,
    removedAt: row.removed_at,
    publishUntil: row.publish_until,
    publishedAt: row.published_at,
    activation: row.activation,
    compromised: row.compromised,
  };
}

function fromAdmin(key: AdminKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    key_hash: key.keyHash,
    role: key.role,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
    last_used_at: key.lastUsedAt,
    disabled_at: key.revokedAt,
  };
}

function toAdmin(row: Selectable<Database['admin_keys']>): AdminKeyRecord {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.disabled_at,
  };
}

const CLIENT_COLUMNS = ['id', 'name', 'grants', 'disabled', 'created_at', 'disabled_at'] as const;

type ClientRow = Pick<Selectable<Database['api_clients']>, (typeof CLIENT_COLUMNS)[number]>;

function toClient(row: ClientRow): ClientFields {
  return {
    id: row.id,
    name: row.name,
    grants: JSON.parse(row.grants) as unknown[],
    disabled: row.disabled,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

function toAudit(r: Selectable<AuditTokensTable>): AuditRecord {
  return {
    jti: r.jti,
    kind: r.kind,
    iss: r.iss,
    sub: r.sub,
    aud: r.aud,
    clientId: r.client_id,
    kid: r.kid,
    iat: r.iat,
    exp: r.exp,
    ...(r.run_id !== null && { runId: r.run_id }),
    ...(r.request_id !== null && { requestId: r.request_id }),
    ...(r.source !== null && { source: r.source }),
  };
}

function toClientKey(row: Selectable<ClientKeysTable>): ClientKeyRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function keyRow(key: ClientKeyRecord): ClientKeysTable {
  return {
    id: key.id,
    client_id: key.clientId,
    key_hash: key.keyHash,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
  };
}

async function clientWithKeys(db: Kysely<Database>, id: string): Promise<ClientRecord | undefined> {
  const row = await db
    .selectFrom('api_clients')
    .select(CLIENT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const keys = await db
    .selectFrom('client_keys')
    .selectAll()
    .where('client_id', '=', id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return { ...toClient(row), keys: keys.map(toClientKey) };
}

function toRun(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    credentialHash: row.credential_hash,
    kind: row.kind,
    identity: JSON.parse(row.identity) as Record<string, unknown>,
    org: row.org,
    project: row.project,
    stack: row.stack,
    deployment: row.deployment === null ? null : Number(row.deployment),
    platforms: row.platforms === null ? null : (JSON.parse(row.platforms) as string[]),
    audiences: row.audiences === null ? null : (JSON.parse(row.audiences) as string[]),
    state: row.state,
    createdAt: row.created_at,
    deadline: row.deadline,
    endedAt: row.ended_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  );
}

function eventRow(e: AuditEventRecord): AuditEventsTable {
  return {
    id: e.id,
    at: e.at,
    type: e.type,
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor_name: e.actorName,
    target_type: e.targetType,
    target_id: e.targetId,
    request_id: e.requestId,
    source: e.source,
    outcome: e.outcome,
    reason: e.reason,
    detail: JSON.stringify(e.detail),
  };
}

function toEvent(r: Selectable<AuditEventsTable>): AuditEventRecord {
  return {
    id: r.id,
    at: r.at,
    type: r.type as AuditEventRecord['type'],
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    targetType: r.target_type,
    targetId: r.target_id,
    requestId: r.request_id,
    source: r.source,
    outcome: r.outcome,
    reason: r.reason,
    detail: JSON.parse(r.detail) as AuditEventRecord['detail'],
  };
}
