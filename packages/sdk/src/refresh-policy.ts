/** What a refresh policy sees about a cached token. Times are ms since the epoch. */
export interface TokenTiming {
  now: number;
  issuedAt: number;
  expiresAt: number;
  /** `expiresAt - issuedAt`. */
  lifetimeMs: number;
  /** `expiresAt - now` (negative once expired). */
  remainingMs: number;
}

/** Returns true when the cached token must be replaced. */
export type RefreshWhen = (timing: TokenTiming) => boolean;

export const DEFAULT_REFRESH_FRACTION = 0.2;
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The default: refresh once 20 % of the lifetime or 5 minutes remain, whichever comes first.
 * "First" in time is the larger of the two margins, so a token is reused while strictly more than
 * `max(20 % of its lifetime, 5 min)` remains and replaced from that instant on. Consequence: a
 * token that lives 5 minutes or less is never reused (it is already inside the margin when minted).
 */
export const defaultRefreshWhen: RefreshWhen = (t) =>
  t.remainingMs <= refreshMarginMs(t.lifetimeMs);

export function refreshMarginMs(lifetimeMs: number): number {
  return Math.max(lifetimeMs * DEFAULT_REFRESH_FRACTION, DEFAULT_REFRESH_MARGIN_MS);
}
