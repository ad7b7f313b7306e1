import {
  failure,
  MAX_REPORTED_AUDIENCES,
  sanitizeUnverified,
  type VerifyFailure,
} from './errors.js';

export interface TimeRules {
  /** Seconds. */
  readonly clockTolerance: number;
  /** Seconds, or `undefined` for no limit. */
  readonly maxTokenAge: number | undefined;
}

const EXP_INVALID = failure('claims_invalid', 'claim exp is required and must be a finite number');
const NBF_INVALID = failure('claims_invalid', 'claim nbf must be a finite number');
const IAT_INVALID = failure('claims_invalid', 'claim iat must be a finite number');
const IAT_REQUIRED = failure(
  'claims_invalid',
  'claim iat is required when a maximum token age is set',
);
const SUB_INVALID = failure('claims_invalid', 'claim sub must be a string');
const AUD_INVALID = failure(
  'claims_invalid',
  'claim aud is required and must be a string or a non-empty array of strings',
);
const EXPIRED = failure('expired', 'the token has expired');
const NOT_YET_VALID = failure('not_yet_valid', 'the token is not valid yet (nbf)');
const ISSUED_IN_FUTURE = failure('issued_in_future', 'the token was issued in the future (iat)');
const TOO_OLD = failure('token_too_old', 'the token is older than the maximum token age');
const AUDIENCE_MISMATCH = failure(
  'audience_mismatch',
  'the token audience is not one this verifier accepts',
);

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function audienceMatches(aud: unknown, accepted: readonly string[]): boolean | undefined {
  if (typeof aud === 'string') return accepted.includes(aud);
  if (!Array.isArray(aud) || aud.length === 0) return undefined;
  let match = false;
  for (const member of aud) {
    if (typeof member !== 'string') return undefined;
    if (!match && accepted.includes(member)) match = true;
  }
  return match;
}

/**
 * Registered claims, type-checked before any comparison (a string `exp` compares as a number in JS
 * and an object `aud` can pass a loose `includes`), then compared exactly. `now` in seconds.
 */
export function checkRegisteredClaims(
  payload: Record<string, unknown>,
  audiences: readonly string[],
  now: number,
  rules: TimeRules,
): VerifyFailure | undefined {
  const { exp, nbf, iat, sub } = payload;
  if (!isFiniteNumber(exp)) return EXP_INVALID;
  if (nbf !== undefined && !isFiniteNumber(nbf)) return NBF_INVALID;
  if (iat !== undefined && !isFiniteNumber(iat)) return IAT_INVALID;
  if (sub !== undefined && typeof sub !== 'string') return SUB_INVALID;
  const audience = audienceMatches(payload.aud, audiences);
  if (audience === undefined) return AUD_INVALID;
  const tolerance = rules.clockTolerance;
  if (now - tolerance >= exp) return EXPIRED;
  if (nbf !== undefined && now + tolerance < nbf) return NOT_YET_VALID;
  if (iat !== undefined && now + tolerance < iat) return ISSUED_IN_FUTURE;
  if (rules.maxTokenAge !== undefined) {
    if (iat === undefined) return IAT_REQUIRED;
    if (now - tolerance > iat + rules.maxTokenAge) return TOO_OLD;
  }
  if (!audience) {
    const carried = (typeof payload.aud === 'string' ? [payload.aud] : (payload.aud as string[]))
      .slice(0, MAX_REPORTED_AUDIENCES)
      .map(sanitizeUnverified);
    return Object.freeze({ ...AUDIENCE_MISMATCH, audience: Object.freeze(carried) });
  }
  return undefined;
}
