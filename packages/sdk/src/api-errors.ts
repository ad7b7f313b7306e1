import { type ErrorCode, openapiDocument } from '@runid/contract';
import { type FieldError, RunIdApiError } from './errors.js';
import { parseRetryAfter } from './retry.js';

const errorCodeSchema = openapiDocument.components.schemas.ErrorCode as { enum?: unknown[] };
/** The contract's error codes, read from the document itself so they never drift. */
export const ERROR_CODES: ReadonlySet<string> = new Set(
  (errorCodeSchema.enum ?? []).filter((c): c is string => typeof c === 'string'),
);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODES.has(value);
}

/** Builds the typed error for a non-2xx answer; tolerates bodies that are not problem documents. */
export function apiErrorFromResponse(
  response: Response,
  body: unknown,
  nowMs: number,
): RunIdApiError {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  const headerRequestId = response.headers.get('x-request-id') ?? undefined;
  if (isProblem(body)) {
    return new RunIdApiError({
      status: response.status,
      code: body.code,
      title: typeof body.title === 'string' ? body.title : undefined,
      detail: body.detail,
      errors: Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [],
      requestId: typeof body.requestId === 'string' ? body.requestId : headerRequestId,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  const snippet = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new RunIdApiError({
    status: response.status,
    code: 'http_error',
    detail: `unexpected ${response.status} answer without a problem document${snippet ? `: ${snippet}` : ''}`,
    ...(headerRequestId === undefined ? {} : { requestId: headerRequestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

interface ProblemLike {
  code: ErrorCode;
  detail: string;
  title?: unknown;
  errors?: unknown;
  requestId?: unknown;
}

function isProblem(body: unknown): body is ProblemLike {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return isErrorCode(b.code) && typeof b.detail === 'string';
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.path === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}
