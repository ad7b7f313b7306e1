import { RunIdAbortError, RunIdError, RunIdNetworkError, RunIdTimeoutError } from '../errors.js';

// Errors that happen before a single byte of the request is written: retrying them can never
// duplicate a side effect on the server.
const UNSENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface AttemptOptions {
  url: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Runs one HTTP exchange (request *and* reading the body) under a per-attempt deadline and the
 * caller's signal, and turns whatever goes wrong below HTTP into the package's error family.
 */
export async function runAttempt<T>(
  run: (signal: AbortSignal) => Promise<T>,
  options: AttemptOptions,
): Promise<T> {
  const { url, timeoutMs, signal } = options;
  if (signal?.aborted) throw new RunIdAbortError(url, signal.reason);
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timeout after ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(controller.signal);
  } catch (error) {
    if (timedOut) throw new RunIdTimeoutError(url, timeoutMs);
    if (signal?.aborted) throw new RunIdAbortError(url, error);
    if (error instanceof RunIdError) throw error;
    throw new RunIdNetworkError(url, !provablyUnsent(error), error);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function provablyUnsent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return UNSENT_CODES.has(code);
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True when retrying this failure cannot repeat a side effect on the server. */
export function isUnsent(error: unknown): boolean {
  return error instanceof RunIdNetworkError && !error.mayHaveReachedServer;
}
