import { buildClaims, ClaimsError } from '@runid/claims';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/exit-codes.js';
import { toIssuerError } from '../../src/error-conversion.js';
import { IssuerError } from '../../src/errors.js';

function claimsErrorOf(input: unknown): ClaimsError {
  try {
    buildClaims(input);
  } catch (error) {
    if (error instanceof ClaimsError) return error;
  }
  throw new Error('expected a ClaimsError');
}

const deployment = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 1,
};

describe('toIssuerError: one conversion for HTTP, the audit and the CLI', () => {
  it('keeps an IssuerError as it is', () => {
    const error = new IssuerError('grant_denied', 'no');
    expect(toIssuerError(error)).toBe(error);
  });

  it('turns a claims refusal into invalid_claims with its fields, the cause kept', () => {
    const cause = claimsErrorOf({ ...deployment, org: 'Acme' });
    const error = toIssuerError(cause);
    expect([error.code, error.status]).toEqual(['invalid_claims', 400]);
    expect(error.errors).toEqual([expect.objectContaining({ path: 'org' })]);
    expect(error.cause).toBe(cause);
  });

  it('keeps a lifetime refusal as lifetime_out_of_range', () => {
    const error = toIssuerError(claimsErrorOf({ ...deployment, duration: '3h' }));
    expect([error.code, error.status]).toEqual(['lifetime_out_of_range', 400]);
    expect(error.errors?.[0]?.path).toBe('duration');
  });

  it('turns anything else into internal_error without its message, the cause kept for the logs', () => {
    const cause = new TypeError('secret detail of a bug');
    const error = toIssuerError(cause);
    expect([error.code, error.status]).toEqual(['internal_error', 500]);
    expect(error.message).not.toContain('secret');
    expect(error.cause).toBe(cause);
    expect(toIssuerError('a string').code).toBe('internal_error');
  });

  it('gives the CLI the exit code of the converted error', () => {
    expect(exitCodeOf(claimsErrorOf({ ...deployment, org: 'Acme' }))).toBe(1);
    expect(exitCodeOf(new IssuerError('kek_mismatch', 'x'))).toBe(4);
    expect(exitCodeOf(new IssuerError('store_unavailable', 'x'))).toBe(3);
    expect(exitCodeOf(new IssuerError('not_found', 'x'))).toBe(6);
    expect(exitCodeOf(new Error('boom'))).toBe(1);
  });
});
