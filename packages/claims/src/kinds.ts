export const TOKEN_KINDS = ['deployment', 'environment', 'oidc'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export type IssuerVersion = 'v1' | 'v2';

/** v1 (`<base>/oidc`) mints the Pulumi-compatible kinds; v2 (`<base>/oidc/v2`) the custom-audience kind. */
export const ISSUER_OF_KIND: {
  readonly deployment: 'v1';
  readonly environment: 'v1';
  readonly oidc: 'v2';
} = Object.freeze({ deployment: 'v1', environment: 'v1', oidc: 'v2' });

export const OPERATIONS = [
  'preview',
  'update',
  'refresh',
  'destroy',
  'detect-drift',
  'remediate-drift',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const PLATFORMS = [
  'aws',
  'azure',
  'gcp',
  'vault',
  'doppler',
  'infisical',
  'snowflake',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const SUBJECT_ATTRIBUTES = [
  'rootEnvironment.name',
  'currentEnvironment.name',
  'pulumi.user.login',
  'pulumi.organization.login',
] as const;
export type SubjectAttribute = (typeof SUBJECT_ATTRIBUTES)[number];

/**
 * Environments of this project keep Pulumi's pre-project formats: `aud` is the bare org and the
 * default subject ends in `:env:<env>` (no project), so existing trust policies keep working.
 */
export const LEGACY_DEFAULT_PROJECT = 'default';

export function isTokenKind(value: unknown): value is TokenKind {
  return typeof value === 'string' && (TOKEN_KINDS as readonly string[]).includes(value);
}

export function isOperation(value: unknown): value is Operation {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value);
}

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}

export function isSubjectAttribute(value: unknown): value is SubjectAttribute {
  return typeof value === 'string' && (SUBJECT_ATTRIBUTES as readonly string[]).includes(value);
}
