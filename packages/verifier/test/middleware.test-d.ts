// Type-level tests of the request augmentations, against the real @types/express and @types/koa:
// importing an entry point types `req.runid` (Express) and `ctx.state.runid` (Koa).
import express, { type Request } from 'express';
import Koa, { type DefaultState, type ParameterizedContext } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import type { RejectionEvent, VerifySuccess } from '../src/index.js';
import { expressVerifier } from '../src/middleware/express.js';
import { type KoaMiddleware, koaVerifier } from '../src/middleware/koa.js';
import type { Verifier } from '../src/verifier.js';

declare const verifier: Verifier;

describe('Express augmentation', () => {
  it('types req.runid as an optional VerifySuccess', () => {
    expectTypeOf<Request['runid']>().toEqualTypeOf<VerifySuccess | undefined>();
    const app = express();
    app.use(expressVerifier(verifier, { onRejected: (event) => void event.reason }));
    app.get('/', (req, res) => {
      expectTypeOf(req.runid).toEqualTypeOf<VerifySuccess | undefined>();
      res.json({ sub: req.runid?.claims.sub });
    });
  });
});

describe('Koa augmentation', () => {
  it('types ctx.state.runid as an optional VerifySuccess', () => {
    expectTypeOf<DefaultState['runid']>().toEqualTypeOf<VerifySuccess | undefined>();
    const app = new Koa();
    app.use(koaVerifier(verifier, { onRejected: (event) => void event.status }));
    app.use((ctx) => {
      expectTypeOf(ctx.state.runid).toEqualTypeOf<VerifySuccess | undefined>();
      ctx.body = { sub: ctx.state.runid?.claims.sub };
    });
    expectTypeOf<ParameterizedContext['state']['runid']>().toEqualTypeOf<
      VerifySuccess | undefined
    >();
  });

  it('a Koa middleware is assignable to Koa.Middleware and its hook gets a RejectionEvent', () => {
    expectTypeOf<KoaMiddleware>().toExtend<Koa.Middleware>();
    koaVerifier(verifier, {
      onRejected: (event) => {
        expectTypeOf(event).toEqualTypeOf<RejectionEvent>();
      },
    });
  });

  it('refuses what is not a hook', () => {
    // @ts-expect-error onRejected must be a function
    koaVerifier(verifier, { onRejected: 'log' });
  });
});
