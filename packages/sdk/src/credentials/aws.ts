import type { Env } from '../aws/endpoint.js';
import {
  checkDurationSeconds,
  checkRoleArn,
  checkRoleSessionName,
  defaultRoleSessionName,
} from '../aws/limits.js';
import { assumeRoleWithWebIdentity } from '../aws/sts.js';
import type { FetchFn } from '../http/form-post.js';
import type { RetryOptions } from '../retry.js';
import { createRefreshing, type RefreshingOptions } from './refreshing.js';
import { type RunIdTokenInput, tokenSourceOf } from './source.js';

/**
 * Structurally the `AwsCredentialIdentity` of `@smithy/types` (what every `@aws-sdk/client-*`
 * accepts); declared here so the SDK does not depend on the AWS SDK.
 */
export interface RunIdAwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** When the SDK must ask this provider again (it refreshes earlier, see `refreshMarginMs`). */
  readonly expiration: Date;
}

/** Structurally an `AwsCredentialIdentityProvider`: pass it as `credentials:` to any client. */
export type RunIdAwsCredentialProvider = ((
  identityProperties?: Record<string, unknown>,
) => Promise<RunIdAwsCredentialIdentity>) & {
  /** Drops the cached credentials; the next call mints and exchanges again. */
  invalidate(): void;
};

export type FromRunIdOptions = RunIdTokenInput &
  RefreshingOptions & {
    roleArn: string;
    /** Default `runid-<jti>`. */
    roleSessionName?: string | undefined;
    durationSeconds?: number | undefined;
    region?: string | undefined;
    endpoint?: string | undefined;
    env?: Env | undefined;
    fetch?: FetchFn | undefined;
    timeoutMs?: number | undefined;
    retry?: RetryOptions | false | undefined;
  };

/**
 * AWS credentials from RunID: mints a token (reusing it while fresh), exchanges it with
 * `AssumeRoleWithWebIdentity`, caches the session and refreshes it `refreshMarginMs` (default
 * 5 min) before it expires. Concurrent calls share one mint and one exchange. Arguments are checked
 * here, before anything is sent.
 *
 * ```ts
 * const sts = new STSClient({ region: 'eu-west-1', credentials: fromRunId({ request, roleArn }) });
 * ```
 */
export function fromRunId(options: FromRunIdOptions): RunIdAwsCredentialProvider {
  checkRoleArn(options.roleArn);
  if (options.roleSessionName !== undefined) checkRoleSessionName(options.roleSessionName);
  if (options.durationSeconds !== undefined) checkDurationSeconds(options.durationSeconds);
  const tokens = tokenSourceOf(options);
  const cache = createRefreshing(async () => {
    const minted = await tokens.getToken();
    const aws = await assumeRoleWithWebIdentity({
      roleArn: options.roleArn,
      webIdentityToken: minted.token,
      roleSessionName:
        options.roleSessionName ?? defaultRoleSessionName(minted.claims.jti, Date.now()),
      durationSeconds: options.durationSeconds,
      region: options.region,
      endpoint: options.endpoint,
      env: options.env,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
    });
    const value: RunIdAwsCredentialIdentity = {
      accessKeyId: aws.accessKeyId,
      secretAccessKey: aws.secretAccessKey,
      sessionToken: aws.sessionToken,
      expiration: aws.expiration,
    };
    return { value, expiresAt: aws.expiration.getTime() };
  }, options);
  return Object.assign(() => cache.get(), { invalidate: () => cache.invalidate() });
}
