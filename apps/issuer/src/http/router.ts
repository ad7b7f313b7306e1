import type { OperationId } from '@runid/contract';
import type { Context, Middleware, Next } from 'koa';
import { IssuerError } from '../errors.js';

export type Method = 'GET' | 'POST' | 'DELETE';

/** One endpoint: its contract operation, and the named steps that answer it, in order. */
export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly operationId: OperationId;
  readonly steps: readonly Middleware[];
}

interface CompiledPath {
  readonly template: string;
  readonly pattern: RegExp | undefined;
  readonly params: readonly string[];
  readonly byMethod: Map<string, Middleware>;
}

/** Runs steps in order, each awaiting the next. */
function chain(steps: readonly Middleware[]): Middleware {
  return async (ctx, next) => {
    let index = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called twice');
      index = i;
      const step = i === steps.length ? next : steps[i];
      if (step) await step(ctx, () => run(i + 1));
    };
    await run(0);
  };
}

/**
 * A tiny router over the route table: exact paths in a map, `:param` paths as anchored regexes.
 * HEAD answers through GET. A known path with another method (CONNECT included, which the
 * server hands over from its `connect` event) is 405 with `Allow`; CONNECT to anything else is
 * 405 with an empty `Allow`; any other path is 404 — all as problem documents. `:param` captures
 * stay percent-encoded in `ctx.state.rawParams` for the route's parameter step.
 */
export function router(routes: readonly Route[]): Middleware {
  const exact = new Map<string, CompiledPath>();
  const patterned: CompiledPath[] = [];
  for (const route of routes) {
    const params: string[] = [];
    const source = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      params.push(name);
      return '([^/]+)';
    });
    const list = params.length === 0 ? undefined : patterned;
    let entry = list ? list.find((p) => p.template === route.path) : exact.get(route.path);
    if (entry === undefined) {
      entry = {
        template: route.path,
        pattern: params.length === 0 ? undefined : new RegExp(`^${source}$`),
        params,
        byMethod: new Map(),
      };
      if (list) list.push(entry);
      else exact.set(route.path, entry);
    }
    const steps = chain(route.steps);
    const { operationId } = route;
    // The role check (`admit`) reads which operation this is.
    const handler: Middleware = (ctx, next) => {
      ctx.state.operationId = operationId;
      return steps(ctx, next);
    };
    entry.byMethod.set(route.method, handler);
    if (route.method === 'GET') entry.byMethod.set('HEAD', handler);
  }

  return async function route(ctx: Context, next: Next): Promise<void> {
    let entry = exact.get(ctx.path);
    const params: Record<string, string> = {};
    if (entry === undefined) {
      for (const candidate of patterned) {
        const match = candidate.pattern?.exec(ctx.path);
        if (match) {
          entry = candidate;
          // Still percent-encoded: the route's parameter step decodes and validates them.
          for (const [i, name] of candidate.params.entries()) params[name] = match[i + 1] ?? '';
          break;
        }
      }
    }
    if (entry === undefined) {
      // CONNECT names an authority, not one of our paths: this server is no proxy.
      if (ctx.method === 'CONNECT') {
        throw new IssuerError('method_not_allowed', 'CONNECT is not allowed: this is no proxy.', {
          headers: { Allow: '' },
        });
      }
      throw new IssuerError('not_found', `No endpoint at ${ctx.path}.`);
    }
    ctx.state.route = entry.template;
    const handler = entry.byMethod.get(ctx.method);
    if (handler === undefined) {
      const allow = [...entry.byMethod.keys()].join(', ');
      throw new IssuerError(
        'method_not_allowed',
        `${ctx.method} is not allowed here; use ${allow}.`,
        {
          headers: { Allow: allow },
        },
      );
    }
    ctx.state.rawParams = params;
    await handler(ctx, next);
  };
}
