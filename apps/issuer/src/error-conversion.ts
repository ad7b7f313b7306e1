import { ClaimsError } from '@runid/claims';
import { IssuerError } from './errors.js';

/**
 * The one conversion of errors from below into the issuer's error family, read by every place that
 * answers for an error — the HTTP problem step, the audit's refusal reasons, the CLI's exit codes —
 * so one error has one code everywhere. `@runid/claims` refusals are the values of a request (400
 * `invalid_claims`, or `lifetime_out_of_range`, field by field); anything else unknown is 500
 * `internal_error` with the error kept as its cause for the logs. Conversions that depend on what
 * was being done (a rotation rule refusing a signature, a grant's `maxDuration`) stay where that is
 * known and produce an `IssuerError` themselves.
 */
export function toIssuerError(error: unknown): IssuerError {
  if (error instanceof IssuerError) return error;
  if (error instanceof ClaimsError) {
    const errors = error.issues.map(({ path, code, message }) => ({ path, code, message }));
    return new IssuerError(
      error.code === 'lifetime_out_of_range' ? 'lifetime_out_of_range' : 'invalid_claims',
      error.message,
      { cause: error, errors },
    );
  }
  return new IssuerError(
    'internal_error',
    'An unexpected error occurred; see the logs with this request id.',
    { cause: error },
  );
}
