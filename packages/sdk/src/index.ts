export { ERROR_CODES, isErrorCode } from './api-errors.js';
export {
  awsCredentialEnv,
  type CredentialProcessOutput,
  toCredentialProcessOutput,
} from './aws/credential-process.js';
export { type Env, resolveStsEndpoint, type StsEndpointOptions } from './aws/endpoint.js';
export {
  checkDurationSeconds,
  checkRoleArn,
  checkRoleSessionName,
  defaultRoleSessionName,
  MAX_SESSION_DURATION_SECONDS,
  MIN_SESSION_DURATION_SECONDS,
  ROLE_SESSION_NAME_PATTERN,
} from './aws/limits.js';
export {
  type AssumeRoleWithWebIdentityOptions,
  type AwsCredentials,
  assumeRoleWithWebIdentity,
} from './aws/sts.js';
export { azureTokenEndpoint, DEFAULT_AZURE_AUTHORITY_HOST } from './azure/authority.js';
export {
  AZURE_CLIENT_ASSERTION_TYPE,
  AZURE_TOKEN_EXCHANGE_AUDIENCE,
  type AzureAccessToken,
  type AzureClientAssertionOptions,
  DEFAULT_AZURE_SCOPE,
  exchangeAzureClientAssertion,
} from './azure/client-assertion.js';
export {
  EXIT,
  type ExitCode,
  exitCodeForApiError,
  SIGNAL_EXIT_BASE,
} from './cli/exit-codes.js';
export {
  type CallOptions,
  type ClientOptions,
  type ConditionalOptions,
  createClient,
  createRunIdClient,
  DEFAULT_TIMEOUT_MS,
  OPERATION_METHODS,
  type RunIdClient,
} from './client.js';
export {
  type FromRunIdOptions,
  fromRunId,
  type RunIdAwsCredentialIdentity,
  type RunIdAwsCredentialProvider,
} from './credentials/aws.js';
export {
  type RunIdAzureAccessToken,
  RunIdAzureCredential,
  type RunIdAzureCredentialOptions,
} from './credentials/azure.js';
export {
  type GoogleExternalAccountClientOptions,
  googleExternalAccountClientOptions,
  type RunIdSubjectTokenSupplier,
  runIdSubjectTokenSupplier,
} from './credentials/gcp.js';
export {
  createRefreshing,
  DEFAULT_CREDENTIAL_REFRESH_MARGIN_MS,
  type Expiring,
  type RefreshingOptions,
} from './credentials/refreshing.js';
export type { RunIdTokenInput } from './credentials/source.js';
export {
  type CloudErrorCode,
  type CloudProvider,
  type FieldError,
  isRunIdError,
  type LocalErrorCode,
  RunIdAbortError,
  RunIdApiError,
  RunIdArgumentError,
  RunIdCloudError,
  RunIdError,
  type RunIdErrorCode,
  RunIdNetworkError,
  RunIdTimeoutError,
} from './errors.js';
export { writeFileAtomic } from './files/atomic-write.js';
export {
  createTokenFileRefresher,
  type Scheduler,
  type TokenFileRefresher,
  type TokenFileRefresherOptions,
} from './files/token-file-refresher.js';
export { type GoogleCredentialOptions, getGoogleAccessToken } from './gcp/access-token.js';
export {
  GOOGLE_CLOUD_PLATFORM_SCOPE,
  GOOGLE_IAM_CREDENTIALS_URL,
  GOOGLE_STS_URL,
  googleImpersonationUrl,
  googleWorkloadIdentityAudience,
  type WorkloadIdentityProvider,
} from './gcp/constants.js';
export {
  type ExternalAccountConfig,
  type ExternalAccountOptions,
  googleExternalAccountConfig,
} from './gcp/external-account.js';
export { type GoogleImpersonationOptions, generateGoogleAccessToken } from './gcp/impersonate.js';
export {
  exchangeGoogleStsToken,
  type GoogleAccessToken,
  type GoogleStsOptions,
} from './gcp/sts.js';
export type { FetchFn } from './http/form-post.js';
export {
  DEFAULT_REFRESH_FRACTION,
  DEFAULT_REFRESH_MARGIN_MS,
  defaultRefreshWhen,
  type RefreshWhen,
  refreshMarginMs,
  type TokenTiming,
} from './refresh-policy.js';
export { backoffDelay, parseRetryAfter, type RetryOptions } from './retry.js';
export { type RunTokenSourceOptions, runTokenSource } from './run-token-source.js';
export { canonicalJson, createTokenCache, type TokenCache } from './token-cache.js';
export {
  createTokenSource,
  type TokenSource,
  type TokenSourceOptions,
  tokenTiming,
} from './token-source.js';
export type * from './types.js';
export { SDK_VERSION } from './version.js';
