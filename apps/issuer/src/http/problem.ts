import type { ErrorCode } from '@runid/contract';
import type { Context, Next } from 'koa';
import { toIssuerError } from '../error-conversion.js';
import { PROBLEM_TITLES } from './problem-titles.js';

/** The one place errors become answers: an RFC 9457 problem document with a stable `code`. */
export async function problemMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (thrown) {
    const converted = toIssuerError(thrown);
    // A code outside the contract (start-up and configuration failures) never reaches a caller.
    const error = Object.hasOwn(PROBLEM_TITLES, converted.code)
      ? converted
      : toIssuerError(new Error(`non-contract error code ${converted.code}`, { cause: thrown }));
    if (error.status >= 500) {
      ctx.state.error = thrown;
    }
    ctx.status = error.status;
    for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
    ctx.type = 'application/problem+json';
    ctx.body = JSON.stringify({
      type: `https://runid.dev/problems/${error.code}`,
      title: PROBLEM_TITLES[error.code as ErrorCode],
      status: error.status,
      code: error.code,
      detail: error.message,
      instance: ctx.path,
      ...(typeof ctx.state.requestId === 'string' && { requestId: ctx.state.requestId }),
      ...(error.errors !== undefined && error.errors.length > 0 && { errors: error.errors }),
    });
  }
}
