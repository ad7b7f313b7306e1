import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { requestLogger } from '../observability/logger.js';
import type { IssuerMetrics } from '../observability/metrics.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A RunID API key or a JWS: a secret sent by mistake as a request id is never logged. */
const SECRET_SHAPED = /^rid_|^eyJ/;

/**
 * Request id (accepted from `X-Request-Id` only when it is short and plain, so nobody can inject
 * into logs), latency metric by route template, and one log line per request. Logs carry the
 * method, route, status and timing only: never headers, bodies, keys or tokens.
 */
export function observe(logger: Logger, metrics: IssuerMetrics) {
  const requests = requestLogger(logger);
  return async function observeRequest(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const requestId =
      SAFE_REQUEST_ID.test(incoming) && !SECRET_SHAPED.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = typeof ctx.state.route === 'string' ? ctx.state.route : 'unmatched';
      metrics.httpDuration.observe(
        { method: ctx.method, route, status: String(ctx.status) },
        seconds,
      );
      const entry = {
        requestId,
        method: ctx.method,
        route,
        status: ctx.status,
        ms: Math.round(seconds * 1e5) / 100,
        ...(ctx.state.clientId !== undefined && { clientId: ctx.state.clientId }),
      };
      if (ctx.state.error !== undefined)
        logger.error({ ...entry, err: ctx.state.error }, 'request failed');
      else requests.info(entry, 'request');
    }
  };
}
