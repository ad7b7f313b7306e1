import { describe, expect, it } from 'vitest';
import { buildClaims, ClaimsError, parseClaims, parseSubject } from '../src/index.js';

// Byte-for-byte examples from token-formats.md.
const cases = [
  {
    name: 'deployment',
    input: {
      kind: 'deployment',
      org: 'acme',
      project: 'web',
      stack: 'prod',
      operation: 'update',
      deployment: 42,
    },
    sub: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
    aud: 'acme',
    issuer: 'v1',
    claims: {
      org: 'acme',
      project: 'web',
      stack: 'prod',
      stackId: 'acme/web/prod',
      operation: 'update',
      deployment: 42,
      scope: 'write',
    },
  },
  {
    name: 'environment, default subject',
    input: {
      kind: 'environment',
      org: 'acme',
      platform: 'aws',
      currentEnvironment: 'web/dev',
      user: 'alice',
    },
    sub: 'pulumi:environments:org:acme:env:web/dev',
    aud: 'aws:acme',
    issuer: 'v1',
    claims: {
      current_env: 'web/dev',
      root_env: 'web/dev',
      trigger_user: 'alice',
      org: 'acme',
      env: 'web/dev',
    },
  },
  {
    name: 'environment, documented subjectAttributes example',
    input: {
      kind: 'environment',
      org: 'acme',
      platform: 'gcp',
      currentEnvironment: 'web/dev',
      user: 'alice',
      subjectAttributes: ['currentEnvironment.name', 'pulumi.user.login'],
    },
    sub: 'pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:web/dev:pulumi.user.login:alice',
    aud: 'gcp:acme',
    issuer: 'v1',
    claims: {
      current_env: 'web/dev',
      root_env: 'web/dev',
      trigger_user: 'alice',
      org: 'acme',
      env: 'web/dev',
    },
  },
  {
    name: 'environment, legacy default project',
    input: {
      kind: 'environment',
      org: 'acme',
      platform: 'azure',
      currentEnvironment: 'default/dev',
      user: 'alice',
    },
    sub: 'pulumi:environments:org:acme:env:dev',
    aud: 'acme',
    issuer: 'v1',
    claims: {
      current_env: 'default/dev',
      root_env: 'default/dev',
      trigger_user: 'alice',
      org: 'acme',
      env: 'default/dev',
    },
  },
  {
    name: 'oidc',
    input: {
      kind: 'oidc',
      org: 'acme',
      orgId: 'org-123',
      currentEnvironment: { name: 'web/dev', id: 'env-1' },
      rootEnvironment: { name: 'web/prod', id: 'env-2' },
      actor: { login: 'alice', id: 'user-9' },
      audience: 'https://registry.example.com',
    },
    sub: 'pulumi:org:org-123:env:env-1',
    aud: 'https://registry.example.com',
    issuer: 'v2',
    claims: {
      'https://pulumi.com/org': 'acme',
      'https://pulumi.com/org_id': 'org-123',
      'https://pulumi.com/current_env': 'web/dev',
      'https://pulumi.com/current_env_id': 'env-1',
      'https://pulumi.com/root_env': 'web/prod',
      'https://pulumi.com/root_env_id': 'env-2',
      'https://pulumi.com/actor': 'alice',
      'https://pulumi.com/actor_id': 'user-9',
    },
  },
] as const;

describe('documented examples', () => {
  it.each(cases)('$name renders byte for byte', (c) => {
    const built = buildClaims(c.input);
    expect(built.sub).toBe(c.sub);
    expect(built.aud).toBe(c.aud);
    expect(built.issuer).toBe(c.issuer);
    expect(built.claims).toStrictEqual(c.claims);
    expect(built.lifetimeSeconds).toBe(3600);
  });

  it.each(cases)('$name parses back', (c) => {
    const built = buildClaims(c.input);
    expect(parseSubject(built.sub).kind).toBe(c.input.kind);
    const payload = {
      iss: 'https://id.example.com/oidc',
      sub: built.sub,
      aud: built.aud,
      iat: 1,
      nbf: 1,
      exp: 2,
      jti: 'j',
      ...built.claims,
    };
    const parsed = parseClaims(payload);
    expect(parsed).toMatchObject({ ok: true, value: { kind: c.input.kind } });
  });

  it('rejects an upper-case org with a lower-case hint', () => {
    const error = (() => {
      try {
        buildClaims({ ...cases[0].input, org: 'Acme' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ClaimsError);
    expect((error as ClaimsError).code).toBe('invalid_input');
    expect((error as ClaimsError).issues).toStrictEqual([
      expect.objectContaining({
        path: 'org',
        code: 'invalid_case',
        message: expect.stringContaining('lower case'),
      }),
    ]);
  });
});
