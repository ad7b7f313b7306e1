import { type CloudErrorCode, RunIdCloudError } from '../errors.js';
import { cloudRetryDecision, parseJsonObject } from '../http/cloud-retry.js';
import { type FetchFn, postForm } from '../http/form-post.js';
import { describeTokenIdentity } from '../jwt-peek.js';
import { type RetryOptions, resolveRetryPolicy, withRetry } from '../retry.js';
import {
  checkGoogleAudience,
  GOOGLE_ACCESS_TOKEN_TYPE,
  GOOGLE_CLOUD_PLATFORM_SCOPE,
  GOOGLE_JWT_TOKEN_TYPE,
  GOOGLE_STS_URL,
  GOOGLE_TOKEN_EXCHANGE_GRANT,
} from './constants.js';

export interface GoogleStsOptions {
  /** `//iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>` */
  audience: string;
  /** The RunID token. */
  subjectToken: string;
  scope?: string | undefined;
  /** Default `https://sts.googleapis.com/v1/token`. */
  stsUrl?: string | undefined;
  fetch?: FetchFn | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryOptions | false | undefined;
  signal?: AbortSignal | undefined;
}

export interface GoogleAccessToken {
  accessToken: string;
  expiresAt: Date;
}

const TRANSIENT = new Set(['temporarily_unavailable', 'server_error']);

/** RFC 8693 token exchange at Google STS: the RunID token in, a federated access token out. */
export async function exchangeGoogleStsToken(
  options: GoogleStsOptions,
  clock: () => number = Date.now,
): Promise<GoogleAccessToken> {
  checkGoogleAudience(options.audience);
  const fields = {
    grant_type: GOOGLE_TOKEN_EXCHANGE_GRANT,
    audience: options.audience,
    scope: options.scope ?? GOOGLE_CLOUD_PLATFORM_SCOPE,
    requested_token_type: GOOGLE_ACCESS_TOKEN_TYPE,
    subject_token_type: GOOGLE_JWT_TOKEN_TYPE,
    subject_token: options.subjectToken,
  };
  return withRetry(
    async () => {
      const answer = await postForm(options.stsUrl ?? GOOGLE_STS_URL, fields, {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        headers: { accept: 'application/json' },
      });
      const body = parseJsonObject(answer.text);
      if (answer.status === 200 && body && typeof body.access_token === 'string') {
        const expiresIn = Number(body.expires_in);
        return {
          accessToken: body.access_token,
          expiresAt: new Date(clock() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000),
        };
      }
      throw mapStsError(answer.status, body, options);
    },
    (error) => cloudRetryDecision(error, TRANSIENT),
    resolveRetryPolicy(options.retry),
    options.signal,
  );
}

function mapStsError(
  status: number,
  body: Record<string, unknown> | undefined,
  options: GoogleStsOptions,
): RunIdCloudError {
  const error = typeof body?.error === 'string' ? body.error : undefined;
  if (error === undefined) {
    return new RunIdCloudError({
      provider: 'gcp',
      code: 'invalid_response',
      status,
      providerCode: 'InvalidResponse',
      providerMessage: `Google STS answered ${status} without a readable OAuth body`,
    });
  }
  const description = typeof body?.error_description === 'string' ? body.error_description : '';
  const who = describeTokenIdentity(options.subjectToken);
  let code: CloudErrorCode = 'cloud_error';
  let hint: string | undefined;
  if (error === 'invalid_grant') {
    if (/expired|stale|not yet valid/i.test(description)) {
      code = 'expired_token';
      hint = 'mint the token right before the exchange and check this machine’s clock';
    } else if (/audience/i.test(description)) {
      code = 'access_denied';
      hint = `the provider's allowed audiences must contain the aud of ${who} (by default Google expects the provider's full resource name)`;
    } else {
      code = 'invalid_identity_token';
      hint = `Google refused ${who}: the provider's issuer URI must equal the token's iss and its JWKS must be reachable over public https`;
    }
  } else if (error === 'unauthorized_client' || error === 'access_denied') {
    code = 'access_denied';
    hint = `check the provider's attribute mapping (google.subject ≤ 127 bytes) and attribute condition against ${who}`;
  } else if (error === 'invalid_target') {
    hint =
      'the pool or provider does not exist or is disabled: check the project number, pool and provider ids';
  } else if (TRANSIENT.has(error)) {
    code = 'idp_communication_error';
  }
  return new RunIdCloudError({
    provider: 'gcp',
    code,
    status,
    providerCode: error,
    providerMessage: description || error,
    ...(hint === undefined ? {} : { hint }),
  });
}
