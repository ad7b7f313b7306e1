import type { Context, Next } from 'koa';
import { requireType } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { IssuerServices } from '../services.js';
import { readJsonBody } from './read-body.js';

/** Step: authenticate the caller and require one of the allowed key types. */
export function authenticate(services: IssuerServices, allowed: readonly Principal['type'][]) {
  return async function authenticateStep(ctx: Context, next: Next): Promise<void> {
    const principal = await services.authenticator.authenticate(
      ctx.get('Authorization') || undefined,
    );
    ctx.state.clientId = principal.id;
    requireType(principal, allowed);
    ctx.state.principal = principal;
    await next();
  };
}

/** Step: read and parse the JSON body (415 / 413 / 400 `invalid_json`). */
export async function jsonBody(ctx: Context, next: Next): Promise<void> {
  ctx.state.body = await readJsonBody(ctx.req);
  await next();
}

/** Answers JSON with an explicit status; secrets and tokens are never cached by intermediaries. */
export function sendJson(
  ctx: Context,
  status: number,
  value: unknown,
  options: { noStore?: boolean } = {},
): void {
  ctx.status = status;
  ctx.type = 'application/json';
  if (options.noStore) ctx.set('Cache-Control', 'no-store');
  ctx.body = JSON.stringify(value);
}
