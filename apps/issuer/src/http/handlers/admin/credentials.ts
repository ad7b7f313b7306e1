import type { Context } from 'koa';
import type { AdminPrincipal } from '../../../auth/admin-credentials.js';
import type { IssuerServices } from '../../../services.js';
import { requestContext } from '../../request-context.js';
import { checkedBody, sendJson } from '../../steps.js';

/** The `validParameters` step has decoded and checked it against the contract. */
function credentialId(ctx: Context): string {
  return (ctx.state.params as { credentialId: string }).credentialId;
}

function actor(ctx: Context): AdminPrincipal {
  return ctx.state.principal as AdminPrincipal;
}

export function createAdminCredential(services: IssuerServices) {
  return async function create(ctx: Context): Promise<void> {
    const created = await services.credentials.create(
      checkedBody(ctx, 'createAdminCredential'),
      actor(ctx),
      requestContext(ctx),
    );
    services.logger.info(
      { credential: created.id, name: created.name, role: created.role, by: actor(ctx).name },
      'admin credential created',
    );
    sendJson(ctx, 201, created, { noStore: true });
  };
}

export function listAdminCredentials(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    sendJson(ctx, 200, { items: await services.credentials.list() });
  };
}

export function getAdminCredential(services: IssuerServices) {
  return async function get(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.credentials.get(credentialId(ctx)));
  };
}

export function revokeAdminCredential(services: IssuerServices) {
  return async function revoke(ctx: Context): Promise<void> {
    const revoked = await services.credentials.revoke(
      credentialId(ctx),
      actor(ctx),
      requestContext(ctx),
    );
    services.logger.info(
      { credential: revoked.id, name: revoked.name, by: actor(ctx).name },
      'admin credential revoked',
    );
    sendJson(ctx, 200, revoked);
  };
}
