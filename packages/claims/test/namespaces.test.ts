import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  ClaimsError,
  DEFAULT_CLAIM_NAMESPACE,
  DEFAULT_SUBJECT_NAMESPACE,
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

describe('namespace options', () => {
  it('default to pulumi and https://pulumi.com/', () => {
    expect(DEFAULT_SUBJECT_NAMESPACE).toBe('pulumi');
    expect(DEFAULT_CLAIM_NAMESPACE).toBe('https://pulumi.com/');
    expect(buildClaims(oidc, {}).sub).toBe('pulumi:org:org-123:env:env-1');
  });

  it('change the leading subject segment of every kind', () => {
    const options = { subjectNamespace: 'runid.dev' };
    expect(buildClaims(deployment, options).sub).toBe(
      'runid.dev:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
    );
    expect(buildClaims(environment, options).sub).toBe(
      'runid.dev:environments:org:acme:env:web/dev',
    );
    // attribute names are fixed identifiers, not the namespace
    expect(
      buildClaims({ ...environment, subjectAttributes: ['pulumi.user.login'] }, options).sub,
    ).toBe('runid.dev:environments:pulumi.organization.login:acme:pulumi.user.login:alice');
    expect(parseSubject(buildClaims(environment, options).sub, options).kind).toBe('environment');
  });

  it('change the oidc claim names only', () => {
    const built = buildClaims(oidc, { claimNamespace: 'https://id.example.com/claims/' });
    expect(Object.keys(built.claims)).toStrictEqual([
      'https://id.example.com/claims/org',
      'https://id.example.com/claims/org_id',
      'https://id.example.com/claims/current_env',
      'https://id.example.com/claims/current_env_id',
      'https://id.example.com/claims/root_env',
      'https://id.example.com/claims/root_env_id',
      'https://id.example.com/claims/actor',
      'https://id.example.com/claims/actor_id',
    ]);
    expect(
      buildClaims(deployment, { claimNamespace: 'https://id.example.com/claims/' }).claims,
    ).toHaveProperty('org', 'acme');
  });

  it.each<[string, unknown, string]>([
    [
      'subject namespace with a colon',
      { subjectNamespace: 'a:b' },
      'subjectNamespace invalid_characters',
    ],
    ['empty subject namespace', { subjectNamespace: '' }, 'subjectNamespace too_short'],
    [
      'subject namespace with a space',
      { subjectNamespace: 'run id' },
      'subjectNamespace invalid_characters',
    ],
    [
      'subject namespace too long',
      { subjectNamespace: 'n'.repeat(65) },
      'subjectNamespace too_long',
    ],
    ['subject namespace not a string', { subjectNamespace: 5 }, 'subjectNamespace invalid_type'],
    [
      'http claim namespace',
      { claimNamespace: 'http://pulumi.com/' },
      'claimNamespace invalid_format',
    ],
    [
      'claim namespace without trailing slash',
      { claimNamespace: 'https://pulumi.com/claims' },
      'claimNamespace invalid_format',
    ],
    [
      'claim namespace host only',
      { claimNamespace: 'https://pulumi.com' },
      'claimNamespace invalid_format',
    ],
    [
      'non-canonical claim namespace',
      { claimNamespace: 'https://Pulumi.com/' },
      'claimNamespace invalid_format',
    ],
    [
      'claim namespace with default port',
      { claimNamespace: 'https://pulumi.com:443/' },
      'claimNamespace invalid_format',
    ],
    [
      'claim namespace with query',
      { claimNamespace: 'https://pulumi.com/?a=/' },
      'claimNamespace invalid_format',
    ],
    [
      'claim namespace with fragment',
      { claimNamespace: 'https://pulumi.com/#/' },
      'claimNamespace invalid_format',
    ],
    [
      'claim namespace with credentials',
      { claimNamespace: 'https://u:p@pulumi.com/' },
      'claimNamespace invalid_format',
    ],
    ['claim namespace not a URL', { claimNamespace: 'pulumi/' }, 'claimNamespace invalid_format'],
    [
      'claim namespace with space',
      { claimNamespace: 'https://pulumi.com/a b/' },
      'claimNamespace invalid_characters',
    ],
    [
      'claim namespace non-ASCII',
      { claimNamespace: 'https://pulumí.com/' },
      'claimNamespace invalid_characters',
    ],
    [
      'claim namespace too long',
      { claimNamespace: `https://a.com/${'a'.repeat(200)}/` },
      'claimNamespace too_long',
    ],
    [
      'claim namespace not a string',
      { claimNamespace: ['https://pulumi.com/'] },
      'claimNamespace invalid_type',
    ],
    ['options not an object', 'pulumi', ' invalid_type'],
  ])('refuse %s with invalid_namespace', (_name, options, issue) => {
    const error = thrown(() => buildClaims(oidc, options as never));
    expect(error.code).toBe('invalid_namespace');
    expect(error.issues.map((i) => `${i.path} ${i.code}`)).toStrictEqual([issue]);
    expect(thrown(() => parseSubject('pulumi:org:o:env:e', options as never)).code).toBe(
      'invalid_namespace',
    );
  });

  it('report both bad options at once, before looking at the input', () => {
    const error = thrown(() =>
      buildClaims({ kind: 'nope' }, { subjectNamespace: ':', claimNamespace: 'x' }),
    );
    expect(error.code).toBe('invalid_namespace');
    expect(error.issues.map((i) => i.path)).toStrictEqual(['subjectNamespace', 'claimNamespace']);
  });
});
