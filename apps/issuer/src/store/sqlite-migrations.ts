import type Database from 'better-sqlite3';

/**
 * The SQLite migrations (the PostgreSQL ones are in `migrations.ts`). Times are integer
 * milliseconds since the epoch, booleans 0/1. Never edit a shipped one; add the next.
 */
const MIGRATIONS: ReadonlyArray<{ name: string; sql: string }> = [
  {
    name: '0001_initial',
    sql: `
      create table signing_keys (
        id text primary key,
        issuer text not null check (issuer in ('v1', 'v2')),
        kid text not null,
        alg text not null check (alg in ('RS256', 'ES256')),
        state text not null check (state in ('next', 'current', 'retired', 'removed')),
        public_jwk text not null,
        private_key_enc text not null,
        created_at integer not null,
        not_before integer,
        activated_at integer,
        retired_at integer,
        removed_at integer,
        publish_until integer,
        published_at integer,
        activation text check (activation in ('scheduled', 'bootstrap', 'emergency')),
        compromised integer not null default 0,
        unique (issuer, kid)
      );
      -- At most one signing key per issuer.
      create unique index signing_keys_one_current on signing_keys (issuer) where state = 'current';

      create table key_transitions (
        seq integer primary key autoincrement,
        issuer text not null,
        type text not null,
        key_id text,
        reason text not null,
        replica text not null,
        at integer not null
      );

      create table api_clients (
        id text primary key,
        name text not null unique,
        key_hash text not null unique,
        grants text not null,
        disabled integer not null default 0,
        created_at integer not null,
        disabled_at integer
      );

      create table admin_keys (
        id text primary key,
        name text not null unique,
        key_hash text not null unique,
        created_at integer not null,
        disabled_at integer
      );

      -- The audit queries: newest first by (iat, jti), optionally by jti, sub or client. jti is
      -- the primary key; the kind filter rides on the iat order.
      create table audit_tokens (
        jti text primary key,
        kind text not null,
        iss text not null,
        sub text not null,
        aud text not null,
        client_id text not null,
        kid text not null,
        iat integer not null,
        exp integer not null
      );
      create index audit_tokens_iat on audit_tokens (iat, jti);
      create index audit_tokens_sub on audit_tokens (sub, iat);
      create index audit_tokens_client on audit_tokens (client_id, iat);

      -- One row the readiness probe rewrites after a failed write, to learn the disk is back.
      create table runid_health (id integer primary key check (id = 1), at integer not null);
      insert into runid_health (id, at) values (1, 0);
    `,
  },
  {
    name: '0002_deployment_settings',
    sql: `
      -- What every process of this deployment must agree on, recorded by the first start.
      create table deployment_settings (
        id integer primary key check (id = 1),
        issuer_url text not null,
        signing_alg text not null check (signing_alg in ('RS256', 'ES256')),
        recorded_at integer not null
      );
    `,
  },
  {
    name: '0003_admin_sessions',
    sql: `
      -- Console sessions: the hash of the cookie's id, never the id itself.
      create table admin_sessions (
        id_hash text primary key,
        admin_key_hash text not null,
        admin_name text not null,
        created_at integer not null,
        last_seen_at integer not null,
        expires_at integer not null
      );
      create index admin_sessions_expires on admin_sessions (expires_at);
    `,
  },
  {
    name: '0004_deployment_namespaces',
    sql: `
      -- Null on a store recorded before: filled in by the next start.
      alter table deployment_settings add column subject_namespace text;
      alter table deployment_settings add column claim_namespace text;
    `,
  },
  {
    name: '0005_runs',
    sql: `
      create table runs (
        id text primary key,
        client_id text not null,
        credential_hash text not null unique,
        kind text not null check (kind in ('deployment', 'environment', 'oidc')),
        identity text not null,
        org text not null,
        project text,
        stack text,
        deployment integer,
        platforms text,
        audiences text,
        state text not null check (state in ('running', 'succeeded', 'failed', 'cancelled', 'expired', 'revoked')),
        created_at integer not null,
        deadline integer not null,
        ended_at integer
      );
      create unique index runs_deployment on runs (org, project, stack, deployment) where deployment is not null;
      create index runs_created on runs (created_at, id);
      create table run_sequences (
        org text not null,
        project text not null,
        stack text not null,
        last integer not null,
        primary key (org, project, stack)
      );
      alter table audit_tokens add column run_id text;
      create index audit_tokens_run on audit_tokens (run_id, iat) where run_id is not null;
    `,
  },
  {
    name: '0006_audit_events',
    sql: `
      -- Every security-relevant event beside the minted tokens (audit_tokens). detail: JSON text.
      create table audit_events (
        id text primary key,
        at integer not null,
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
      );
      create index audit_events_at on audit_events (at, id);
      create index audit_events_type on audit_events (type, at);
      create index audit_events_actor on audit_events (actor_id, at);
      create index audit_events_target on audit_events (target_id, at) where target_id is not null;
      -- The retention purge deletes tokens by expiry.
      create index audit_tokens_exp on audit_tokens (exp);
    `,
  },
  {
    name: '0007_audit_token_requests',
    sql: `
      -- The request that minted each token; null on records written before.
      alter table audit_tokens add column request_id text;
      alter table audit_tokens add column source text;
      -- Callers refused before they authenticated are recorded too (a CHECK changes by rebuild).
      create table audit_events_next (
        id text primary key,
        at integer not null,
        type text not null,
        actor_type text not null check (actor_type in ('client', 'admin', 'run', 'system', 'anonymous')),
        actor_id text not null,
        actor_name text,
        target_type text,
        target_id text,
        request_id text,
        source text,
        outcome text not null check (outcome in ('success', 'refused', 'failure')),
        reason text,
        detail text not null
      );
      insert into audit_events_next select * from audit_events;
      drop table audit_events;
      alter table audit_events_next rename to audit_events;
      create index audit_events_at on audit_events (at, id);
      create index audit_events_type on audit_events (type, at);
      create index audit_events_actor on audit_events (actor_id, at);
      create index audit_events_target on audit_events (target_id, at) where target_id is not null;
    `,
  },
  {
    name: '0008_admin_credentials',
    sql: `
      -- Admin credentials with roles; the keys that exist already (the bootstrap key) are admins.
      -- Rebuilt: a revoked credential frees its name (unique among those not revoked only).
      create table admin_keys_next (
        id text primary key,
        name text not null,
        key_hash text not null unique,
        role text not null default 'admin' check (role in ('admin', 'auditor')),
        created_at integer not null,
        expires_at integer,
        last_used_at integer,
        disabled_at integer
      );
      insert into admin_keys_next (id, name, key_hash, role, created_at, disabled_at)
        select id, name, key_hash, 'admin', created_at, disabled_at from admin_keys;
      drop table admin_keys;
      alter table admin_keys_next rename to admin_keys;
      create unique index admin_keys_active_name on admin_keys (name) where disabled_at is null;
    `,
  },
  {
    name: '0009_client_keys',
    sql: `
      -- A client's keys in their own table: several at once (rotation with an overlap), each with
      -- an optional expiry and a revocation time. The existing keys move over unchanged; the
      -- client table is rebuilt without its key column (one process: no older replica reads it).
      create table client_keys (
        id text primary key,
        client_id text not null,
        key_hash text not null unique,
        created_at integer not null,
        expires_at integer,
        revoked_at integer
      );
      create index client_keys_client on client_keys (client_id, created_at);
      insert into client_keys (id, client_id, key_hash, created_at)
        select 'ck_' || lower(hex(randomblob(16))), id, key_hash, created_at from api_clients;
      create table api_clients_v2 (
        id text primary key,
        name text not null unique,
        grants text not null,
        disabled integer not null default 0,
        created_at integer not null,
        disabled_at integer
      );
      insert into api_clients_v2 (id, name, grants, disabled, created_at, disabled_at)
        select id, name, grants, disabled, created_at, disabled_at from api_clients;
      drop table api_clients;
      alter table api_clients_v2 rename to api_clients;
    `,
  },
];

/**
 * Applies the missing migrations (for tests of a migration: up to `until` included), each in its
 * own transaction; returns the names applied.
 */
export function migrateSqlite(db: Database.Database, until?: string): string[] {
  db.exec(
    'create table if not exists runid_migrations (name text primary key, applied_at integer not null)',
  );
  const done = new Set(
    (db.prepare('select name from runid_migrations').all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const applied: string[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.name)) {
      if (migration.name === until) break;
      continue;
    }
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('insert into runid_migrations (name, applied_at) values (?, ?)').run(
        migration.name,
        Date.now(),
      );
    }).immediate();
    applied.push(migration.name);
    if (migration.name === until) break;
  }
  return applied;
}
