import type { AuditActorType, AuditEventType, AuditOutcome } from '../audit/event-types.js';
import type { SigningAlg } from '../config/config.js';

export type IssuerVersion = 'v1' | 'v2';
export type KeyState = 'next' | 'current' | 'retired' | 'removed';
export type TokenKindName = 'deployment' | 'environment' | 'oidc';

export interface SigningKeyRecord {
  id: string;
  issuer: IssuerVersion;
  kid: string;
  alg: SigningAlg;
  state: KeyState;
  publicJwk: string;
  privateKeyEnc: string;
  createdAt: Date;
  notBefore: Date | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
  removedAt: Date | null;
  /** Planned removal from the JWKS (the rotation model's `removeAfter`). */
  publishUntil: Date | null;
  /** First time it appeared in the JWKS; null = generated but never published (a crash). */
  publishedAt: Date | null;
  activation: ActivationMode | null;
  compromised: boolean;
}

export type ActivationMode = 'scheduled' | 'bootstrap' | 'emergency';

/**
 * The settings every replica and CLI of one deployment must share, recorded in the store at
 * first start: tokens carry the issuer URL as `iss`, relying parties trust one algorithm, and
 * trust policies match subjects and claim names built from the namespaces.
 */
export interface DeploymentSettings {
  /** The base URL of the issuers (`iss` = `<issuerUrl>/oidc`, `<issuerUrl>/oidc/v2`). */
  issuerUrl: string;
  signingAlg: SigningAlg;
  /** RUNID_SUBJECT_NAMESPACE: the first segment of every `sub` trust policies match. */
  subjectNamespace: string;
  /** RUNID_CLAIM_NAMESPACE: the prefix of the v2 tokens' custom claim names. */
  claimNamespace: string;
}

export interface RecordedDeployment extends DeploymentSettings {
  recordedAt: Date;
}

export interface KeyStateChange {
  state: KeyState;
  activatedAt?: Date;
  retiredAt?: Date;
  removedAt?: Date;
  publishUntil?: Date | null;
  publishedAt?: Date;
  activation?: ActivationMode;
  compromised?: boolean;
}

/** One committed key-set transition, as logged in the store. */
export interface KeyTransitionRecord {
  issuer: IssuerVersion;
  type: string;
  keyId: string | null;
  reason: string;
  /** Which process committed it (host:pid:random). */
  replica: string;
  at: Date;
}

/** A client without its keys (what the authenticator needs beside the key it found). */
export interface ClientFields {
  id: string;
  name: string;
  /** The grants as stored (JSON of the contract's `Grant[]`). */
  grants: unknown[];
  disabled: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface ClientRecord extends ClientFields {
  /** Every key the client ever had, newest first (by createdAt, then id). */
  keys: ClientKeyRecord[];
}

/** One client key: only its hash is stored. Valid while not revoked and before `expiresAt`. */
export interface ClientKeyRecord {
  id: string;
  clientId: string;
  keyHash: string;
  createdAt: Date;
  /** Null: never expires. */
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A client key with its client, as `findClientByKeyHash` answers. */
export interface ClientCredential {
  client: ClientFields;
  key: ClientKeyRecord;
}

/** A key rotation: `key` is added, the client's keys valid at `at` expire by `oldKeysExpireAt`. */
export interface ClientKeyRotation {
  clientId: string;
  key: ClientKeyRecord;
  oldKeysExpireAt: Date;
  at: Date;
  /** Refused (`too_many_keys`, nothing written) when more would be valid at `at` after it. */
  maxValidKeys: number;
}

/**
 * How many keys are valid right after a rotation, given how many are before it: the new one, plus
 * the old ones unless the overlap is zero (they expire at the rotation itself).
 */
export function validAfterRotation(validBefore: number, rotation: ClientKeyRotation): number {
  return (rotation.oldKeysExpireAt.getTime() > rotation.at.getTime() ? validBefore : 0) + 1;
}

export function clientKeyValid(key: ClientKeyRecord, now: number): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now);
}

/** `admin`: every admin operation; `auditor`: read-only (see `auth/roles.ts`). */
export type AdminRole = 'admin' | 'auditor';

/** An admin credential (`rid_admin_…`); the bootstrap key is the one named `bootstrap`. */
export interface AdminKeyRecord {
  id: string;
  name: string;
  keyHash: string;
  role: AdminRole;
  createdAt: Date;
  /** When it ends by itself; null: until revoked. */
  expiresAt: Date | null;
  /** The last accepted use, written at most once a minute (`touchAdminKey`). */
  lastUsedAt: Date | null;
  /** When it was revoked (the column `disabled_at`); null while it is not. */
  revokedAt: Date | null;
}

