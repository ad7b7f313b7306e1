export { type AwsGenerated, type AwsGenerateOptions, generateAws } from './generate/aws.js';
export { type AzureGenerated, type AzureGenerateOptions, generateAzure } from './generate/azure.js';
export {
  BOUNDED_SUBJECT_MAPPING,
  type GcpGenerated,
  type GcpGenerateOptions,
  generateGcp,
} from './generate/gcp.js';
export { type IntendedTokens, type Intent, intendedTokens, issuerFor } from './generate/intent.js';
export { generateVault, type VaultGenerated, type VaultGenerateOptions } from './generate/vault.js';
