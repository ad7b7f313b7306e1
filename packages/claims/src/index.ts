export { type BuiltClaims, buildClaims } from './build.js';
export {
  DEPLOYMENT_CLAIM_NAMES,
  type DeploymentClaims,
  ENVIRONMENT_CLAIM_NAMES,
  type EnvironmentClaims,
  OIDC_CLAIM_NAMES,
  type OidcClaimName,
  type OidcClaims,
  RUN_ID_CLAIM,
  type RunClaims,
  STANDARD_CLAIM_NAMES,
  type StandardClaims,
} from './claims.js';
export {
  AUDIENCE_MAX_LENGTH,
  COMPONENT_RULES,
  type ComponentRule,
  ENVIRONMENT_PATH_MAX_LENGTH,
} from './components.js';
export {
  DURATION_INPUT_TEXT,
  DURATION_PATTERN,
  durationSeconds,
  formatDuration,
  parseDuration,
  parseDurationMs,
  resolveLifetime,
} from './duration.js';
export { DURATION_EXAMPLES } from './duration-table.js';
export {
  CLAIMS_ERROR_CODES,
  type ClaimIssue,
  ClaimsError,
  type ClaimsErrorCode,
} from './errors.js';
export type {
  DeploymentTokenInput,
  EnvironmentTokenInput,
  NamespaceOptions,
  OidcTokenInput,
  TokenInput,
} from './inputs.js';
export {
  ISSUER_OF_KIND,
  type IssuerVersion,
  isTokenKind,
  LEGACY_DEFAULT_PROJECT,
  OPERATIONS,
  type Operation,
  PLATFORMS,
  type Platform,
  SUBJECT_ATTRIBUTES,
  type SubjectAttribute,
  TOKEN_KINDS,
  type TokenKind,
} from './kinds.js';
export { LIFETIMES, type LifetimeRange } from './lifetimes.js';
export { DEFAULT_CLAIM_NAMESPACE, DEFAULT_SUBJECT_NAMESPACE } from './namespaces.js';
export {
  type ParseClaimsOptions,
  type ParseClaimsResult,
  type ParsedClaims,
  parseClaims,
  parseClaimsOrThrow,
} from './parse-claims.js';
export { checkSubject, type ParsedSubject, parseSubject } from './parse-subject.js';
export {
  checkSubjectForPlatform,
  PLATFORM_SUBJECT_LIMITS,
  SUBJECT_CHECK_PLATFORMS,
  type SubjectCheckPlatform,
  type SubjectPlatformCheck,
} from './platforms.js';
export { JSON_SCHEMA_DIALECT, type JsonSchema, schemas } from './schemas.js';
export { checkTokenInput, validateTokenInput } from './validate.js';
