import { describe, expectTypeOf, it } from 'vitest';
import {
  type Accepted,
  type Finding,
  generateAws,
  type Intent,
  type LINT_RULES,
  type LintRule,
  lintAws,
  type Refused,
  type RelyingParty,
  type Severity,
  type Stage,
  simulateAws,
  simulateAzure,
  simulateGcp,
  simulateVault,
  type TokenSource,
  type Verdict,
} from '../src/index.js';

describe('public API types', () => {
  it('verdicts are a union discriminated by accepted', () => {
    expectTypeOf<Verdict>().toEqualTypeOf<Accepted | Refused>();
    expectTypeOf<RelyingParty>().toEqualTypeOf<'aws' | 'azure' | 'gcp' | 'vault'>();
    expectTypeOf<Stage>().toEqualTypeOf<
      'token' | 'registration' | 'claims' | 'audience' | 'policy' | 'session'
    >();
    const v = {} as Verdict;
    if (v.accepted) {
      expectTypeOf(v).toEqualTypeOf<Accepted>();
      // @ts-expect-error a verdict that accepted has no code
      void v.code;
    } else {
      expectTypeOf(v.code).toEqualTypeOf<string>();
      expectTypeOf(v.stage).toEqualTypeOf<Stage>();
      expectTypeOf(v.failed.path).toEqualTypeOf<string>();
    }
  });

  it('simulators take a token source and require now', () => {
    expectTypeOf(simulateAws).parameter(0).toEqualTypeOf<TokenSource>();
    expectTypeOf(simulateAws).returns.toEqualTypeOf<Verdict>();
    expectTypeOf(simulateAzure).returns.toEqualTypeOf<Verdict>();
    expectTypeOf(simulateGcp).returns.toEqualTypeOf<Verdict>();
    expectTypeOf(simulateVault).returns.toEqualTypeOf<Verdict>();
    // @ts-expect-error now is required: the toolkit has no clock
    simulateAws('x', { providers: [], role: {} as never }, {});
  });

  it('lint rules are L1…L24', () => {
    expectTypeOf<LintRule>().toEqualTypeOf<keyof typeof LINT_RULES>();
    expectTypeOf<'L24'>().toMatchTypeOf<LintRule>();
    // @ts-expect-error there is no L25
    const bad: LintRule = 'L25';
    void bad;
    expectTypeOf<Severity>().toEqualTypeOf<'error' | 'warning' | 'info'>();
    expectTypeOf(lintAws).returns.toEqualTypeOf<Finding[]>();
  });

  it('intents name operations from @runid/claims', () => {
    expectTypeOf(generateAws).parameter(0).toEqualTypeOf<Intent>();
    const i: Intent = {
      kind: 'deployment',
      org: 'a',
      project: 'p',
      stack: 's',
      // @ts-expect-error not an operation
      operations: ['deploy'],
    };
    void i;
  });
});
