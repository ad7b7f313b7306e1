import type { Context } from 'koa';
import type { AdminPrincipal } from '../../../auth/admin-credentials.js';
import { parseBearer } from '../../../auth/bearer.js';
import { hashApiKey } from '../../../auth/secrets.js';
import type { IssuerServices } from '../../../services.js';
import type { SessionRecord } from '../../../store/records.js';
import { callerOf } from '../../request-context.js';
import { clearCookieHeader, sessionCookie, setCookieHeader } from '../../session-cookie.js';
import { sendJson } from '../../steps.js';

/** Sign-in: the `authenticate` step has accepted an admin key; exchange it for a session. */
export function createSession(services: IssuerServices) {
  const cookie = sessionCookie(services.urls.base);
  return async function create(ctx: Context): Promise<void> {
    // The step accepted exactly one well-formed Bearer header; its hash names the admin key.
    const key = parseBearer(ctx.get('authorization')) as string;
    const principal = ctx.state.principal as AdminPrincipal;
    const { id, view } = await services.sessions.create(
      {
        name: principal.name,
        role: principal.role,
        keyHash: hashApiKey(key),
      },
      callerOf(ctx),
    );
    ctx.set('Set-Cookie', setCookieHeader(cookie, id));
    services.logger.info({ admin: view.admin }, 'console session started');
    sendJson(ctx, 201, view, { noStore: true });
  };
}

export function getSession(services: IssuerServices) {
  return async function get(ctx: Context): Promise<void> {
    const { role } = ctx.state.principal as AdminPrincipal;
    sendJson(ctx, 200, services.sessions.view(ctx.state.session as SessionRecord, role));
  };
}

/** Sign-out: the session row is deleted, so every replica refuses the cookie from now on. */
export function deleteSession(services: IssuerServices) {
  const cookie = sessionCookie(services.urls.base);
  return async function remove(ctx: Context): Promise<void> {
    await services.sessions.end(ctx.state.sessionId as string);
    ctx.set('Set-Cookie', clearCookieHeader(cookie));
    sendJson(ctx, 200, { ended: true });
  };
}
