import type { Context } from 'koa';
import type { RequestContext } from '../audit/request-context.js';

/**
 * The request context a handler passes down to the services it calls (for their audit events).
 * `observe` sets the request id and the source address before any handler runs.
 */
export function requestContext(ctx: Context): RequestContext {
  const { requestId, source } = ctx.state as { requestId?: unknown; source?: unknown };
  return {
    requestId: typeof requestId === 'string' ? requestId : null,
    source: typeof source === 'string' ? source : (ctx.req.socket.remoteAddress ?? null),
  };
}
