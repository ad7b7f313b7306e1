import { describe, expect, it } from 'vitest';
import {
  buildClaims,
  ClaimsError,
  parseClaims,
  parseClaimsOrThrow,
  RUN_ID_CLAIM,
} from '../src/index.js';
import { deployment, environment, oidc } from './fixtures.js';

const standard = {
  iss: 'https://id.example.com/oidc',
  iat: 1700000000,
  nbf: 1700000000,
  exp: 1700003600,
  jti: 'j-1',
};
const payloadOf = (input: unknown, options?: Parameters<typeof buildClaims>[1]) => {
  const b = buildClaims(input, options);
  return { ...standard, sub: b.sub, aud: b.aud, ...b.claims } as Record<string, unknown>;
};
const dp = payloadOf(deployment);
const ep = payloadOf(environment);
const eap = payloadOf({
  ...environment,
  rootEnvironment: 'app/prod',
  subjectAttributes: ['rootEnvironment.name', 'currentEnvironment.name', 'pulumi.user.login'],
});
const legacy = payloadOf({ ...environment, currentEnvironment: 'default/dev' });
const op = payloadOf(oidc);
const P = 'https://pulumi.com/';

function issuesOf(payload: unknown, options?: Parameters<typeof parseClaims>[1]): string[] {
  const result = parseClaims(payload, options);
  if (result.ok) return [];
  return result.issues.map((i) => `${i.path} ${i.code}`);
}

describe('parseClaims accepts', () => {
  it('every kind, recognised from the subject', () => {
    for (const [payload, kind] of [
      [dp, 'deployment'],
      [ep, 'environment'],
      [eap, 'environment'],
      [legacy, 'environment'],
      [op, 'oidc'],
    ] as const) {
      const result = parseClaims(payload);
      expect(result).toStrictEqual({
        ok: true,
        value: { kind, claims: payload, subject: expect.objectContaining({ kind }) },
      });
    }
  });

  it('an expected kind that matches', () => {
    expect(parseClaims(op, { kind: 'oidc' }).ok).toBe(true);
  });

  it('aud as a non-empty array containing the expected audience, copied', () => {
    const payload = { ...dp, aud: ['other', 'acme'] };
    const result = parseClaims(payload);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.claims.aud).toStrictEqual(['other', 'acme']);
      expect(result.value.claims.aud).not.toBe(payload.aud);
      expect(result.value.claims).not.toBe(payload);
    }
  });

  it('claims it does not know, kept as they are', () => {
    const result = parseClaims({ ...ep, amr: ['pwd'], custom: 1 });
    expect(result.ok && result.value.claims.custom).toBe(1);
  });

  it('a run_id claim (a token minted inside a run), on every kind, kept', () => {
    for (const payload of [dp, ep, op]) {
      const result = parseClaims({ ...payload, [RUN_ID_CLAIM]: 'run_abc' });
      expect(result.ok && result.value.claims.run_id).toBe('run_abc');
    }
  });

  it('oidc tokens without root_env_id', () => {
    expect(parseClaims(payloadOf({ ...oidc, rootEnvironment: { name: 'web/prod' } })).ok).toBe(
      true,
    );
  });

  it('custom namespaces', () => {
    const options = { subjectNamespace: 'runid', claimNamespace: 'https://runid.dev/claims/' };
    const payload = payloadOf(oidc, options);
    expect(payload['https://runid.dev/claims/org_id']).toBe('org-123');
    expect(parseClaims(payload, options).ok).toBe(true);
    // with the default namespaces the same token is not recognised
    expect(issuesOf(payload)).toContain('sub invalid_format');
    expect(issuesOf(payload, { subjectNamespace: 'runid' })).toContain(`${P}org required`);
  });
});

