import type { Context } from 'koa';
import { ISSUERS } from '../../keys/ensure-keys.js';
import type { IssuerServices } from '../../services.js';
import { sendJson } from '../steps.js';

const HEALTH = JSON.stringify({ status: 'ok' });

export async function health(ctx: Context): Promise<void> {
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = HEALTH;
}

/** Ready when the store answers and each issuer has a signing key. */
export function readiness(services: IssuerServices) {
  return async function ready(ctx: Context): Promise<void> {
    let store: { ok: boolean; detail?: string };
    try {
      await services.store.ping();
      await services.keyRing.refresh();
      store = { ok: true };
    } catch {
      store = { ok: false, detail: 'the store does not answer' };
    }
    let keys: { ok: boolean; detail?: string };
    try {
      const missing = ISSUERS.filter((issuer) => services.keyRing.get(issuer).signer === undefined);
      keys =
        missing.length === 0
          ? { ok: true }
          : { ok: false, detail: `no signing key for ${missing.join(', ')}` };
    } catch {
      keys = { ok: false, detail: 'the key set is not loaded' };
    }
    const ok = store.ok && keys.ok;
    if (!ok) ctx.set('Retry-After', '5');
    ctx.set('Cache-Control', 'no-store');
    sendJson(ctx, ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready', checks: { store, keys } });
  };
}

export function metrics(services: IssuerServices) {
  return async function sendMetrics(ctx: Context): Promise<void> {
    ctx.status = 200;
    ctx.type = services.metrics.registry.contentType;
    ctx.body = await services.metrics.registry.metrics();
  };
}
