import type { Context } from 'koa';
import { IssuerError } from '../../../errors.js';
import type { IssuerServices } from '../../../services.js';
import { sendJson } from '../../steps.js';

function clientId(ctx: Context): string {
  const id = String(ctx.state.params?.clientId ?? '');
  if (id.length < 1 || id.length > 200) {
    throw new IssuerError('invalid_request', 'The client id must be 1 to 200 characters.', {
      errors: [
        { path: 'clientId', code: 'too_long', message: 'clientId must be 1 to 200 characters' },
      ],
    });
  }
  return id;
}

export function createClient(services: IssuerServices) {
  return async function create(ctx: Context): Promise<void> {
    sendJson(ctx, 201, await services.clients.create(ctx.state.body), { noStore: true });
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
    sendJson(ctx, 200, await services.clients.disable(clientId(ctx)));
  };
}
