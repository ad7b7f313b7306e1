import type { Context } from 'koa';
import type { IssuerServices } from '../../services.js';
import { sendJson } from '../steps.js';

export function simulateTrust(services: IssuerServices) {
  return async function simulate(ctx: Context): Promise<void> {
    sendJson(ctx, 200, services.trust.simulate(ctx.state.principal, ctx.state.body));
  };
}
