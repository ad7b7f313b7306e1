import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  ClaimsError,
  checkSubject,
  type ParsedSubject,
  parseSubject,
} from '../src/index.js';
import { deployment, environment, oidc } from './fixtures.js';

function thrown(fn: () => unknown): ClaimsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClaimsError) return error;
    throw error;
  }
  throw new Error('expected a ClaimsError');
}

describe('parseSubject', () => {
  it.each<[string, ParsedSubject]>([
    [
      'pulumi:deploy:org:acme:project:web:stack:prod:operation:detect-drift:scope:write',
      {
        kind: 'deployment',
        org: 'acme',
        project: 'web',
        stack: 'prod',
        operation: 'detect-drift',
        scope: 'write',
      },
    ],
    [
      'pulumi:environments:org:acme:env:web/dev',
      { kind: 'environment', org: 'acme', environment: 'web/dev', attributes: [] },
    ],
    [
      'pulumi:environments:org:acme:env:dev',
      { kind: 'environment', org: 'acme', environment: 'default/dev', attributes: [] },
    ],
    [
      'pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:web/dev:pulumi.user.login:alice',
      {
        kind: 'environment',
        org: 'acme',
        attributes: [
          { name: 'currentEnvironment.name', value: 'web/dev' },
          { name: 'pulumi.user.login', value: 'alice' },
        ],
      },
    ],
    [
      'pulumi:environments:pulumi.organization.login:acme',
      { kind: 'environment', org: 'acme', attributes: [] },
    ],
    ['pulumi:org:org-123:env:env-1', { kind: 'oidc', orgId: 'org-123', environmentId: 'env-1' }],
  ])('%s', (sub, expected) => {
    expect(parseSubject(sub)).toStrictEqual(expected);
  });

  it.each([
    [
      'wrong namespace',
      'github:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
      'invalid_format',
    ],
    ['empty', '', 'invalid_format'],
    ['unknown shape', 'pulumi:stack:acme', 'invalid_format'],
    ['namespace only', 'pulumi', 'invalid_format'],
    [
      'extra segment',
      'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write:x',
      'invalid_format',
    ],
    [
      'missing segment',
      'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope',
      'invalid_format',
    ],
    [
      'wrong literal',
      'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:read',
      'invalid_format',
    ],
    [
      'wrong label',
      'pulumi:deploy:org:acme:proj:web:stack:prod:operation:update:scope:write',
      'invalid_format',
    ],
    [
      'upper-case org',
      'pulumi:deploy:org:Acme:project:web:stack:prod:operation:update:scope:write',
      'invalid_case',
    ],
    [
      'bad operation',
      'pulumi:deploy:org:acme:project:web:stack:prod:operation:deploy:scope:write',
      'not_allowed',
    ],
    [
      'empty stack',
      'pulumi:deploy:org:acme:project:web:stack::operation:update:scope:write',
      'too_short',
    ],
    [
      'space in stack',
      'pulumi:deploy:org:acme:project:web:stack:pr od:operation:update:scope:write',
      'invalid_characters',
    ],
    [
      'wildcard',
      'pulumi:deploy:org:acme:project:*:stack:prod:operation:update:scope:write',
      'invalid_characters',
    ],
    ['env with two slashes', 'pulumi:environments:org:acme:env:web/dev/x', 'invalid_format'],
    ['env non-canonical default', 'pulumi:environments:org:acme:env:default/dev', 'invalid_format'],
    ['env bad label', 'pulumi:environments:org:acme:environment:web/dev', 'invalid_format'],
    ['env segment count', 'pulumi:environments:org:acme:env', 'invalid_format'],
    [
      'attributes unpaired',
      'pulumi:environments:pulumi.organization.login:acme:pulumi.user.login',
      'invalid_format',
    ],
    [
      'attribute unknown',
      'pulumi:environments:pulumi.organization.login:acme:pulumi.user.email:a',
      'not_allowed',
    ],
    [
      'org attribute repeated',
      'pulumi:environments:pulumi.organization.login:acme:pulumi.organization.login:acme',
      'not_allowed',
    ],
    [
      'attribute duplicate',
      'pulumi:environments:pulumi.organization.login:acme:pulumi.user.login:a:pulumi.user.login:b',
      'duplicate',
    ],
    [
      'attribute env value without slash',
      'pulumi:environments:pulumi.organization.login:acme:rootEnvironment.name:dev',
      'invalid_format',
    ],
    [
      'attribute user value bad',
      'pulumi:environments:pulumi.organization.login:acme:pulumi.user.login:a/b',
      'invalid_characters',
    ],
    ['oidc missing env', 'pulumi:org:o1', 'invalid_format'],
    ['oidc bad label', 'pulumi:org:o1:environment:e1', 'invalid_format'],
    ['oidc bad id', 'pulumi:org:o1:env:e/1', 'invalid_characters'],
    ['too long', `pulumi:org:o1:env:${'e'.repeat(3000)}`, 'too_long'],
  ])('rejects %s', (_name, sub, code) => {
    const error = thrown(() => parseSubject(sub));
    expect(error.code).toBe('invalid_subject');
    expect(error.issues.map((i) => i.code)).toContain(code);
    for (const issue of error.issues) expect(issue.path).toBe('sub');
  });

  it('rejects non-strings without throwing from checkSubject', () => {
    expect(checkSubject(42)).toStrictEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'invalid_type' })],
    });
    expect(thrown(() => parseSubject(null as unknown as string)).code).toBe('invalid_subject');
  });

  it('honours the subject namespace option', () => {
    const built = buildClaims(oidc, { subjectNamespace: 'runid' });
    expect(built.sub).toBe('runid:org:org-123:env:env-1');
    expect(parseSubject(built.sub, { subjectNamespace: 'runid' })).toStrictEqual({
      kind: 'oidc',
      orgId: 'org-123',
      environmentId: 'env-1',
    });
    expect(thrown(() => parseSubject(built.sub)).code).toBe('invalid_subject');
    expect(
      thrown(() => parseSubject('pulumi:org:o:env:e', { subjectNamespace: 'runid' })).code,
    ).toBe('invalid_subject');
  });

  it('recognises the subject of every built kind', () => {
    expect(parseSubject(buildClaims(deployment).sub).kind).toBe('deployment');
    expect(parseSubject(buildClaims(environment).sub).kind).toBe('environment');
    expect(parseSubject(buildClaims(oidc).sub).kind).toBe('oidc');
  });
});

