import { ClaimsError, parseDuration } from '@runid/claims';
import { IssuerError } from '../errors.js';
import type { Grant } from './grants.js';

/** The bounds of client keys. Outside them is 400 `invalid_request`, never clamped. */
export const CLIENT_KEY_LIMITS = Object.freeze({
  /** A key's expiry is at least this far ahead. */
  minLifetimeSeconds: 60,
  defaultOverlapSeconds: 24 * 3600,
  maxOverlapSeconds: 720 * 3600,
});

/** A client holds at most this many valid keys (a rotation beyond it answers 409). */
export const MAX_VALID_KEYS = 5;

function invalid(path: string, message: string): IssuerError {
  return new IssuerError('invalid_request', message, {
    errors: [{ path, code: 'out_of_range', message }],
  });
}

/**
 * The expiry a request asks for (`keyExpiresIn` or `keyExpiresAt`, not both), or null: the key
 * never expires. The grammar has been checked against the contract.
 */
export function keyExpiry(
  request: { keyExpiresIn?: string | undefined; keyExpiresAt?: string | undefined },
  now: number,
): Date | null {
  const { keyExpiresIn, keyExpiresAt } = request;
  const min = CLIENT_KEY_LIMITS.minLifetimeSeconds;
  if (keyExpiresIn !== undefined && keyExpiresAt !== undefined) {
    throw invalid('keyExpiresAt', 'Give keyExpiresIn or keyExpiresAt, not both.');
  }
  if (keyExpiresIn !== undefined) {
    const seconds = parseDuration(keyExpiresIn);
    if (seconds < min) throw invalid('keyExpiresIn', `keyExpiresIn must be at least ${min}s.`);
    return new Date(now + seconds * 1000);
  }
  if (keyExpiresAt !== undefined) {
    const at = Date.parse(keyExpiresAt);
    if (!Number.isFinite(at) || at < now + min * 1000) {
      throw invalid('keyExpiresAt', `keyExpiresAt must be at least ${min}s ahead.`);
    }
    return new Date(at);
  }
  return null;
}

/** The overlap of a rotation in ms: default 24h, `0` (or `0s`) at once, at most 720h. */
export function rotationOverlapMs(overlap: string | undefined): number {
  if (overlap === undefined) return CLIENT_KEY_LIMITS.defaultOverlapSeconds * 1000;
  if (overlap === '0' || overlap === '0s') return 0;
  const seconds = parseDuration(overlap);
  if (seconds > CLIENT_KEY_LIMITS.maxOverlapSeconds) {
    throw invalid('overlap', 'overlap must be at most 720h (30 days).');
  }
  return seconds * 1000;
}

/**
 * What the contract cannot say about grants: each grants something (kinds to mint, or
 * `introspect: true` for an introspect-only grant), and `maxDuration` parses to a positive lifetime.
 */
export function checkGrants(grants: readonly Grant[]): void {
  for (const [index, grant] of grants.entries()) {
    checkGrantsSomething(grant, index);
    checkMaxDuration(grant, index);
  }
}

function checkGrantsSomething(grant: Grant, index: number): void {
  if (grant.kinds.length > 0 || grant.introspect === true) return;
  throw new IssuerError(
    'invalid_request',
    `Grant ${index} grants nothing: list the token kinds it may mint, or set introspect: true for an introspect-only grant.`,
    {
      errors: [
        {
          path: `grants[${index}].kinds`,
          code: 'required',
          message: 'kinds must not be empty unless introspect is true',
        },
      ],
    },
  );
}

function checkMaxDuration(grant: Grant, index: number): void {
  if (grant.maxDuration === undefined) return;
  try {
    if (parseDuration(grant.maxDuration) > 0) return;
  } catch (error) {
    if (!(error instanceof ClaimsError)) throw error;
  }
  throw new IssuerError('invalid_request', 'A grant has an invalid maxDuration.', {
    errors: [
      {
        path: `grants[${index}].maxDuration`,
        code: 'invalid_format',
        message: 'maxDuration must be a positive duration like 15m or 1h',
      },
    ],
  });
}
