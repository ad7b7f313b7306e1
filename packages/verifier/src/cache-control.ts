export interface CacheBounds {
  /** Lower bound for a cached JWKS/discovery document's lifetime, in seconds. */
  readonly minSeconds: number;
  /** Upper bound, in seconds. */
  readonly maxSeconds: number;
  /** Used when the response carries no usable `Cache-Control`, in seconds. */
  readonly defaultSeconds: number;
}

export const DEFAULT_CACHE_BOUNDS: CacheBounds = {
  minSeconds: 60,
  maxSeconds: 24 * 60 * 60,
  defaultSeconds: 10 * 60,
};

function directiveSeconds(header: string, name: string): number | undefined {
  const match = new RegExp(`(?:^|[,\\s])${name}\\s*=\\s*"?(\\d{1,10})"?\\s*(?:,|$)`, 'i').exec(
    header,
  );
  return match ? Number(match[1]) : undefined;
}

/**
 * Seconds a response may be cached, from `Cache-Control` (`max-age`, `no-cache`/`no-store` as 0)
 * minus `Age`, clamped to the bounds — so an issuer can neither make us refetch on every request nor
 * pin a key set for a month.
 */
export function cacheSeconds(
  cacheControl: string | null,
  age: string | null,
  bounds: CacheBounds,
): number {
  let seconds: number | undefined;
  if (cacheControl !== null) {
    if (/(?:^|[,\s])(?:no-store|no-cache)(?:\s*(?:,|$)|\s*=)/i.test(cacheControl)) seconds = 0;
    else seconds = directiveSeconds(cacheControl, 'max-age');
  }
  if (seconds === undefined) return bounds.defaultSeconds;
  const ageSeconds = age !== null && /^\d{1,10}$/.test(age.trim()) ? Number(age.trim()) : 0;
  const remaining = seconds - ageSeconds;
  return Math.min(bounds.maxSeconds, Math.max(bounds.minSeconds, remaining));
}
