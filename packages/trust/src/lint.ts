export { AWS_TRUST_POLICY_MAX_CHARS, type AwsLintInput, lintAws } from './lint/aws.js';
export { AZURE_MAX_CREDENTIALS, type AzureLintInput, lintAzure } from './lint/azure.js';
export { type Breadth, wildcardBreadth } from './lint/breadth.js';
export { type Finding, LINT_RULES, type LintRule, type Severity } from './lint/finding.js';
export { type GcpLintInput, lintGcp } from './lint/gcp.js';
export { lintVault } from './lint/vault.js';
