import type { Verifier } from '../verifier.js';
import {
  authenticate,
  DEFAULT_PROPERTY,
  type MiddlewareOptions,
  prepareOptions,
} from './authenticate.js';

/**
 * The part of a Koa context this middleware touches. Typed structurally so the package has no
 * dependency on `koa` or `@types/koa`; a real Koa context satisfies it.
 */
export interface KoaContextLike {
  get(field: string): string;
  set(field: string, value: string): void;
  state: Record<string, unknown>;
  status: number;
  body: unknown;
}

export type KoaNext = () => Promise<unknown>;

export type KoaMiddleware = (ctx: KoaContextLike, next: KoaNext) => Promise<void>;

/**
 * Koa middleware: verifies the bearer token, puts the result in `ctx.state.runid` (or
 * `options.property`) and calls `next`; otherwise answers 400/401/403/503 with a problem document
 * and a `WWW-Authenticate` challenge.
 */
export function koaVerifier(verifier: Verifier, options?: MiddlewareOptions): KoaMiddleware {
  const prepared = prepareOptions(options);
  const property = prepared.property ?? DEFAULT_PROPERTY;
  return async (ctx, next) => {
    const outcome = await authenticate(verifier, ctx.get('authorization'), prepared);
    if (!outcome.ok) {
      ctx.status = outcome.status;
      // Body first: Koa derives content-type from it, then the explicit header wins.
      ctx.body = JSON.stringify(outcome.body);
      for (const [name, value] of Object.entries(outcome.headers)) ctx.set(name, value);
      return;
    }
    ctx.state[property] = outcome.result;
    await next();
  };
}
