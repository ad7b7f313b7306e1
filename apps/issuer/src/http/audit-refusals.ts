import type { Context, Next } from 'koa';
import { type RefusalType, refusalEvent, requestedKind } from '../audit/refusal.js';
import type { IssuerServices } from '../services.js';
import { requestContext } from './request-context.js';

/**
 * Step (first in its route): every refused or failed answer of the operation leaves an audit
 * event with its reason code. Best effort and cheap — queued for the next group commit, never
 * awaited — so a flood of refusals costs no more than their answers.
 */
export function auditRefusals(services: IssuerServices, type: RefusalType) {
  return async function auditRefusalsStep(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      services.events.note(
        refusalEvent(type, error, {
          principal: ctx.state.principal ?? ctx.state.authenticated,
          authorization: ctx.get('authorization') || undefined,
          kind: requestedKind(ctx.state.body),
          ...(type === 'admin.action_refused' && {
            operation: ctx.state.operationId as string | undefined,
          }),
        }),
        requestContext(ctx),
      );
      throw error;
    }
  };
}
