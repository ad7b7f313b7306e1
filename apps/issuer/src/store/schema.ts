import type { Generated } from 'kysely';

/** The tables, as Kysely sees them. The PostgreSQL schema. */
export interface Database {
  signing_keys: SigningKeysTable;
  api_clients: ApiClientsTable;
  client_keys: ClientKeysTable;
  admin_keys: AdminKeysTable;
  audit_tokens: AuditTokensTable;
  audit_events: AuditEventsTable;
  key_transitions: KeyTransitionsTable;
  deployment_settings: DeploymentSettingsTable;
  admin_sessions: AdminSessionsTable;
  runs: RunsTable;
  run_sequences: RunSequencesTable;
}

export interface DeploymentSettingsTable {
  id: number;
  issuer_url: string;
  signing_alg: 'RS256' | 'ES256';
  recorded_at: Date;
  subject_namespace: string | null;
  claim_namespace: string | null;
}

export interface AdminSessionsTable {
  id_hash: string;
  admin_key_hash: string;
  admin_name: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export interface RunsTable {
  id: string;
  client_id: string;
  credential_hash: string;
  kind: 'deployment' | 'environment' | 'oidc';
  /** JSON of the run's identity. */
  identity: string;
  org: string;
  project: string | null;
  stack: string | null;
  /** bigint: pg answers it as text. */
  deployment: string | number | null;
  /** JSON arrays, or null. */
  platforms: string | null;
  audiences: string | null;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'revoked';
  created_at: Date;
  deadline: Date;
  ended_at: Date | null;
}

export interface RunSequencesTable {
  org: string;
  project: string;
  stack: string;
  last: string | number;
}

export interface KeyTransitionsTable {
  seq: Generated<string>;
  issuer: 'v1' | 'v2';
  type: string;
  key_id: string | null;
  reason: string;
  replica: string;
  at: Date;
}

export interface SigningKeysTable {
  id: string;
  issuer: 'v1' | 'v2';
  kid: string;
  alg: 'RS256' | 'ES256';
  state: 'next' | 'current' | 'retired' | 'removed';
  /** The public JWK as JSON text (exact bytes kept so the JWKS is byte-stable across replicas). */
  public_jwk: string;
  /** `v1.<iv>.<ciphertext>.<tag>` (AES-256-GCM under the KEK, key id and kid as AAD). */
  private_key_enc: string;
  created_at: Date;
  /** When it may start signing (publish-ahead); null = as soon as it is current. */
  not_before: Date | null;
  activated_at: Date | null;
  retired_at: Date | null;
  removed_at: Date | null;
  /** Planned end of its publication in the JWKS: no token it signs may expire later. */
  publish_until: Date | null;
  /** First time it appeared in the JWKS; null = generated but never published. */
  published_at: Date | null;
  activation: 'scheduled' | 'bootstrap' | 'emergency' | null;
  /** Removed early by an emergency rotation. */
  compromised: Generated<boolean>;
}

export interface ApiClientsTable {
  id: string;
  name: string;
  /** Legacy (before client_keys): only for older replicas in a rolling upgrade; never read. */
  key_hash: string | null;
  grants: string;
  disabled: Generated<boolean>;
  created_at: Date;
  disabled_at: Date | null;
}

export interface ClientKeysTable {
  id: string;
  client_id: string;
  key_hash: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface AdminKeysTable {
  id: string;
  name: string;
  key_hash: string;
  role: Generated<'admin' | 'auditor'>;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  /** When it was revoked. */
  disabled_at: Date | null;
}

export interface AuditTokensTable {
  jti: string;
  kind: 'deployment' | 'environment' | 'oidc';
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  kid: string;
  iat: Date;
  exp: Date;
  run_id: Generated<string | null>;
  request_id: Generated<string | null>;
  source: Generated<string | null>;
}

export interface AuditEventsTable {
  id: string;
  at: Date;
  type: string;
  actor_type: 'client' | 'admin' | 'run' | 'system' | 'anonymous';
  actor_id: string;
  actor_name: string | null;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  source: string | null;
  outcome: 'success' | 'refused' | 'failure';
  reason: string | null;
  /** JSON object text. */
  detail: string;
}
