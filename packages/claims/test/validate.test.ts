import { describe, expect, it } from 'vitest';
import { ClaimsError, checkTokenInput, validateTokenInput } from '../src/index.js';
import { badInputs, deployment, environment, oidc, validInputs } from './fixtures.js';

function thrown(fn: () => unknown): ClaimsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClaimsError) return error;
    throw error;
  }
  throw new Error('expected a ClaimsError');
}

describe('validateTokenInput', () => {
  it.each(validInputs)('accepts $name', ({ input }) => {
    expect(checkTokenInput(input)).toStrictEqual([]);
    expect(validateTokenInput(input)).toStrictEqual(input);
  });

  it.each(badInputs)('rejects $name', ({ input, issues }) => {
    const error = thrown(() => validateTokenInput(input));
    expect(error.code).toBe('invalid_input');
    expect(error.issues.map((i) => `${i.path} ${i.code}`)).toStrictEqual(issues);
    expect(checkTokenInput(input)).toStrictEqual(error.issues);
    for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(10);
  });

  it('returns a fresh copy, not the caller object', () => {
    const input = { ...environment, subjectAttributes: ['pulumi.user.login' as const] };
    const valid = validateTokenInput(input);
    expect(valid).not.toBe(input);
    expect(valid.kind === 'environment' && valid.subjectAttributes).not.toBe(
      input.subjectAttributes,
    );
    const o = validateTokenInput(oidc);
    expect(o.kind === 'oidc' && o.actor).not.toBe(oidc.actor);
  });

  it('never reads inherited properties', () => {
    const input = Object.create({ org: 'acme' }) as Record<string, unknown>;
    Object.assign(input, { ...deployment });
    delete input.org;
    // a non-plain object is refused outright…
    expect(thrown(() => validateTokenInput(input)).issues).toStrictEqual([
      expect.objectContaining({ path: '', code: 'invalid_type' }),
    ]);
    // …and Object.prototype pollution does not supply missing fields.
    const proto = Object.prototype as Record<string, unknown>;
    proto.org = 'acme';
    try {
      const { org: _, ...rest } = deployment;
      expect(thrown(() => validateTokenInput(rest)).issues).toStrictEqual([
        expect.objectContaining({ path: 'org', code: 'required' }),
      ]);
    } finally {
      delete proto.org;
    }
  });

  it('does not pollute prototypes through __proto__ members', () => {
    const input = JSON.parse(
      `{"kind":"oidc","__proto__":{"polluted":true},"actor":{"__proto__":{"polluted":true}}}`,
    );
    const error = thrown(() => validateTokenInput(input));
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: '__proto__', code: 'unknown_field' }),
    );
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: 'actor.__proto__', code: 'unknown_field' }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses class instances and Dates as inputs', () => {
    expect(thrown(() => validateTokenInput(new Date())).issues[0]?.code).toBe('invalid_type');
    expect(thrown(() => validateTokenInput(new (class {})())).issues[0]?.code).toBe('invalid_type');
  });

  it('accepts null-prototype objects', () => {
    const input = Object.assign(Object.create(null) as object, deployment);
    expect(validateTokenInput(input)).toStrictEqual(deployment);
  });

  it('says what is allowed', () => {
    const issues = (input: unknown) =>
      thrown(() => validateTokenInput(input)).issues.map((i) => i.message);
    expect(issues({ ...deployment, operation: 'deploy' })[0]).toContain(
      'preview, update, refresh, destroy, detect-drift, remediate-drift',
    );
    expect(issues({ ...environment, platform: 'x' })[0]).toContain(
      'aws, azure, gcp, vault, doppler, infisical, snowflake',
    );
    expect(issues({ ...deployment, project: 'a:b' })[0]).toMatch(
      /must not contain ':' \(at index 1\); allowed: letters/,
    );
    expect(issues({ ...deployment, project: 'a b' })[0]).toContain('U+0020');
    expect(issues({ ...deployment, org: x(65) })[0]).toContain('at most 64 characters (got 65)');
    expect(issues({ ...deployment, extra: 1 })[0]).toContain(
      'allowed fields: kind, org, project, stack, operation, deployment, duration',
    );
    expect(issues({ ...environment, currentEnvironment: 'a/b/c' })[0]).toContain('exactly one');
    expect(issues({ ...deployment, duration: '1d' })[0]).toContain("'1h30m'");
    expect(issues({ ...oidc, audience: ['a'] })[0]).toContain('one string');
  });

  it('never echoes a whole value in messages', () => {
    const secret = 'Sekret-Value-123';
    const error = thrown(() =>
      validateTokenInput({
        ...deployment,
        org: secret,
        project: `${secret}:`,
        stack: `${secret}${x(100)}`,
      }),
    );
    for (const issue of error.issues) expect(issue.message).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });

  it('caps unknown-field issues for huge objects', () => {
    const input: Record<string, unknown> = { ...deployment };
    for (let i = 0; i < 1000; i++) input[`f${i}`] = i;
    const issues = thrown(() => validateTokenInput(input)).issues;
    expect(issues).toHaveLength(21);
    expect(issues[20]?.message).toContain('980 more unknown fields');
  });
});

function x(n: number): string {
  return 'a'.repeat(n);
}
