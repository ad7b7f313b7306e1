// Type-level tests of the introspection option and its answer on a verified result.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  IntrospectionAnswer,
  IntrospectionOptions,
  IssuerConfig,
  PostFetchLike,
  VerifySuccess,
} from '../src/index.js';

describe('introspection types', () => {
  it('is an optional per-issuer option', () => {
    expectTypeOf<IssuerConfig['introspection']>().toEqualTypeOf<IntrospectionOptions | undefined>();
    expectTypeOf<IntrospectionOptions['credential']>().toEqualTypeOf<string>();
    expectTypeOf<IntrospectionOptions['cacheSeconds']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<IntrospectionOptions['fetch']>().toEqualTypeOf<PostFetchLike | undefined>();
    // The global fetch can POST the form.
    expectTypeOf<typeof globalThis.fetch>().toExtend<PostFetchLike>();
  });

  it('puts the active answer on every kind of success', () => {
    expectTypeOf<VerifySuccess['introspection']>().toEqualTypeOf<IntrospectionAnswer | undefined>();
    expectTypeOf<IntrospectionAnswer['active']>().toEqualTypeOf<true>();
    expectTypeOf<NonNullable<IntrospectionAnswer['run']>['state']>().toEqualTypeOf<string>();
  });
});
