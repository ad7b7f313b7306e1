import type { Context, Next } from 'koa';
import { WWW_AUTHENTICATE } from '../auth/authenticator.js';
import { authorizationHeaders } from '../auth/bearer.js';
import type { Principal } from '../auth/principal.js';
import { IssuerError } from '../errors.js';
import type { IssuerServices } from '../services.js';
import { readSessionCookie, sessionCookie } from './session-cookie.js';
import { admit, authenticate } from './steps.js';

/** The header a same-origin script sends and a cross-site form or link cannot. */
export const CSRF_HEADER = 'x-runid-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The origins a browser's `Origin` may name: the issuer's own. When RUNID_ISSUER_URL is unset
 * the base URL is derived from the port, and the console is as likely opened at 127.0.0.1 as
 * at localhost, so both spellings of that local origin count.
 */
export function allowedOrigins(services: IssuerServices): ReadonlySet<string> {
  const base = new URL(services.urls.base);
  const origins = new Set([base.origin]);
  if (services.config.issuerUrl === undefined) {
    for (const host of ['localhost', '127.0.0.1']) {
      origins.add(`${base.protocol}//${host}${base.port === '' ? '' : `:${base.port}`}`);
    }
  }
  return origins;
}

function csrfRefused(detail: string): IssuerError {
  return new IssuerError('csrf_refused', detail);
}

/**
 * Step: refuse a state-changing request that a browser sent from another origin, whatever
 * credentials it carries (the `Origin` header is set by the browser and cannot be forged by a
 * page). Clients without `Origin` (curl, the SDK on Node) pass.
 */
export function sameOriginWrites(services: IssuerServices) {
  const origins = allowedOrigins(services);
  return async function sameOriginWritesStep(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('origin');
    if (!SAFE_METHODS.has(ctx.method) && origin !== '' && !origins.has(origin)) {
      throw csrfRefused(
        `Cross-origin ${ctx.method} refused: Origin ${JSON.stringify(origin)} is not this issuer's origin.`,
      );
    }
    await next();
  };
}

/**
 * Step: an admin key (`Authorization: Bearer`) or, without one, the console's session cookie.
 * With the cookie, anything but GET/HEAD also needs `Origin` equal to the issuer's origin and
 * `X-RunID-CSRF: 1` (a cookie is sent by the browser on its own; these prove the console's
 * own script made the call). The key types in `allowed` other than `admin` use the key only.
 */
export function adminAccess(
  services: IssuerServices,
  allowed: readonly Principal['type'][],
  options: { sessionOnly?: boolean } = {},
) {
  const byKey = authenticate(services, allowed);
  const cookie = sessionCookie(services.urls.base);
  const origins = allowedOrigins(services);
  const writes = sameOriginWrites(services);
  return async function adminAccessStep(ctx: Context, next: Next): Promise<void> {
    await writes(ctx, async () => {
      const sessionId = readSessionCookie(cookie, ctx.get('cookie') || undefined);
      if (options.sessionOnly === true && sessionId === undefined) {
        throw new IssuerError(
          'unauthorized',
          'No console session: sign in with POST /api/v1/admin/session.',
          { headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } },
        );
      }
      if (
        options.sessionOnly !== true &&
        (authorizationHeaders(ctx.req.rawHeaders).length > 0 || sessionId === undefined)
      ) {
        await byKey(ctx, next);
        return;
      }
      if (!SAFE_METHODS.has(ctx.method)) {
        if (!origins.has(ctx.get('origin'))) {
          throw csrfRefused('A call with the session cookie needs Origin set to the issuer.');
        }
        if (ctx.get(CSRF_HEADER) !== '1') {
          throw csrfRefused(`A call with the session cookie needs the header X-RunID-CSRF: 1.`);
        }
      }
      const { record, principal } = await services.sessions.resolve(sessionId as string);
      admit(ctx, principal, allowed);
      ctx.state.session = record;
      ctx.state.sessionId = sessionId;
      await next();
    });
  };
}
