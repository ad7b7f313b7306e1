import { ClaimsError } from '@runid/claims';
import { IssuerError } from '../errors.js';

/** Claims validation failures as the contract's 400 answers, field by field. */
export function fromClaimsError(error: unknown): unknown {
  if (!(error instanceof ClaimsError)) return error;
  const errors = error.issues.map(({ path, code, message }) => ({ path, code, message }));
  if (error.code === 'lifetime_out_of_range') {
    return new IssuerError('lifetime_out_of_range', error.message, { cause: error, errors });
  }
  return new IssuerError('invalid_claims', error.message, { cause: error, errors });
}