/** Why a revoke was refused, or that there is nothing to revoke. */
export type AdminRevokeRefusal = 'not_found' | 'last_admin';

/**
 * A console session. Only the hash of its id is stored (the id is in the browser's HttpOnly
 * cookie); `adminKeyHash` ties it to the admin key that signed in, so replacing or disabling
 * that key ends it.
 */
export interface SessionRecord {
  idHash: string;
  adminKeyHash: string;
  adminName: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute timeout: the session ends then whatever the activity. */
  expiresAt: Date;
}

export interface AuditRecord {
  jti: string;
  kind: TokenKindName;
  iss: string;
  sub: string;
  aud: string;
  clientId: string;
  kid: string;
  iat: Date;
  exp: Date;
  /** The run that minted it, if any. */
  runId?: string | undefined;
  /** The request that minted it (`X-Request-Id`) and its source address, when known. */
  requestId?: string | null | undefined;
  source?: string | null | undefined;
}

export interface AuditQuery {
  jti?: string;
  sub?: string;
  clientId?: string;
  kind?: TokenKindName;
  /** A run's tokens; `null`: only tokens minted without a run. */
  runId?: string | null;
  since?: Date;
  until?: Date;
  /** `desc` (default): newest first; `asc`: oldest first (the export). */
  order?: 'asc' | 'desc';
  /** Keyset position: records strictly after this one in the chosen order (iat, jti). */
  after?: { iat: Date; jti: string };
  limit: number;
}

/** A JSON value as an audit event's detail holds it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * One security-relevant event (the `audit_events` table). `detail` is small JSON that never holds
 * a secret or a full token; the recorder (`src/audit/events.ts`) enforces both.
 */
export interface AuditEventRecord {
  id: string;
  at: Date;
  type: AuditEventType;
  actorType: AuditActorType;
  actorId: string;
  actorName: string | null;
  /** What the event acted on, e.g. `client` + its id; null when nothing in particular. */
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  source: string | null;
  outcome: AuditOutcome;
  /** The error code of a refusal or failure (`grant_denied`…); null on success. */
  reason: string | null;
  detail: { [key: string]: JsonValue };
}

export interface AuditEventQuery {
  types?: readonly AuditEventType[];
  actorId?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  /** `desc` (default): newest first; `asc`: oldest first (the export). */
  order?: 'asc' | 'desc';
  /** Keyset position: events strictly after this one in the chosen order (at, id). */
  after?: { at: Date; id: string };
  limit: number;
}

export type RunStateName = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'revoked';
export type RunOutcomeName = 'succeeded' | 'failed' | 'cancelled';

/**
 * One run. `state` is as stored: a `running` run past its `deadline` has ended by itself
 * (`effectiveRunState`), whether or not anything wrote that down.
 */
export interface RunRecord {
  id: string;
  clientId: string;
  credentialHash: string;
  kind: TokenKindName;
  /** The run's identity (the contract's `RunIdentity`, with `deployment` assigned). */
  identity: Record<string, unknown>;
  org: string;
  project: string | null;
  stack: string | null;
  deployment: number | null;
  platforms: string[] | null;
  audiences: string[] | null;
  state: RunStateName;
  createdAt: Date;
  deadline: Date;
  endedAt: Date | null;
}

/** A new run; `deployment: null` on a deployment run asks the store for the next number. */
export type NewRun = Omit<RunRecord, 'state' | 'endedAt'>;

export interface RunQuery {
  state?: RunStateName;
  org?: string;
  project?: string;
  stack?: string;
  /** Keyset position: runs strictly older than this (createdAt, id). */
  after?: { createdAt: Date; id: string };
  /** The clock's now, for telling running from expired. */
  now: Date;
  limit: number;
}

/** A token's audit record and the state of the run that minted it (introspection's one read). */
export interface IssuedToken {
  record: AuditRecord;
  /** Undefined for a token minted with a client key (or a run that no longer exists). */
  run: Pick<RunRecord, 'id' | 'state' | 'deadline'> | undefined;
}

export function effectiveRunState(
  run: Pick<RunRecord, 'state' | 'deadline'>,
  now: Date,
): RunStateName {
  return run.state === 'running' && run.deadline.getTime() <= now.getTime() ? 'expired' : run.state;
}
