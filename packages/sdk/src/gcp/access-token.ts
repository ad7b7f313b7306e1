import { type GoogleImpersonationOptions, generateGoogleAccessToken } from './impersonate.js';
import { exchangeGoogleStsToken, type GoogleAccessToken, type GoogleStsOptions } from './sts.js';

export interface GoogleCredentialOptions extends GoogleStsOptions {
  /** Impersonate this service account after the exchange (optional). */
  serviceAccount?: string | undefined;
  lifetimeSeconds?: GoogleImpersonationOptions['lifetimeSeconds'];
  iamCredentialsUrl?: string | undefined;
}

/** STS exchange, then `generateAccessToken` when a service account is named. */
export async function getGoogleAccessToken(
  options: GoogleCredentialOptions,
  clock: () => number = Date.now,
): Promise<GoogleAccessToken & { federated: GoogleAccessToken }> {
  const federated = await exchangeGoogleStsToken(options, clock);
  if (options.serviceAccount === undefined) return { ...federated, federated };
  const impersonated = await generateGoogleAccessToken({
    serviceAccount: options.serviceAccount,
    federatedAccessToken: federated.accessToken,
    scopes: [options.scope ?? 'https://www.googleapis.com/auth/cloud-platform'],
    lifetimeSeconds: options.lifetimeSeconds,
    iamCredentialsUrl: options.iamCredentialsUrl,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    signal: options.signal,
  });
  return { ...impersonated, federated };
}
