import type { Env } from '../aws/endpoint.js';
import { exchangeAzureClientAssertion } from '../azure/client-assertion.js';
import { RunIdArgumentError } from '../errors.js';
import type { FetchFn } from '../http/form-post.js';
import type { RetryOptions } from '../retry.js';
import { createRefreshing, type RefreshingOptions } from './refreshing.js';
import { type RunIdTokenInput, tokenSourceOf } from './source.js';

/** Structurally `AccessToken` of `@azure/core-auth`. */
export interface RunIdAzureAccessToken {
  token: string;
  /** ms since the epoch. */
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
  tokenType?: 'Bearer';
}

export type RunIdAzureCredentialOptions = RunIdTokenInput &
  RefreshingOptions & {
    tenantId: string;
    clientId: string;
    authorityHost?: string | undefined;
    env?: Env | undefined;
    fetch?: FetchFn | undefined;
    timeoutMs?: number | undefined;
    retry?: RetryOptions | false | undefined;
  };

/**
 * A `TokenCredential` (structurally, as `@azure/core-auth` defines it) for any Azure SDK client,
 * like `ClientAssertionCredential` with RunID as the assertion: one cached access token per scope
 * set, refreshed `refreshMarginMs` before expiry, single-flight.
 */
export class RunIdAzureCredential {
  readonly #options: RunIdAzureCredentialOptions;
  readonly #tokens;
  readonly #byScope = new Map<string, ReturnType<typeof createRefreshing<RunIdAzureAccessToken>>>();

  constructor(options: RunIdAzureCredentialOptions) {
    if (typeof options.tenantId !== 'string' || options.tenantId.trim() === '') {
      throw new RunIdArgumentError('tenantId', 'is required');
    }
    if (typeof options.clientId !== 'string' || options.clientId.trim() === '') {
      throw new RunIdArgumentError('clientId', 'is required');
    }
    this.#options = options;
    this.#tokens = tokenSourceOf(options);
  }

  async getToken(
    scopes: string | string[],
    _options?: { abortSignal?: unknown },
  ): Promise<RunIdAzureAccessToken> {
    const list = typeof scopes === 'string' ? [scopes] : scopes;
    if (list.length !== 1 || typeof list[0] !== 'string' || list[0] === '') {
      throw new RunIdArgumentError('scopes', 'must be exactly one scope, e.g. <resource>/.default');
    }
    const scope = list[0];
    let entry = this.#byScope.get(scope);
    if (entry === undefined) {
      const o = this.#options;
      entry = createRefreshing(async () => {
        const minted = await this.#tokens.getToken();
        const answer = await exchangeAzureClientAssertion({
          tenantId: o.tenantId,
          clientId: o.clientId,
          assertion: minted.token,
          scope,
          authorityHost: o.authorityHost,
          env: o.env,
          fetch: o.fetch,
          timeoutMs: o.timeoutMs,
          retry: o.retry,
        });
        const expiresAt = answer.expiresAt.getTime();
        const value: RunIdAzureAccessToken = {
          token: answer.accessToken,
          expiresOnTimestamp: expiresAt,
          tokenType: 'Bearer',
        };
        return { value, expiresAt };
      }, this.#options);
      this.#byScope.set(scope, entry);
    }
    return entry.get();
  }
}
