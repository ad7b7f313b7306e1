import type { TokenKind } from './kinds.js';

export interface LifetimeRange {
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly defaultSeconds: number;
}

/** Per-kind lifetime bounds (token-formats.md). Outside the range is an error, never clamped. */
export const LIFETIMES: Readonly<Record<TokenKind, LifetimeRange>> = Object.freeze({
  deployment: Object.freeze({ minSeconds: 300, maxSeconds: 7200, defaultSeconds: 3600 }),
  environment: Object.freeze({ minSeconds: 300, maxSeconds: 7200, defaultSeconds: 3600 }),
  oidc: Object.freeze({ minSeconds: 60, maxSeconds: 3600, defaultSeconds: 3600 }),
});
