import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT, exitCodeForApiError } from '../src/index.js';

// Status per contract error code, as the issuer answers them (problem-titles.ts and the contract).
const STATUS: Record<string, number> = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_claims: 400,
  lifetime_out_of_range: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  grant_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  confirmation_required: 400,
  csrf_refused: 403,
  store_unavailable: 503,
  no_signing_key: 503,
  internal_error: 500,
  run_not_found: 404,
  run_ended: 403,
  run_credential_not_allowed: 403,
  deadline_out_of_range: 400,
};

describe('exitCodeForApiError (the table both CLIs share)', () => {
  it.each([
    ['unauthorized', EXIT.auth],
    ['forbidden', EXIT.auth],
    ['run_credential_not_allowed', EXIT.auth],
    ['grant_denied', EXIT.refused],
    ['invalid_request', EXIT.refused],
    ['confirmation_required', EXIT.refused],
    ['not_found', EXIT.resourceNotFound],
    ['run_not_found', EXIT.resourceNotFound],
    ['conflict', EXIT.conflict],
    ['store_unavailable', EXIT.network],
    ['no_signing_key', EXIT.network],
    ['internal_error', EXIT.refused],
  ])('%s exits %i', (code, exit) => {
    expect(exitCodeForApiError({ status: STATUS[code] as number, code })).toBe(exit);
  });

  it('maps every contract error code to a documented code other than usage', () => {
    const documented = new Set<number>(Object.values(EXIT));
    for (const code of ERROR_CODES) {
      const exit = exitCodeForApiError({ status: STATUS[code] ?? 400, code });
      expect(documented.has(exit)).toBe(true);
      expect(exit).not.toBe(EXIT.usage);
    }
  });

  it('an answer that is not a problem document maps by its status', () => {
    expect(exitCodeForApiError({ status: 401, code: 'http_error' })).toBe(EXIT.auth);
    expect(exitCodeForApiError({ status: 404, code: 'http_error' })).toBe(EXIT.resourceNotFound);
    expect(exitCodeForApiError({ status: 502, code: 'http_error' })).toBe(EXIT.refused);
  });
});