describe('environment subjects', () => {
  const sub = (extra: Record<string, unknown>) => buildClaims({ ...environment, ...extra }).sub;

  it('use the ROOT environment', () => {
    expect(sub({ currentEnvironment: 'shared/aws', rootEnvironment: 'web/prod' })).toBe(
      'pulumi:environments:org:acme:env:web/prod',
    );
  });

  it('render the legacy default project without its project', () => {
    expect(sub({ rootEnvironment: 'default/prod' })).toBe('pulumi:environments:org:acme:env:prod');
    // a project merely named like the legacy one is not legacy
    expect(sub({ rootEnvironment: 'defaults/prod' })).toBe(
      'pulumi:environments:org:acme:env:defaults/prod',
    );
    expect(sub({ rootEnvironment: 'Default/prod' })).toBe(
      'pulumi:environments:org:acme:env:Default/prod',
    );
  });

  it('keep attribute values as <project>/<env>, also for the legacy project', () => {
    expect(
      sub({ currentEnvironment: 'default/dev', subjectAttributes: ['rootEnvironment.name'] }),
    ).toBe('pulumi:environments:pulumi.organization.login:acme:rootEnvironment.name:default/dev');
  });

  it('keep the listed order and skip a repeated organization', () => {
    expect(
      sub({
        rootEnvironment: 'app/prod',
        subjectAttributes: [
          'pulumi.user.login',
          'pulumi.organization.login',
          'rootEnvironment.name',
          'currentEnvironment.name',
        ],
      }),
    ).toBe(
      'pulumi:environments:pulumi.organization.login:acme:pulumi.user.login:alice:rootEnvironment.name:app/prod:currentEnvironment.name:web/dev',
    );
  });
});

describe('audiences', () => {
  it.each([
    [{ ...environment, platform: 'vault' }, 'vault:acme'],
    [{ ...environment, platform: 'snowflake' }, 'snowflake:acme'],
    // the login is declared in the current environment: its project decides the legacy audience
    [{ ...environment, currentEnvironment: 'default/aws', rootEnvironment: 'web/prod' }, 'acme'],
    [
      { ...environment, currentEnvironment: 'web/aws', rootEnvironment: 'default/prod' },
      'aws:acme',
    ],
    [deployment, 'acme'],
  ])('%j → %s', (input, aud) => {
    expect(buildClaims(input).aud).toBe(aud);
  });
});
