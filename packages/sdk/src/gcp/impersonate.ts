import { type CloudErrorCode, RunIdArgumentError, RunIdCloudError } from '../errors.js';
import { cloudRetryDecision, parseJsonObject } from '../http/cloud-retry.js';
import { type FetchFn, postJson } from '../http/form-post.js';
import { type RetryOptions, resolveRetryPolicy, withRetry } from '../retry.js';
import { GOOGLE_CLOUD_PLATFORM_SCOPE, googleImpersonationUrl } from './constants.js';
import type { GoogleAccessToken } from './sts.js';

export interface GoogleImpersonationOptions {
  serviceAccount: string;
  /** The federated access token from Google STS. */
  federatedAccessToken: string;
  scopes?: string[] | undefined;
  /** 1–3 600 s (longer needs an org policy exception). Default 3 600. */
  lifetimeSeconds?: number | undefined;
  /** Default `https://iamcredentials.googleapis.com`. */
  iamCredentialsUrl?: string | undefined;
  fetch?: FetchFn | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryOptions | false | undefined;
  signal?: AbortSignal | undefined;
}

const TRANSIENT = new Set(['UNAVAILABLE', 'INTERNAL', 'RESOURCE_EXHAUSTED']);

/** IAM Credentials `generateAccessToken`: the federated identity acts as a service account. */
export async function generateGoogleAccessToken(
  options: GoogleImpersonationOptions,
): Promise<GoogleAccessToken> {
  const lifetime = options.lifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 43_200) {
    throw new RunIdArgumentError('lifetimeSeconds', `must be an integer 1–43 200, got ${lifetime}`);
  }
  const url = googleImpersonationUrl(options.serviceAccount, options.iamCredentialsUrl);
  const body = { scope: options.scopes ?? [GOOGLE_CLOUD_PLATFORM_SCOPE], lifetime: `${lifetime}s` };
  return withRetry(
    async () => {
      const answer = await postJson(url, body, {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        headers: {
          authorization: `Bearer ${options.federatedAccessToken}`,
          accept: 'application/json',
        },
      });
      const json = parseJsonObject(answer.text);
      if (answer.status === 200 && json) {
        const expiresAt = new Date(String(json.expireTime));
        if (typeof json.accessToken === 'string' && !Number.isNaN(expiresAt.getTime())) {
          return { accessToken: json.accessToken, expiresAt };
        }
      }
      throw mapIamError(answer.status, json, options.serviceAccount);
    },
    (error) => cloudRetryDecision(error, TRANSIENT),
    resolveRetryPolicy(options.retry),
    options.signal,
  );
}

function mapIamError(
  status: number,
  json: Record<string, unknown> | undefined,
  serviceAccount: string,
): RunIdCloudError {
  const error = json?.error;
  if (typeof error !== 'object' || error === null) {
    return new RunIdCloudError({
      provider: 'gcp',
      code: 'invalid_response',
      status,
      providerCode: 'InvalidResponse',
      providerMessage: `IAM Credentials answered ${status} without a readable body`,
    });
  }
  const e = error as Record<string, unknown>;
  const statusName = typeof e.status === 'string' ? e.status : `HTTP_${status}`;
  const message = typeof e.message === 'string' ? e.message : statusName;
  let code: CloudErrorCode = 'cloud_error';
  let hint: string | undefined;
  if (statusName === 'PERMISSION_DENIED' || status === 403) {
    code = 'access_denied';
    hint = `grant roles/iam.workloadIdentityUser on ${serviceAccount} to the federated principal (principal://…/subject/<sub> or a principalSet of the pool)`;
  } else if (statusName === 'UNAUTHENTICATED' || status === 401) {
    code = 'invalid_identity_token';
    hint =
      'the federated access token was refused: exchange a fresh RunID token at Google STS first';
  } else if (statusName === 'NOT_FOUND' || status === 404) {
    hint = `service account ${serviceAccount} does not exist: check the email`;
  } else if (TRANSIENT.has(statusName)) {
    code = status === 429 ? 'throttled' : 'cloud_error';
  }
  return new RunIdCloudError({
    provider: 'gcp',
    code,
    status,
    providerCode: statusName,
    providerMessage: message,
    ...(hint === undefined ? {} : { hint }),
  });
}
