import type { Operation } from './kinds.js';

/** Registered claims on every token RunID mints (token-formats.md). */
export interface StandardClaims {
  iss: string;
  sub: string;
  /** RunID always mints one string; verifiers also accept a non-empty array (RFC 7519). */
  aud: string | string[];
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

/**
 * The claim that names the run a token was minted in (`POST /api/v1/runs`), on tokens of every
 * kind minted with a run credential; absent otherwise, so a token outside a run keeps the
 * documented format byte for byte. RunID's own claim, so never under the `oidc` claim namespace.
 */
export const RUN_ID_CLAIM = 'run_id';

/** What a token minted inside a run carries besides its kind's claims. */
export interface RunClaims {
  /** The run's id (`run_…`). */
  run_id: string;
}

/** Custom claims of kind `deployment` (v1 issuer). */
export interface DeploymentClaims {
  org: string;
  project: string;
  stack: string;
  /** `<org>/<project>/<stack>` */
  stackId: string;
  operation: Operation;
  deployment: number;
  scope: 'write';
}

/** Custom claims of kind `environment` (v1 issuer). */
export interface EnvironmentClaims {
  current_env: string;
  root_env: string;
  trigger_user: string;
  org: string;
  /** Same as `root_env`, for Vault-style bound claims. */
  env: string;
}

/** The registered claims every RunID token carries. */
export const STANDARD_CLAIM_NAMES = ['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'jti'] as const;

/** Custom claim names of kind `deployment`. */
export const DEPLOYMENT_CLAIM_NAMES = [
  'org',
  'project',
  'stack',
  'stackId',
  'operation',
  'deployment',
  'scope',
] as const;

/** Custom claim names of kind `environment`. */
export const ENVIRONMENT_CLAIM_NAMES = [
  'current_env',
  'root_env',
  'trigger_user',
  'org',
  'env',
] as const;

/** Custom claim names of kind `oidc` without their namespace; rendered as `<claimNamespace><name>`. */
export const OIDC_CLAIM_NAMES = [
  'org',
  'org_id',
  'current_env',
  'current_env_id',
  'root_env',
  'root_env_id',
  'actor',
  'actor_id',
] as const;
export type OidcClaimName = (typeof OIDC_CLAIM_NAMES)[number];

/** Custom claims of kind `oidc` with the default namespace `https://pulumi.com/`. */
export interface OidcClaims {
  'https://pulumi.com/org': string;
  'https://pulumi.com/org_id': string;
  'https://pulumi.com/current_env': string;
  'https://pulumi.com/current_env_id': string;
  'https://pulumi.com/root_env': string;
  /** Left out when the opened (root) environment has no id. */
  'https://pulumi.com/root_env_id'?: string;
  'https://pulumi.com/actor': string;
  'https://pulumi.com/actor_id': string;
}
