export { type AwsContext, type ConditionFailure, evaluateConditions } from './aws/conditions.js';
export {
  type AwsProvider,
  type AwsRole,
  type AwsTarget,
  providerPrefix,
  readAwsProvider,
  readAwsRole,
  readAwsTrustPolicy,
} from './aws/config.js';
export { type PolicyProblem, trustPolicyProblem } from './aws/policy-check.js';
export {
  AWS_CLOCK_SKEW_SECONDS,
  AWS_TAGS_CLAIM,
  type AwsSimulateOptions,
  simulateAws,
} from './aws/simulate.js';
export { type AzureCredential, readAzureCredentials } from './azure/config.js';
export {
  AZURE_MAX_LIFETIME_SECONDS,
  type AzureSimulateOptions,
  simulateAzure,
} from './azure/simulate.js';
export { TRUST_ERROR_CODES, type TrustErrorCode, TrustInputError } from './errors.js';
export { evaluateCel, extract } from './gcp/cel.js';
export {
  type GcpBinding,
  type GcpIamPolicy,
  type GcpProvider,
  type GcpTarget,
  readGcpIamPolicy,
  readGcpProvider,
} from './gcp/config.js';
export {
  GCP_MAX_LIFETIME_SECONDS,
  GCP_SUBJECT_MAX_BYTES,
  type GcpSimulateOptions,
  simulateGcp,
} from './gcp/simulate.js';
export * from './generate.js';
export { awsLike, vaultGlob } from './glob.js';
export { type DuplicateKey, type ParsedJson, parseJson } from './json.js';
export * from './lint.js';
export { type ParsedToken, parseToken, type TokenSource } from './token.js';
export {
  type Accepted,
  type FailedCheck,
  RELYING_PARTIES,
  type Refused,
  type RelyingParty,
  type SimulateOptions,
  STAGES,
  type Stage,
  type TokenClaims,
  type Verdict,
} from './types.js';
export {
  readVaultRole,
  type VaultMountConfig,
  type VaultRole,
  type VaultTarget,
} from './vault/config.js';
export { simulateVault, type VaultSimulateOptions, vaultLeeway } from './vault/simulate.js';
