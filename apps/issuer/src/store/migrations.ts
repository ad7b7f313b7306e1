import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { IssuerError } from '../errors.js';

/** The migrations, in code: PostgreSQL's (SQLite's are in `sqlite-migrations.ts`). Never edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer', 'text', (c) => c.notNull().check(sql`issuer in ('v1', 'v2')`))
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('alg', 'text', (c) => c.notNull().check(sql`alg in ('RS256', 'ES256')`))
        .addColumn('state', 'text', (c) =>
          c.notNull().check(sql`state in ('next', 'current', 'retired', 'removed')`),
        )
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_key_enc', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('not_before', 'timestamptz')
        .addColumn('activated_at', 'timestamptz')
        .addColumn('retired_at', 'timestamptz')
        .addColumn('removed_at', 'timestamptz')
        .addColumn('publish_until', 'timestamptz')
        .addUniqueConstraint('signing_keys_issuer_kid', ['issuer', 'kid'])
        .execute();
      // At most one signing key per issuer, enforced by the database for every replica.
      await sql`create unique index signing_keys_one_current on signing_keys (issuer) where state = 'current'`.execute(
        db,
      );

      await db.schema
        .createTable('api_clients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('grants', 'text', (c) => c.notNull())
        .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('disabled_at', 'timestamptz')
        .execute();

      await db.schema
        .createTable('admin_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('disabled_at', 'timestamptz')
        .execute();

      await db.schema
        .createTable('audit_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('iss', 'text', (c) => c.notNull())
        .addColumn('sub', 'text', (c) => c.notNull())
        .addColumn('aud', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('iat', 'timestamptz', (c) => c.notNull())
        .addColumn('exp', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_tokens_iat')
        .on('audit_tokens')
        .columns(['iat', 'jti'])
        .execute();
      await db.schema
        .createIndex('audit_tokens_sub')
        .on('audit_tokens')
        .columns(['sub', 'iat'])
        .execute();
      await db.schema
        .createIndex('audit_tokens_client')
        .on('audit_tokens')
        .columns(['client_id', 'iat'])
        .execute();
    },
  },
  '0002_key_rotation': {
    async up(db: Kysely<unknown>) {
      // The rotation state machine's columns. Keys created before it were published on insert.
      await db.schema.alterTable('signing_keys').addColumn('published_at', 'timestamptz').execute();
      await db.schema
        .alterTable('signing_keys')
        .addColumn('activation', 'text', (c) =>
          c.check(sql`activation in ('scheduled', 'bootstrap', 'emergency')`),
        )
        .execute();
      await db.schema
        .alterTable('signing_keys')
        .addColumn('compromised', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await sql`update signing_keys set published_at = created_at`.execute(db);
      await sql`update signing_keys set activation = 'bootstrap' where activated_at is not null`.execute(
        db,
      );
      // One row per committed transition: who changed what, for operators and for tests that
      // check that exactly one replica committed each change.
      await db.schema
        .createTable('key_transitions')
        .addColumn('seq', 'bigserial', (c) => c.primaryKey())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('replica', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0003_deployment_settings': {
    async up(db: Kysely<unknown>) {
      // What every replica and CLI of this deployment must agree on, recorded by the first start.
      await db.schema
        .createTable('deployment_settings')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('issuer_url', 'text', (c) => c.notNull())
        .addColumn('signing_alg', 'text', (c) =>
          c.notNull().check(sql`signing_alg in ('RS256', 'ES256')`),
        )
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0004_admin_sessions': {
    async up(db: Kysely<unknown>) {
      // Console sessions: the hash of the cookie's id, never the id itself.
      await db.schema
        .createTable('admin_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('admin_key_hash', 'text', (c) => c.notNull())
        .addColumn('admin_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('admin_sessions_expires')
        .on('admin_sessions')
        .column('expires_at')
        .execute();
    },
  },
  '0005_deployment_namespaces': {
    async up(db: Kysely<unknown>) {
      // Null on a store recorded before: filled in by the next start.
      await db.schema
        .alterTable('deployment_settings')
        .addColumn('subject_namespace', 'text')
        .execute();
      await db.schema
        .alterTable('deployment_settings')
        .addColumn('claim_namespace', 'text')
        .execute();
    },
  },
  '0006_runs': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table runs (
          id text primary key,
          client_id text not null,
          credential_hash text not null unique,
          kind text not null check (kind in ('deployment', 'environment', 'oidc')),
          identity text not null,
          org text not null,
          project text,
          stack text,
          deployment bigint,
          platforms text,
          audiences text,
          state text not null check (state in ('running', 'succeeded', 'failed', 'cancelled', 'expired', 'revoked')),
          created_at timestamptz not null,
          deadline timestamptz not null,
          ended_at timestamptz
        )`.execute(db);
      // A deployment number names one run of its stack, whichever replica assigned it.
      await sql`create unique index runs_deployment on runs (org, project, stack, deployment) where deployment is not null`.execute(
        db,
      );
      await sql`create index runs_created on runs (created_at, id)`.execute(db);
      // The last deployment number per stack; its row lock serialises concurrent assignments.
      await sql`
        create table run_sequences (
          org text not null,
          project text not null,
          stack text not null,
          last bigint not null,
          primary key (org, project, stack)
        )`.execute(db);
      // The tokens a run minted: their audit records name it.
      await sql`alter table audit_tokens add column run_id text`.execute(db);
      await sql`create index audit_tokens_run on audit_tokens (run_id, iat) where run_id is not null`.execute(
        db,
      );
    },
  },
  '0007_audit_events': {
    async up(db: Kysely<unknown>) {
      // Every security-relevant event beside the minted tokens (audit_tokens). detail: JSON text.
      await sql`
        create table audit_events (
          id text primary key,
          at timestamptz not null,
          type text not null,
          actor_type text not null check (actor_type in ('client', 'admin', 'run', 'system')),
          actor_id text not null,
          actor_name text,
          target_type text,
          target_id text,
          request_id text,
          source text,
          outcome text not null check (outcome in ('success', 'refused', 'failure')),
          reason text,
          detail text not null
        )`.execute(db);
      await sql`create index audit_events_at on audit_events (at, id)`.execute(db);
      await sql`create index audit_events_type on audit_events (type, at)`.execute(db);
      await sql`create index audit_events_actor on audit_events (actor_id, at)`.execute(db);
      await sql`create index audit_events_target on audit_events (target_id, at) where target_id is not null`.execute(
        db,
      );
      // The retention purge deletes tokens by expiry.
      await sql`create index audit_tokens_exp on audit_tokens (exp)`.execute(db);
    },
  },
  '0008_audit_token_requests': {
    async up(db: Kysely<unknown>) {
      // The request that minted each token; null on records written before.
      await sql`alter table audit_tokens add column request_id text`.execute(db);
      await sql`alter table audit_tokens add column source text`.execute(db);
      // Callers refused before they authenticated are recorded too.
      await sql`alter table audit_events drop constraint audit_events_actor_type_check`.execute(db);
      await sql`alter table audit_events add constraint audit_events_actor_type_check
        check (actor_type in ('client', 'admin', 'run', 'system', 'anonymous'))`.execute(db);
    },
  },
  '0009_admin_credentials': {
    async up(db: Kysely<unknown>) {
      // Admin credentials with roles; the keys that exist already (the bootstrap key) are admins.
      await sql`alter table admin_keys add column role text not null default 'admin' check (role in ('admin', 'auditor'))`.execute(
        db,
      );
      await sql`alter table admin_keys add column expires_at timestamptz`.execute(db);
      await sql`alter table admin_keys add column last_used_at timestamptz`.execute(db);
      // A revoked credential frees its name: unique among those not revoked only.
      await sql`alter table admin_keys drop constraint if exists admin_keys_name_key`.execute(db);
      await sql`create unique index admin_keys_active_name on admin_keys (name) where disabled_at is null`.execute(
        db,
      );
    },
  },
  '0010_client_keys': {
    async up(db: Kysely<unknown>) {
      // A client's keys in their own table: several at once (rotation with an overlap), each
      // with an optional expiry and a revocation time. The existing keys move over unchanged.
      await sql`
        create table client_keys (
          id text primary key,
          client_id text not null references api_clients (id),
          key_hash text not null unique,
          created_at timestamptz not null,
          expires_at timestamptz,
          revoked_at timestamptz
        )`.execute(db);
      await sql`create index client_keys_client on client_keys (client_id, created_at)`.execute(db);
      await sql`
        insert into client_keys (id, client_id, key_hash, created_at)
        select 'ck_' || md5(random()::text || id), id, key_hash, created_at
        from api_clients`.execute(db);
      // Kept (nullable) for replicas of the previous version during a rolling upgrade: they
      // still authenticate the keys that existed before it. This version never reads it, writes
      // null for new clients and clears it on any rotation or revocation, so an old replica
      // refuses (never accepts) a key whose state changed. A later migration drops it.
      await sql`alter table api_clients alter column key_hash drop not null`.execute(db);
    },
  },
};

const provider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

/**
 * Brings the schema up to date (or, for tests of a migration, up to `until` included). Safe to
 * run from several replicas (Kysely takes a lock).
 */
export async function migrateToLatest(db: Kysely<unknown>, until?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'runid_migrations',
    migrationLockTableName: 'runid_migrations_lock',
  });
  const { error, results } =
    until === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(until);
  if (error !== undefined) {
    const said = error instanceof Error ? error.message : String(error);
    throw new IssuerError('store_failed', `Migrating the store failed: ${said}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
