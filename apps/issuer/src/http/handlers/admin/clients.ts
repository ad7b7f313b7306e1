import type { Context } from 'koa';
import type { IssuerServices } from '../../../services.js';
import { callerOf } from '../../request-context.js';
import { checkedBody, sendJson } from '../../steps.js';

/** The `validParameters` step has decoded and checked it against the contract. */
function clientId(ctx: Context): string {
  return (ctx.state.params as { clientId: string }).clientId;
}

export function createClient(services: IssuerServices) {
  return async function create(ctx: Context): Promise<void> {
    sendJson(
      ctx,
      201,
      await services.clients.create(checkedBody(ctx, 'createClient'), callerOf(ctx)),
      {
        noStore: true,
      },
    );
  };
}

export function listClients(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    sendJson(ctx, 200, { items: await services.clients.list() });
  };
}

export function getClient(services: IssuerServices) {
  return async function get(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.clients.get(clientId(ctx)));
  };
}

export function disableClient(services: IssuerServices) {
  return async function disable(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.clients.disable(clientId(ctx), callerOf(ctx)));
  };
}

export function enableClient(services: IssuerServices) {
  return async function enable(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.clients.enable(clientId(ctx), callerOf(ctx)));
  };
}

export function replaceClientGrants(services: IssuerServices) {
  return async function replaceGrants(ctx: Context): Promise<void> {
    const body = checkedBody(ctx, 'replaceClientGrants');
    sendJson(
      ctx,
      200,
      await services.clients.replaceGrants(clientId(ctx), body.grants, callerOf(ctx)),
    );
  };
}

export function rotateClientKey(services: IssuerServices) {
  return async function rotateKey(ctx: Context): Promise<void> {
    sendJson(
      ctx,
      201,
      await services.clients.rotateKey(
        clientId(ctx),
        checkedBody(ctx, 'rotateClientKey'),
        callerOf(ctx),
      ),
      {
        noStore: true,
      },
    );
  };
}

export function revokeClientKey(services: IssuerServices) {
  return async function revokeKey(ctx: Context): Promise<void> {
    const { keyId } = ctx.state.params as { keyId: string };
    sendJson(ctx, 200, await services.clients.revokeKey(clientId(ctx), keyId, callerOf(ctx)));
  };
}
