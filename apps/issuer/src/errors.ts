import type { ErrorCode } from '@runid/contract';

/** One wrong field of a request, as the problem document's `errors[]` lists it. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** Error codes of the issuer: the contract's codes plus start-up and configuration failures. */
export type IssuerErrorCode =
  | ErrorCode
  | 'invalid_config'
  | 'kek_mismatch'
  | 'store_failed'
  | 'deployment_drift'
  | 'listen_failed'
  | 'cli_usage';

const STATUS: Record<ErrorCode, number> = {
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
  duration_exceeds_deadline: 400,
  last_admin_credential: 409,
  issuer_starting: 503,
};

export interface IssuerErrorOptions {
  cause?: unknown;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/**
 * The one error family of the issuer. `code` is stable (tests and clients match on it), `message`
 * is safe to show to the caller (never a token, key or secret), `status` is the HTTP answer.
 */
export class IssuerError extends Error {
  override readonly name = 'IssuerError';
  readonly code: IssuerErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(code: IssuerErrorCode, message: string, options: IssuerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = (STATUS as Record<string, number>)[code] ?? 500;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export function isIssuerError(value: unknown): value is IssuerError {
  return value instanceof IssuerError;
}

/** The store could not answer: the caller should retry later (fail closed). */
export function storeUnavailable(cause: unknown): IssuerError {
  return new IssuerError(
    'store_unavailable',
    'The store is unavailable; nothing was changed. Retry later.',
    {
      cause,
      headers: { 'Retry-After': '5' },
    },
  );
}
