/**
 * Retries with exponential backoff and full jitter. Only the caller decides *whether* an error is
 * retryable (see `client.ts` and `aws/sts.ts`); this file decides *when*.
 */

export interface RetryOptions {
  /** Retries after the first attempt. Default 2 (so at most 3 attempts). */
  retries?: number;
  /** First backoff ceiling; doubles per retry. Default 200 ms. */
  baseDelayMs?: number;
  /** Ceiling of the exponential backoff. Default 5 000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is waited only this long. Default 30 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * Non-idempotent calls (mint, create client) after a network error or timeout:
   * `'unsent'` (default) retries only when the request provably never reached the server
   * (DNS failure, connection refused); `'always'` retries anyway and may mint twice.
   * 429 and 503 answers are always retried: the issuer did nothing.
   */
  nonIdempotent?: 'unsent' | 'always';
  /** Injected for tests: a number in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Injected for tests. Default: a real timer that the call's AbortSignal cancels. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  nonIdempotent: 'unsent' | 'always';
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const NO_RETRY: RetryOptions = { retries: 0 };

export function resolveRetryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const o = options === false ? NO_RETRY : (options ?? {});
  const retries = o.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError(`retry.retries must be an integer >= 0, got ${retries}`);
  }
  return {
    retries,
    baseDelayMs: o.baseDelayMs ?? 200,
    maxDelayMs: o.maxDelayMs ?? 5_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 30_000,
    nonIdempotent: o.nonIdempotent ?? 'unsent',
    random: o.random ?? Math.random,
    sleep: o.sleep ?? sleep,
  };
}

/** Full jitter: uniform in [0, min(maxDelay, base * 2^retryIndex)). `retryIndex` starts at 0. */
export function backoffDelay(retryIndex: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(policy.random() * ceiling);
}

/** The delay before the next attempt: the server's `Retry-After` (capped) wins over backoff. */
export function retryDelay(
  retryIndex: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelay(retryIndex, policy);
}

/** `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or bad. */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - nowMs);
}

/** The decision for one failed attempt: `false` stops, an object retries (after `retryAfterMs` if set). */
export type RetryDecision = false | { retryAfterMs?: number };

export async function withRetry<T>(
  attempt: (index: number) => Promise<T>,
  decide: (error: unknown) => RetryDecision,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let index = 0; ; index++) {
    try {
      return await attempt(index);
    } catch (error) {
      const decision = index < policy.retries ? decide(error) : false;
      if (decision === false || signal?.aborted) throw error;
      await policy.sleep(retryDelay(index, policy, decision.retryAfterMs), signal);
      if (signal?.aborted) throw error;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
