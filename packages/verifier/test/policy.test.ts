import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  evaluatePolicy,
  explain,
  type TrustPolicy,
  VerifierError,
  validatePolicy,
} from '../src/index.js';

const claims = {
  iss: 'https://id.example.test/oidc',
  sub: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
  aud: 'acme',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 7,
  scope: 'write',
  'https://pulumi.com/org': 'acme',
  groups: ['dev', 'ops'],
  admin: false,
  nested: { a: 1 },
};

describe('trust policies', () => {
  it('passes when every condition holds', () => {
    const policy: TrustPolicy = {
      description: 'production updates of acme/web',
      subject: { glob: 'pulumi:deploy:org:acme:project:web:**' },
      claims: {
        operation: { oneOf: ['update', 'destroy'] },
        stack: { equals: 'prod' },
        deployment: { equals: 7 },
        admin: { equals: false },
        'https://pulumi.com/org': { glob: 'ac*' },
        iss: { equals: 'https://id.example.test/oidc' },
      },
    };
    expect(evaluatePolicy(policy, claims)).toEqual({ ok: true, failures: [], conditions: 7 });
    expect(explain(policy, claims)).toEqual(['all 7 conditions matched']);
  });

  it('is JSON-serialisable: a policy read back from JSON behaves the same', () => {
    const policy: TrustPolicy = {
      subject: { equals: claims.sub },
      claims: { stack: { oneOf: ['prod', 'staging'] } },
    };
    const roundTripped = validatePolicy(JSON.parse(JSON.stringify(policy)));
    expect(evaluatePolicy(roundTripped, claims)).toEqual(evaluatePolicy(policy, claims));
  });

  it('reports every failed condition and why', () => {
    const policy: TrustPolicy = {
      subject: { glob: 'pulumi:deploy:org:acme:project:api:**' },
      claims: {
        stack: { equals: 'staging' },
        operation: { oneOf: ['preview'] },
        team: { equals: 'core' },
        nested: { glob: 'x*' },
        deployment: { equals: '7' },
        org: { equals: 'acme' },
      },
    };
    const result = evaluatePolicy(policy, claims);
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => [f.claim, f.condition, f.reason])).toEqual([
      ['sub', 'glob', 'mismatch'],
      ['stack', 'equals', 'mismatch'],
      ['operation', 'oneOf', 'mismatch'],
      ['team', 'equals', 'missing'],
      ['nested', 'glob', 'type'],
      ['deployment', 'equals', 'mismatch'],
    ]);
    const lines = explain(policy, claims);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain('pulumi:deploy:org:acme:project:api:**');
    expect(lines[1]).toBe(
      'equals on stack failed (mismatch): claim stack is "prod"; expected it to equal "staging"',
    );
    expect(lines[3]).toContain('claim team is missing');
    expect(lines[5]).toContain('expected it to equal "7"');
  });

  it('an array claim matches when any element matches', () => {
    expect(evaluatePolicy({ claims: { groups: { equals: 'ops' } } }, claims).ok).toBe(true);
    expect(evaluatePolicy({ claims: { groups: { glob: 'o*' } } }, claims).ok).toBe(true);
    expect(evaluatePolicy({ claims: { groups: { oneOf: ['admin'] } } }, claims).ok).toBe(false);
  });

  it('does not read inherited properties', () => {
    expect(
      evaluatePolicy({ claims: { toString: { glob: 'f*' } } }, claims).failures[0]?.reason,
    ).toBe('missing');
    expect(
      evaluatePolicy({ claims: { constructor: { equals: 'Object' } } }, claims).failures[0]?.reason,
    ).toBe('missing');
  });

  it.each([
    ['not an object', [], /JSON object/],
    ['no conditions', {}, /at least one condition/],
    ['only a description', { description: 'x' }, /at least one condition/],
    [
      'unknown member',
      { subject: { equals: 'a' }, audience: 'x' },
      /unknown policy member "audience"/,
    ],
    ['a plain string subject (ambiguous)', { subject: 'pulumi:*' }, /subject must be an object/],
    ['two operators', { subject: { equals: 'a', glob: 'a*' } }, /exactly one of/],
    ['unknown operator', { claims: { org: { regex: '.*' } } }, /unknown condition "regex"/],
    ['equals an object', { claims: { org: { equals: { a: 1 } } } }, /equals must be/],
    ['equals NaN-like (null)', { claims: { org: { equals: null } } }, /equals must be/],
    ['empty oneOf', { claims: { org: { oneOf: [] } } }, /oneOf must be a non-empty array/],
    ['oneOf with objects', { claims: { org: { oneOf: ['a', {}] } } }, /oneOf values/],
    ['glob with ** in the middle', { subject: { glob: 'a:**:b' } }, /"\*\*" is allowed only/],
    ['glob matching everything', { subject: { glob: '**' } }, /literal character/],
    ['glob not a string', { subject: { glob: 1 } }, /glob must be a string/],
    ['claims not an object', { claims: [] }, /claims must be an object/],
    [
      '__proto__ claim',
      JSON.parse('{"claims":{"__proto__":{"equals":"x"}}}'),
      /not a usable claim name/,
    ],
    [
      'description not a string',
      { description: 1, subject: { equals: 'a' } },
      /description must be a string/,
    ],
  ])('refuses a bad policy: %s', (_name, policy, message) => {
    let error: unknown;
    try {
      compilePolicy(policy);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VerifierError);
    expect((error as VerifierError).code).toBe('invalid_policy');
    expect((error as VerifierError).message).toMatch(message);
    // evaluatePolicy validates too.
    expect(() => evaluatePolicy(policy as TrustPolicy, claims)).toThrow(VerifierError);
  });

  it('lists every issue of a bad policy at once', () => {
    try {
      compilePolicy({ subject: { glob: '' }, claims: { a: {}, b: { oneOf: 1 } }, extra: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as VerifierError).issues.map((issue) => issue.path)).toEqual([
        'extra',
        'subject',
        'claims["a"]',
        'claims["b"]',
      ]);
    }
  });

  it('a compiled policy is reused; a look-alike plain object is still validated', () => {
    const compiled = compilePolicy({ claims: { org: { equals: 'acme' } } });
    expect(evaluatePolicy(compiled, claims).ok).toBe(true);
    const fake = { policy: {}, conditions: [] } as unknown as TrustPolicy;
    expect(() => evaluatePolicy(fake, claims)).toThrow(/unknown policy member/);
  });
});
