import { RunIdArgumentError } from '../errors.js';

export const GOOGLE_STS_URL = 'https://sts.googleapis.com/v1/token';
export const GOOGLE_IAM_CREDENTIALS_URL = 'https://iamcredentials.googleapis.com';
export const GOOGLE_TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GOOGLE_JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const GOOGLE_ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const GOOGLE_CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

const AUDIENCE_PATTERN =
  /^\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/;
const ID_PATTERN = /^[a-z0-9-]{4,32}$/;
const SERVICE_ACCOUNT_PATTERN = /^[^@\s/]+@[a-z0-9.-]+$/;

export interface WorkloadIdentityProvider {
  projectNumber: string | number;
  pool: string;
  provider: string;
}

/** The STS `audience` of a workload identity pool provider. */
export function googleWorkloadIdentityAudience(p: WorkloadIdentityProvider): string {
  if (!/^\d+$/.test(String(p.projectNumber))) {
    throw new RunIdArgumentError('projectNumber', 'must be the numeric project number, not the id');
  }
  if (!ID_PATTERN.test(p.pool)) throw new RunIdArgumentError('pool', 'must be 4–32 of [a-z0-9-]');
  if (!ID_PATTERN.test(p.provider)) {
    throw new RunIdArgumentError('provider', 'must be 4–32 of [a-z0-9-]');
  }
  return `//iam.googleapis.com/projects/${p.projectNumber}/locations/global/workloadIdentityPools/${p.pool}/providers/${p.provider}`;
}

export function checkGoogleAudience(audience: string): void {
  if (!AUDIENCE_PATTERN.test(audience)) {
    throw new RunIdArgumentError(
      'audience',
      `must be //iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>, got ${JSON.stringify(audience)}`,
    );
  }
}

export function checkServiceAccount(email: string): void {
  if (!SERVICE_ACCOUNT_PATTERN.test(email)) {
    throw new RunIdArgumentError(
      'serviceAccount',
      `not a service account email: ${JSON.stringify(email)}`,
    );
  }
}

/** `…/v1/projects/-/serviceAccounts/<email>:generateAccessToken` under the IAM Credentials base URL. */
export function googleImpersonationUrl(
  serviceAccount: string,
  base = GOOGLE_IAM_CREDENTIALS_URL,
): string {
  checkServiceAccount(serviceAccount);
  return `${base.replace(/\/+$/, '')}/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`;
}
