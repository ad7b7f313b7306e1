import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  CLAIMS_ERROR_CODES,
  ClaimsError,
  type ClaimsErrorCode,
  parseClaimsOrThrow,
  parseDuration,
  parseSubject,
  resolveLifetime,
  validateTokenInput,
} from '../src/index.js';
import { deployment } from './fixtures.js';

const producers: Record<ClaimsErrorCode, () => unknown> = {
  invalid_input: () => validateTokenInput({ kind: 'deployment' }),
  invalid_duration: () => parseDuration('1d'),
  lifetime_out_of_range: () => resolveLifetime('oidc', '2h'),
  invalid_subject: () => parseSubject('pulumi:nope'),
  invalid_claims: () => parseClaimsOrThrow({}),
  invalid_namespace: () => buildClaims(deployment, { claimNamespace: 'http://x/' }),
};

describe('ClaimsError', () => {
  it.each(CLAIMS_ERROR_CODES)('%s is produced, with issues', (code) => {
    let caught: unknown;
    try {
      producers[code]();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClaimsError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as ClaimsError;
    expect(error.code).toBe(code);
    expect(error.name).toBe('ClaimsError');
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(Object.keys(issue).sort()).toStrictEqual(['code', 'message', 'path']);
    }
  });

  it('summarises at most five issues in its message', () => {
    let error: ClaimsError | undefined;
    try {
      validateTokenInput({
        kind: 'deployment',
        org: 1,
        project: 2,
        stack: 3,
        operation: 4,
        deployment: 'x',
        duration: 5,
        a: 1,
      });
    } catch (e) {
      error = e as ClaimsError;
    }
    expect(error?.issues).toHaveLength(7);
    expect(error?.message).toMatch(/^invalid token input: .*\(and 2 more\)$/);
  });

  it('keeps a cause', () => {
    const cause = new Error('root');
    expect(new ClaimsError('invalid_input', 'x', [], { cause }).cause).toBe(cause);
    expect(new ClaimsError('invalid_input', 'x').issues).toStrictEqual([]);
  });
});
