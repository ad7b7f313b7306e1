import { publishedKeys } from './select.js';
import type { RotationSettings, RotationState } from './types.js';

/**
 * The JWKS `Cache-Control: max-age`, in whole seconds.
 *
 * A copy cached now must not be relied on past the moment a key absent from it starts signing. Any
 * key not in this JWKS (not generated yet, or generated and unpublished after a crash) signs at the
 * earliest `publishLeadMs` after it is published, so the lead bounds the age; the configured
 * max-age bounds it too. While nothing is published (a fresh issuer before bootstrap) the set is
 * about to change, so it is not cached at all.
 */
export function jwksCacheMaxAge(
  state: RotationState,
  settings: RotationSettings,
  now: number,
): number {
  const published = publishedKeys(state).filter((k) => (k.publishedAt ?? now) <= now);
  if (published.length === 0) return 0;
  const ms = Math.min(settings.jwksMaxAgeMs, settings.publishLeadMs);
  return Math.max(0, Math.floor(ms / 1000));
}
