import type { ErrorCode } from '@runid/contract';

/**
 * The `title` of each problem document, keyed by the contract's error codes: a code added to the
 * contract without a title here is a compile error (and a test checks the document itself).
 */
export const PROBLEM_TITLES = {
  invalid_json: 'Invalid JSON',
  invalid_request: 'Invalid request',
  invalid_claims: 'Invalid claims',
  lifetime_out_of_range: 'Lifetime out of range',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  grant_denied: 'Grant denied',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  confirmation_required: 'Confirmation required',
  csrf_refused: 'Cross-site request refused',
  store_unavailable: 'Store unavailable',
  no_signing_key: 'No signing key',
  internal_error: 'Internal error',
  run_not_found: 'Run not found',
  run_ended: 'Run ended',
  run_credential_not_allowed: 'Run credential not allowed',
  duration_exceeds_deadline: 'Duration exceeds the run deadline',
  issuer_starting: 'Issuer starting',
  deadline_out_of_range: 'Deadline out of range',
  last_admin_credential: 'Last admin credential',
} as const satisfies Record<ErrorCode, string>;
