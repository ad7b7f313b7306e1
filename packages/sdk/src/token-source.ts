import type { RunIdClient } from './client.js';
import { RunIdAbortError, RunIdApiError } from './errors.js';
import { defaultRefreshWhen, type RefreshWhen, type TokenTiming } from './refresh-policy.js';
import type { MintedToken, RunTokenRequest, TokenRequest } from './types.js';

export interface TokenSourceOptions {
  /** When to replace the cached token. Default {@link defaultRefreshWhen}. */
  refreshWhen?: RefreshWhen;
  /** Injected clock, ms since the epoch. Default `Date.now`. */
  clock?: () => number;
}

export interface TokenSource {
  /** The cached token while it is fresh, else a newly minted one. Concurrent calls share one mint. */
  getToken(options?: { signal?: AbortSignal }): Promise<MintedToken>;
  /** Drops the cached token (e.g. after a relying party refused it); the next call mints. */
  invalidate(): void;
  /** The cached token, fresh or not, without minting. */
  peek(): MintedToken | undefined;
}

type Minter = Pick<RunIdClient, 'mintToken'>;

export function createTokenSource(
  client: Minter,
  request: TokenRequest | RunTokenRequest,
  options: TokenSourceOptions = {},
): TokenSource {
  const refreshWhen = options.refreshWhen ?? defaultRefreshWhen;
  const clock = options.clock ?? Date.now;
  // Snapshot: mutating the caller's object later must not change what this source mints.
  const frozen = structuredClone(request);
  let cached: MintedToken | undefined;
  let inFlight: Promise<MintedToken> | undefined;
  let generation = 0;

  function isFresh(token: MintedToken): boolean {
    return !refreshWhen(tokenTiming(token, clock()));
  }

  return {
    getToken(callOptions) {
      if (cached !== undefined && isFresh(cached)) return Promise.resolve(cached);
      if (inFlight === undefined) {
        const started = generation;
        // The shared mint carries no caller's signal: one caller giving up must not fail the
        // others. Each caller's signal only stops its own wait (below).
        const mint = client
          .mintToken(frozen)
          .then((token) => {
            assertTiming(token);
            if (started === generation) cached = token;
            return token;
          })
          .finally(() => {
            if (inFlight === mint) inFlight = undefined;
          });
        inFlight = mint;
      }
      return waitFor(inFlight, callOptions?.signal);
    },
    invalidate() {
      generation++;
      cached = undefined;
      inFlight = undefined;
    },
    peek: () => cached,
  };
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new RunIdAbortError('token source', signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunIdAbortError('token source', signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The timing of a minted token, from its own `iat`/`exp` claims. */
export function tokenTiming(token: MintedToken, now: number): TokenTiming {
  const issuedAt = token.claims.iat * 1000;
  const expiresAt = token.claims.exp * 1000;
  return {
    now,
    issuedAt,
    expiresAt,
    lifetimeMs: expiresAt - issuedAt,
    remainingMs: expiresAt - now,
  };
}

function assertTiming(token: MintedToken): void {
  const { iat, exp } = token.claims;
  if (!Number.isInteger(iat) || !Number.isInteger(exp) || exp <= iat) {
    throw new RunIdApiError({
      status: 201,
      code: 'invalid_response',
      detail: `minted token has unusable iat/exp (${iat}/${exp})`,
    });
  }
}
