import { RunIdArgumentError } from '../errors.js';

/** Something that expires: `expiresAt` in ms since the epoch. */
export interface Expiring<T> {
  value: T;
  expiresAt: number;
}

export interface RefreshingOptions {
  /** Replace the cached value once this many ms (or less) remain. Default 5 minutes. */
  refreshMarginMs?: number | undefined;
  /** Injected clock, ms since the epoch. Default `Date.now`. */
  clock?: (() => number) | undefined;
}

export const DEFAULT_CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A single-flight cache: concurrent callers share one fetch; the value is reused until
 * `refreshMarginMs` before it expires; a failed fetch is not cached (the next call tries again).
 */
export function createRefreshing<T>(
  fetchValue: () => Promise<Expiring<T>>,
  options: RefreshingOptions = {},
): { get(): Promise<T>; invalidate(): void } {
  const margin = options.refreshMarginMs ?? DEFAULT_CREDENTIAL_REFRESH_MARGIN_MS;
  if (!Number.isFinite(margin) || margin < 0) {
    throw new RunIdArgumentError('refreshMarginMs', 'must be a finite number of ms >= 0');
  }
  const clock = options.clock ?? Date.now;
  let cached: Expiring<T> | undefined;
  let inFlight: Promise<T> | undefined;
  let generation = 0;
  return {
    get() {
      if (cached !== undefined && cached.expiresAt - clock() > margin) {
        return Promise.resolve(cached.value);
      }
      if (inFlight === undefined) {
        const started = generation;
        const pending = fetchValue()
          .then((fresh) => {
            if (started === generation) cached = fresh;
            return fresh.value;
          })
          .finally(() => {
            if (inFlight === pending) inFlight = undefined;
          });
        inFlight = pending;
      }
      return inFlight;
    },
    invalidate() {
      generation++;
      cached = undefined;
      inFlight = undefined;
    },
  };
}
