import { googleExternalAccountConfig } from '../gcp/external-account.js';
import type { TokenSource } from '../token-source.js';
import { type RunIdTokenInput, tokenSourceOf } from './source.js';

/**
 * Structurally `SubjectTokenSupplier` of `google-auth-library`: give it as
 * `subject_token_supplier` to an `IdentityPoolClient` (an external-account client), which then
 * exchanges the RunID token at Google STS and impersonates the service account itself. The
 * library does not cache subject tokens; this supplier reuses the RunID token while it is fresh.
 */
export interface RunIdSubjectTokenSupplier {
  getSubjectToken(context?: { audience?: string; subjectTokenType?: string }): Promise<string>;
}

export function runIdSubjectTokenSupplier(input: RunIdTokenInput): RunIdSubjectTokenSupplier {
  const tokens: TokenSource = tokenSourceOf(input);
  return { getSubjectToken: async () => (await tokens.getToken()).token };
}

export interface GoogleExternalAccountClientOptions {
  type: 'external_account';
  audience: string;
  subject_token_type: 'urn:ietf:params:oauth:token-type:jwt';
  token_url: string;
  service_account_impersonation_url?: string;
  subject_token_supplier: RunIdSubjectTokenSupplier;
}

/**
 * The options of google-auth-library's `IdentityPoolClient`, fed by RunID:
 * `new IdentityPoolClient(googleExternalAccountClientOptions({ audience, request }))`.
 */
export function googleExternalAccountClientOptions(
  options: RunIdTokenInput & {
    audience: string;
    serviceAccount?: string | undefined;
    tokenUrl?: string | undefined;
    iamCredentialsUrl?: string | undefined;
  },
): GoogleExternalAccountClientOptions {
  // Reuse the file-config builder for its validation and URLs; swap the source for a supplier.
  const config = googleExternalAccountConfig({
    audience: options.audience,
    tokenFile: '/dev/null',
    serviceAccount: options.serviceAccount,
    tokenUrl: options.tokenUrl,
    iamCredentialsUrl: options.iamCredentialsUrl,
  });
  return {
    type: 'external_account',
    audience: config.audience,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: config.token_url,
    ...(config.service_account_impersonation_url === undefined
      ? {}
      : { service_account_impersonation_url: config.service_account_impersonation_url }),
    subject_token_supplier: runIdSubjectTokenSupplier(options),
  };
}
