import { type CloudErrorCode, RunIdArgumentError, RunIdCloudError, RunIdError } from '../errors.js';
import { type FetchFn, postForm } from '../http/form-post.js';
import { describeTokenIdentity } from '../jwt-peek.js';
import { type RetryOptions, resolveRetryPolicy, withRetry } from '../retry.js';
import { type Env, resolveStsEndpoint } from './endpoint.js';
import { checkDurationSeconds, checkRoleArn, checkRoleSessionName } from './limits.js';
import { parseStsXml } from './sts-xml.js';

export interface AssumeRoleWithWebIdentityOptions {
  roleArn: string;
  /** The RunID token (its `aud` must be a client ID of the account's IAM OIDC provider). */
  webIdentityToken: string;
  /** 2–64 characters `[\w+=,.@-]`; shows in CloudTrail. */
  roleSessionName: string;
  /** 900–43 200 and at most the role's MaxSessionDuration; STS defaults to 3 600. */
  durationSeconds?: number | undefined;
  /** An inline session policy (JSON) that narrows the role. */
  policy?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  env?: Env | undefined;
  fetch?: FetchFn | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryOptions | false | undefined;
  signal?: AbortSignal | undefined;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string | undefined;
  assumedRoleId: string | undefined;
  subjectFromWebIdentityToken: string | undefined;
  audience: string | undefined;
  provider: string | undefined;
  requestId: string | undefined;
  region: string;
}

const STS_API_VERSION = '2011-06-15';

// STS codes that say "try again", and the ones that say "this token or role will never work".
const RETRYABLE = new Set([
  'IDPCommunicationError',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalFailure',
  'ServiceUnavailable',
]);

/**
 * `AssumeRoleWithWebIdentity` over the STS Query API: an unsigned form POST (the token is the
 * credential), answered in XML. Safe to retry: a repeated call only opens another session.
 */
export async function assumeRoleWithWebIdentity(
  options: AssumeRoleWithWebIdentityOptions,
): Promise<AwsCredentials> {
  checkRoleArn(options.roleArn);
  checkRoleSessionName(options.roleSessionName);
  if (options.durationSeconds !== undefined) checkDurationSeconds(options.durationSeconds);
  if (options.webIdentityToken.length < 4 || options.webIdentityToken.length > 20_000) {
    throw new RunIdArgumentError('webIdentityToken', 'must be 4–20 000 characters (AWS limit)');
  }
  const { url, region } = resolveStsEndpoint(options);
  const fields: Record<string, string> = {
    Action: 'AssumeRoleWithWebIdentity',
    Version: STS_API_VERSION,
    RoleArn: options.roleArn,
    RoleSessionName: options.roleSessionName,
    WebIdentityToken: options.webIdentityToken,
  };
  if (options.durationSeconds !== undefined)
    fields.DurationSeconds = String(options.durationSeconds);
  if (options.policy !== undefined) fields.Policy = options.policy;

  const policy = resolveRetryPolicy(options.retry);
  return withRetry(
    async () => {
      const answer = await postForm(url, fields, {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      const parsed = parseStsXml(answer.text);
      if (answer.status === 200 && parsed.success) {
        const s = parsed.success;
        const expiration = new Date(s.expiration);
        if (Number.isNaN(expiration.getTime())) throw invalidAnswer(answer.status, 'Expiration');
        return { ...s, expiration, region };
      }
      if (parsed.failure) {
        throw mapStsError(answer.status, parsed.failure, options);
      }
      throw invalidAnswer(answer.status, answer.status === 200 ? 'Credentials' : 'Error');
    },
    (error) => {
      if (error instanceof RunIdCloudError) {
        return RETRYABLE.has(error.providerCode) || error.status >= 500 ? {} : false;
      }
      return error instanceof RunIdError &&
        (error.code === 'network_error' || error.code === 'timeout')
        ? {}
        : false;
    },
    policy,
    options.signal,
  );
}

function invalidAnswer(status: number, missing: string): RunIdCloudError {
  return new RunIdCloudError({
    provider: 'aws',
    code: 'invalid_response',
    status,
    providerCode: 'InvalidResponse',
    providerMessage: `STS answered ${status} without a readable ${missing} element`,
    hint: 'check that AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL point at STS',
  });
}

function mapStsError(
  status: number,
  failure: { code: string; message: string; requestId: string | undefined },
  options: AssumeRoleWithWebIdentityOptions,
): RunIdCloudError {
  const who = describeTokenIdentity(options.webIdentityToken);
  let code: CloudErrorCode = 'cloud_error';
  let hint: string | undefined;
  switch (failure.code) {
    case 'InvalidIdentityToken':
      code = 'invalid_identity_token';
      hint = `STS refused ${who}: the account needs an IAM OIDC identity provider whose URL is the token's iss and whose client IDs include its aud, and the issuer's JWKS must be reachable over public https`;
      break;
    case 'IDPCommunicationError':
      code = 'idp_communication_error';
      hint =
        "STS could not fetch the issuer's discovery document or JWKS: they must be served over public https and answer within 5 seconds";
      break;
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      code = 'expired_token';
      hint =
        'the token expired before STS checked it: mint it right before the exchange and check this machine’s clock (AWS allows 5 minutes of skew)';
      break;
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'IDPRejectedClaim':
      code = 'access_denied';
      hint = `check the trust policy of ${options.roleArn}: Principal.Federated must be the OIDC provider of the token's issuer, and its Condition on <issuer-host>:aud and <issuer-host>:sub must match ${who}`;
      break;
    case 'Throttling':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      code = 'throttled';
      break;
    case 'ValidationError':
      hint =
        'a parameter breaks an STS limit, e.g. DurationSeconds above the role’s MaxSessionDuration';
      break;
    case 'RegionDisabledException':
      hint = `STS is not activated in ${resolveStsEndpoint(options).region} for this account: use another region or activate it in IAM account settings`;
      break;
  }
  return new RunIdCloudError({
    provider: 'aws',
    code,
    status,
    providerCode: failure.code,
    providerMessage: failure.message,
    ...(hint === undefined ? {} : { hint }),
    ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }),
  });
}
