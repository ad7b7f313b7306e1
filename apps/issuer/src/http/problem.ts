import type { Context, Next } from 'koa';
import { IssuerError } from '../errors.js';

const TITLES: Record<string, string> = {
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
};

/** The one place errors become answers: an RFC 9457 problem document with a stable `code`. */
export async function problemMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (thrown) {
    const error =
      thrown instanceof IssuerError && thrown.code in TITLES
        ? thrown
        : new IssuerError(
            'internal_error',
            'An unexpected error occurred; see the logs with this request id.',
            {
              cause: thrown,
            },
          );
    if (error.status >= 500) {
      ctx.state.error = thrown;
    }
    ctx.status = error.status;
    for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
    ctx.type = 'application/problem+json';
    ctx.body = JSON.stringify({
      type: `https://runid.dev/problems/${error.code}`,
      title: TITLES[error.code],
      status: error.status,
      code: error.code,
      detail: error.message,
      instance: ctx.path,
      ...(typeof ctx.state.requestId === 'string' && { requestId: ctx.state.requestId }),
      ...(error.errors !== undefined && error.errors.length > 0 && { errors: error.errors }),
    });
  }
}
