import type { Context } from 'koa';
import type { IssuerServices } from '../../services.js';
import { sendJson } from '../steps.js';

const HEALTH = JSON.stringify({ status: 'ok' });

export async function health(ctx: Context): Promise<void> {
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = HEALTH;
}

/** Ready to mint: the store answers (within a bound: never hangs) and each issuer has a signing key. */
export function readiness(services: IssuerServices) {
  return async function ready(ctx: Context): Promise<void> {
    const { ok, checks } = await services.health.mint();
    if (!ok) ctx.set('Retry-After', '5');
    ctx.set('Cache-Control', 'no-store');
    sendJson(ctx, ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready', checks });
  };
}

/** Ready to serve discovery and JWKS: they answer from memory, so a store outage leaves this true. */
export function discoveryReadiness(services: IssuerServices) {
  return async function discoveryReady(ctx: Context): Promise<void> {
    const { ok, checks, keyViewAgeSeconds } = services.health.discovery();
    if (!ok) ctx.set('Retry-After', '5');
    ctx.set('Cache-Control', 'no-store');
    sendJson(ctx, ok ? 200 : 503, {
      status: ok ? 'ready' : 'not_ready',
      checks,
      keyViewAgeSeconds,
    });
  };
}

export function metrics(services: IssuerServices) {
  return async function sendMetrics(ctx: Context): Promise<void> {
    ctx.status = 200;
    ctx.type = services.metrics.registry.contentType;
    ctx.body = await services.metrics.registry.metrics();
  };
}
