export { type Algorithm, SUPPORTED_ALGORITHMS } from './algorithms.js';
export { type CacheBounds, DEFAULT_CACHE_BOUNDS } from './cache-control.js';
export type { Clock } from './clock.js';
export {
  DEFAULT_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_REFETCH_COOLDOWN_SECONDS,
  type IssuerConfig,
  MAX_CLOCK_TOLERANCE_SECONDS,
  type VerifierOptions,
} from './config.js';
export {
  type ConfigErrorCode,
  describeFailure,
  type ErrorIssue,
  sanitizeUnverified,
  statusForCode,
  VERIFY_ERROR_CODES,
  VerifierError,
  type VerifierErrorCode,
  type VerifyErrorCode,
  type VerifyFailure,
} from './errors.js';
export type { FetchInit, FetchLike, PostFetchLike, PostInit, ResponseLike } from './fetch.js';
export type { JwsHeader } from './header.js';
export {
  DEFAULT_INTROSPECTION_CACHE_SECONDS,
  type IntrospectionAnswer,
  type IntrospectionOptions,
  MAX_INTROSPECTION_CACHE_SECONDS,
} from './introspection.js';
export type { JwksCacheStatus } from './jwks-cache.js';
export {
  type Authentication,
  authenticate,
  type MiddlewareOptions,
  type ProblemBody,
  type RejectionEvent,
} from './middleware/authenticate.js';
export { type BearerExtraction, extractBearer } from './middleware/bearer.js';
export {
  type ExpressMiddleware,
  type ExpressNext,
  type ExpressRequestLike,
  type ExpressResponseLike,
  expressVerifier,
  verifiedFrom,
} from './middleware/express.js';
export {
  type RequestLike,
  type RequestVerification,
  verifyRequest,
  withVerifiedToken,
} from './middleware/fetch.js';
export {
  type CompiledPolicy,
  type Condition,
  type ConditionKind,
  compilePolicy,
  evaluatePolicy,
  explain,
  type PolicyFailure,
  type PolicyResult,
  preparePolicy,
  type Scalar,
  type TrustPolicy,
  validatePolicy,
} from './policy.js';
export {
  createVerifier,
  type GenericClaims,
  type GenericVerified,
  type IssuerStatus,
  type ReloadReport,
  type RunIdVerified,
  type Verifier,
  type VerifyResult,
  type VerifySuccess,
} from './verifier.js';
