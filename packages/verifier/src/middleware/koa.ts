// Loads koa's types for the augmentation below (erased from the JavaScript).
import type {} from 'koa';
import type { Verifier, VerifySuccess } from '../verifier.js';
import {
  authenticate,
  DEFAULT_PROPERTY,
  type MiddlewareOptions,
  prepareOptions,
} from './authenticate.js';

declare module 'koa' {
  // Koa types `ctx.state` as `DefaultState` unless an app says otherwise: importing
  // `@runid/verifier/koa` makes `ctx.state.runid` typed in every middleware after this one.
  // (This is why Koa support is its own entry point: the augmentation needs koa's types, which
  // only Koa users have.)
  interface DefaultState {
    /** The verified token, set by `koaVerifier` (default `property`). */
    runid?: VerifySuccess;
  }
}

/**
 * The part of a Koa context this middleware touches, typed structurally (nothing from koa is
 * imported at run time); a real Koa context satisfies it.
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
