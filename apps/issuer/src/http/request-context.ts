import type { Context } from 'koa';
import { actorOf, type Caller } from '../audit/events.js';
import type { RequestContext } from '../audit/request-context.js';
import type {} from './request-state.js';

/**
 * The request context a handler passes down to the services it calls (for their audit events).
 * `observe` sets the request id and `sourceAddress` the source address before any handler runs.
 */
export function requestContext(ctx: Context): RequestContext {
  const { requestId, source } = ctx.state;
  return {
    requestId: requestId ?? null,
    source: source ?? ctx.req.socket.remoteAddress ?? null,
  };
}

/** The authenticated caller of this request and its context, for a service's audit event. */
export function callerOf(ctx: Context): Caller {
  return { actor: actorOf(ctx.state.principal), ...requestContext(ctx) };
}
