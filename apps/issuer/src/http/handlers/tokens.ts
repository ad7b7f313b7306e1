import type { Context } from 'koa';
import type { IssuerServices } from '../../services.js';
import { requestContext } from '../request-context.js';
import { sendJson } from '../steps.js';

/** Set by the route's check step before this handler (`validMintRequest`, `validPreviewRequest`). */
function checked<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the route has no check step for its body');
  return value;
}

export function mintToken(services: IssuerServices) {
  return async function mint(ctx: Context): Promise<void> {
    sendJson(
      ctx,
      201,
      await services.mint.mint(ctx.state.principal, checked(ctx.state.mint), requestContext(ctx)),
      {
        noStore: true,
      },
    );
  };
}

export function previewToken(services: IssuerServices) {
  return async function preview(ctx: Context): Promise<void> {
    sendJson(ctx, 200, services.mint.preview(ctx.state.principal, checked(ctx.state.preview)));
  };
}
