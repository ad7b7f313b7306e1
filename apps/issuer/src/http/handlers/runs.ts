import type { Context } from 'koa';
import type { RunListParams } from '../../runs/run-service.js';
import type { IssuerServices } from '../../services.js';
import { callerOf, requestContext } from '../request-context.js';
import { checkedBody, sendJson } from '../steps.js';

/** The `validParameters` step has decoded and checked it against the contract. */
function runId(ctx: Context): string {
  return (ctx.state.params as { runId: string }).runId;
}

export function createRun(services: IssuerServices) {
  return async function create(ctx: Context): Promise<void> {
    sendJson(
      ctx,
      201,
      await services.runs.create(
        ctx.state.principal,
        checkedBody(ctx, 'createRun'),
        requestContext(ctx),
      ),
      {
        noStore: true,
      },
    );
  };
}

export function finishRun(services: IssuerServices) {
  return async function finish(ctx: Context): Promise<void> {
    sendJson(
      ctx,
      200,
      await services.runs.finish(
        ctx.state.principal,
        runId(ctx),
        checkedBody(ctx, 'finishRun'),
        requestContext(ctx),
      ),
    );
  };
}

export function revokeRun(services: IssuerServices) {
  return async function revoke(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.runs.revoke(runId(ctx), callerOf(ctx)));
  };
}

export function getRun(services: IssuerServices) {
  return async function get(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.runs.get(runId(ctx)));
  };
}

export function listRuns(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    sendJson(ctx, 200, await services.runs.list(ctx.state.query as RunListParams));
  };
}
