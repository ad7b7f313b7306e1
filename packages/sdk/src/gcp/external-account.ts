import {
  checkGoogleAudience,
  GOOGLE_IAM_CREDENTIALS_URL,
  GOOGLE_JWT_TOKEN_TYPE,
  GOOGLE_STS_URL,
  googleImpersonationUrl,
} from './constants.js';

export interface ExternalAccountOptions {
  audience: string;
  /** The file the token refresher keeps current (absolute path). */
  tokenFile: string;
  serviceAccount?: string | undefined;
  /** Lifetime of impersonated tokens, seconds. */
  tokenLifetimeSeconds?: number | undefined;
  tokenUrl?: string | undefined;
  iamCredentialsUrl?: string | undefined;
}

/** A Google `external_account` credential configuration whose `credential_source` is a file. */
export interface ExternalAccountConfig {
  type: 'external_account';
  audience: string;
  subject_token_type: typeof GOOGLE_JWT_TOKEN_TYPE;
  token_url: string;
  credential_source: { file: string; format: { type: 'text' } };
  service_account_impersonation_url?: string;
  service_account_impersonation?: { token_lifetime_seconds: number };
}

/** What `GOOGLE_APPLICATION_CREDENTIALS` points at; Google's SDKs do the exchange themselves. */
export function googleExternalAccountConfig(
  options: ExternalAccountOptions,
): ExternalAccountConfig {
  checkGoogleAudience(options.audience);
  const config: ExternalAccountConfig = {
    type: 'external_account',
    audience: options.audience,
    subject_token_type: GOOGLE_JWT_TOKEN_TYPE,
    token_url: options.tokenUrl ?? GOOGLE_STS_URL,
    credential_source: { file: options.tokenFile, format: { type: 'text' } },
  };
  if (options.serviceAccount !== undefined) {
    config.service_account_impersonation_url = googleImpersonationUrl(
      options.serviceAccount,
      options.iamCredentialsUrl ?? GOOGLE_IAM_CREDENTIALS_URL,
    );
    if (options.tokenLifetimeSeconds !== undefined) {
      config.service_account_impersonation = {
        token_lifetime_seconds: options.tokenLifetimeSeconds,
      };
    }
  }
  return config;
}