describe('parseClaims rejects (and never throws for payloads)', () => {
  it.each<[string, unknown, string[]]>([
    ['null', null, [' invalid_type']],
    ['an array', [dp], [' invalid_type']],
    ['a string', 'eyJ...', [' invalid_type']],
    ['missing iss', { ...dp, iss: undefined }, ['iss required']],
    ['iss number', { ...dp, iss: 1 }, ['iss invalid_type']],
    ['iss empty', { ...dp, iss: '' }, ['iss too_short']],
    ['sub number', { ...dp, sub: 1 }, ['sub invalid_type']],
    ['missing sub', { ...dp, sub: undefined }, ['sub required']],
    ['aud number', { ...dp, aud: 1 }, ['aud invalid_type']],
    ['aud empty array', { ...dp, aud: [] }, ['aud too_short']],
    ['aud array with a number', { ...dp, aud: ['acme', 1] }, ['aud[1] invalid_type']],
    ['aud empty string', { ...dp, aud: '' }, ['aud too_short']],
    ['missing aud', { ...dp, aud: undefined }, ['aud required']],
    ['exp string', { ...dp, exp: '1700003600' }, ['exp invalid_type']],
    ['exp fraction', { ...dp, exp: 1.5 }, ['exp invalid_type']],
    ['exp NaN', { ...dp, exp: Number.NaN }, ['exp invalid_type']],
    ['exp Infinity', { ...dp, exp: Number.POSITIVE_INFINITY }, ['exp invalid_type']],
    ['nbf negative', { ...dp, nbf: -1 }, ['nbf out_of_range']],
    ['iat missing', { ...dp, iat: undefined }, ['iat required']],
    ['iat bigint-like', { ...dp, iat: 2 ** 60 }, ['iat out_of_range']],
    ['jti number', { ...dp, jti: 7 }, ['jti invalid_type']],
    [
      'unrecognised subject',
      { ...dp, sub: 'repo:acme/web:ref:refs/heads/main' },
      ['sub invalid_format'],
    ],
    // deployment
    ['deployment stackId mismatch', { ...dp, stackId: 'acme/web/dev' }, ['stackId mismatch']],
    [
      'deployment org differs from sub',
      { ...dp, org: 'other', stackId: 'other/web/prod', aud: 'other' },
      ['org mismatch'],
    ],
    [
      'deployment operation differs from sub',
      { ...dp, operation: 'destroy' },
      ['operation mismatch'],
    ],
    ['deployment operation unknown', { ...dp, operation: 'nuke' }, ['operation not_allowed']],
    ['deployment scope', { ...dp, scope: 'admin' }, ['scope not_allowed']],
    ['deployment run number 0', { ...dp, deployment: 0 }, ['deployment out_of_range']],
    ['deployment run number string', { ...dp, deployment: '1' }, ['deployment invalid_type']],
    [
      'deployment missing custom claims',
      { ...standard, sub: dp.sub, aud: dp.aud },
      [
        'org required',
        'project required',
        'stack required',
        'stackId required',
        'operation required',
        'deployment required',
        'scope required',
      ],
    ],
    ['deployment aud not the org', { ...dp, aud: 'aws:acme' }, ['aud mismatch']],
    ['deployment upper-case org claim', { ...dp, org: 'ACME' }, ['org invalid_case']],
    [
      'deployment colon in project claim',
      { ...dp, project: 'web:x' },
      ['project invalid_characters'],
    ],
    // environment
    ['environment env != root_env', { ...ep, env: 'web/other' }, ['env mismatch']],
    [
      'environment root_env differs from sub',
      { ...ep, root_env: 'web/other', env: 'web/other' },
      ['root_env mismatch'],
    ],
    [
      'environment org differs from sub',
      { ...ep, org: 'other', aud: 'aws:other' },
      ['org mismatch'],
    ],
    [
      'environment attribute differs (user)',
      { ...eap, trigger_user: 'mallory' },
      ['trigger_user mismatch'],
    ],
    [
      'environment attribute differs (current)',
      { ...eap, current_env: 'web/other' },
      ['current_env mismatch'],
    ],
    [
      'environment attribute differs (root)',
      { ...eap, root_env: 'app/x', env: 'app/x' },
      ['root_env mismatch'],
    ],
    ['environment aud unknown platform', { ...ep, aud: 'aliyun:acme' }, ['aud mismatch']],
    [
      'environment aud bare org outside the legacy project',
      { ...ep, aud: 'acme' },
      ['aud mismatch'],
    ],
    ['environment legacy aud with platform', { ...legacy, aud: 'aws:acme' }, ['aud mismatch']],
    [
      'environment current_env without slash',
      { ...ep, current_env: 'dev' },
      ['current_env invalid_format'],
    ],
    [
      'environment trigger_user type',
      { ...ep, trigger_user: ['alice'] },
      ['trigger_user invalid_type'],
    ],
    // oidc
    ['oidc org_id differs from sub', { ...op, [`${P}org_id`]: 'org-999' }, [`${P}org_id mismatch`]],
    [
      'oidc current_env_id differs from sub',
      { ...op, [`${P}current_env_id`]: 'env-9' },
      [`${P}current_env_id mismatch`],
    ],
    ['oidc actor missing', { ...op, [`${P}actor`]: undefined }, [`${P}actor required`]],
    [
      'oidc root_env_id bad',
      { ...op, [`${P}root_env_id`]: 'a:b' },
      [`${P}root_env_id invalid_characters`],
    ],
    ['oidc aud with whitespace', { ...op, aud: 'my api' }, ['aud invalid_characters']],
    ['oidc aud too long', { ...op, aud: 'a'.repeat(513) }, ['aud too_long']],
    ['oidc aud array item bad', { ...op, aud: ['ok', ' '] }, ['aud[1] invalid_characters']],
  ])('%s', (_name, payload, expected) => {
    const clean =
      payload !== null && typeof payload === 'object' && !Array.isArray(payload)
        ? Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined))
        : payload;
    expect(issuesOf(clean)).toStrictEqual(expected);
  });

  it('a run_id that is not a non-empty string', () => {
    expect(issuesOf({ ...dp, run_id: 7 })).toEqual(['run_id invalid_type']);
    expect(issuesOf({ ...op, run_id: '' })).toEqual(['run_id too_short']);
  });

  it('an own __proto__ claim', () => {
    const payload = JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(dp).slice(1)}`);
    expect(issuesOf(payload)).toStrictEqual(['__proto__ not_allowed']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('a subject of another kind than expected, and checks the expected kind', () => {
    expect(issuesOf(dp, { kind: 'oidc' })).toStrictEqual([
      'sub mismatch',
      `${P}org required`,
      `${P}org_id required`,
      `${P}current_env required`,
      `${P}current_env_id required`,
      `${P}root_env required`,
      `${P}actor required`,
      `${P}actor_id required`,
    ]);
  });

  it('an unknown expected kind', () => {
    expect(issuesOf(dp, { kind: 'stack' as never })).toStrictEqual([' not_allowed']);
  });

  it('collects every issue', () => {
    expect(issuesOf({ sub: 5, aud: [], exp: 'x' })).toStrictEqual([
      'iss required',
      'sub invalid_type',
      'aud too_short',
      'iat required',
      'nbf required',
      'exp invalid_type',
      'jti required',
    ]);
  });

  it('never repeats claim values in messages', () => {
    const secret = 'Sekret9';
    const payload = {
      ...dp,
      org: secret,
      project: `${secret}:`,
      stackId: secret,
      aud: [secret],
      sub: `pulumi:deploy:org:${secret}`,
    };
    const result = parseClaims(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) for (const issue of result.issues) expect(issue.message).not.toContain(secret);
  });

  it('throws only for invalid namespace options', () => {
    expect(() => parseClaims(dp, { subjectNamespace: 'a:b' })).toThrow(
      expect.objectContaining({ code: 'invalid_namespace' }),
    );
  });
});

describe('parseClaimsOrThrow', () => {
  it('returns the parsed value', () => {
    expect(parseClaimsOrThrow(op).subject).toStrictEqual({
      kind: 'oidc',
      orgId: 'org-123',
      environmentId: 'env-1',
    });
  });

  it('throws invalid_claims with every issue', () => {
    try {
      parseClaimsOrThrow({ ...dp, scope: 'x', deployment: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ClaimsError);
      expect((error as ClaimsError).code).toBe('invalid_claims');
      expect((error as ClaimsError).issues.map((i) => i.path)).toStrictEqual([
        'deployment',
        'scope',
      ]);
    }
  });
});
