import type { Context } from 'koa';
import type { IssuerServices } from '../../services.js';
import { requestContext } from '../request-context.js';
import { sendJson } from '../steps.js';

export function mintToken(services: IssuerServices) {
  return async function mint(ctx: Context): Promise<void> {
    sendJson(
      ctx,
      201,
      await services.mint.mint(ctx.state.principal, ctx.state.body, requestContext(ctx)),
      {
        noStore: true,
      },
    );
  };
}

export function previewToken(services: IssuerServices) {
  return async function preview(ctx: Context): Promise<void> {
    sendJson(ctx, 200, services.mint.preview(ctx.state.principal, ctx.state.body));
  };
}
