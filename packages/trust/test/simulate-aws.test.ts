import { describe, expect, it } from 'vitest';
import {
  type AwsTarget,
  readAwsProvider,
  readAwsRole,
  simulateAws,
  trustPolicyProblem,
  type Verdict,
} from '../src/index.js';
import { compact, deployInput, envInput, NOW, tokenFor } from './fixtures.js';

const ACCOUNT = '123456789012';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/id.example.com/oidc`;
const SUB = 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write';

function target(
  condition: unknown,
  extra: {
    clientIds?: string[];
    action?: unknown;
    max?: number;
    url?: string;
    statements?: unknown[];
  } = {},
): AwsTarget {
  const policy = {
    Version: '2012-10-17',
    Statement: extra.statements ?? [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: extra.action ?? 'sts:AssumeRoleWithWebIdentity',
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  };
  return {
    providers: [
      readAwsProvider(
        JSON.stringify({
          Url: extra.url ?? 'id.example.com/oidc',
          ClientIDList: extra.clientIds ?? ['acme', 'aws:acme'],
        }),
      ),
    ],
    role: readAwsRole(
      JSON.stringify({
        Role: {
          Arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
          MaxSessionDuration: extra.max ?? 3600,
          AssumeRolePolicyDocument: policy,
        },
      }),
    ),
  };
}

const exact = {
  StringEquals: { 'id.example.com/oidc:aud': 'acme', 'id.example.com/oidc:sub': SUB },
};
const deploy = tokenFor(deployInput());

function expectRefused(v: Verdict, stage: string, code: string, message: string | RegExp) {
  expect(v.accepted).toBe(false);
  if (v.accepted) return;
  expect(v.stage).toBe(stage);
  expect(v.code).toBe(code);
  if (typeof message === 'string') expect(v.message).toBe(message);
  else expect(v.message).toMatch(message);
  expect(v.hint.length).toBeGreaterThan(10);
}

describe('simulateAws: stages and literal errors', () => {
  it('accepts the exact policy', () => {
    const v = simulateAws(deploy, target(exact), { now: NOW + 60 });
    expect(v).toEqual({ accepted: true, relyingParty: 'aws', principal: SUB, notes: [] });
  });

  it('accepts a compact JWT too, and refuses one with a trailing newline', () => {
    expect(simulateAws(compact(deploy), target(exact), { now: NOW }).accepted).toBe(true);
    expectRefused(
      simulateAws(`${compact(deploy)}\n`, target(exact), { now: NOW }),
      'token',
      'InvalidIdentityToken',
      /could not be validated/,
    );
  });

  it.each([
    [
      'no provider for iss',
      { url: 'other.example.com/oidc' },
      'No OpenIDConnect provider found in your account for https://id.example.com/oidc',
    ],
    [
      'provider URL differs in case',
      { url: 'ID.example.com/oidc' },
      'No OpenIDConnect provider found in your account for https://id.example.com/oidc',
    ],
    [
      'provider URL has a trailing slash',
      { url: 'id.example.com/oidc/' },
      'No OpenIDConnect provider found in your account for https://id.example.com/oidc',
    ],
  ])('registration: %s', (_name, extra, message) => {
    expectRefused(
      simulateAws(deploy, target(exact, extra), { now: NOW }),
      'registration',
      'InvalidIdentityToken',
      message,
    );
  });

  it('provider URL given with https:// is the same provider', () => {
    expect(
      simulateAws(deploy, target(exact, { url: 'https://id.example.com/oidc' }), { now: NOW })
        .accepted,
    ).toBe(true);
  });

  it('claims: missing aud', () => {
    const { aud: _aud, ...noAud } = deploy;
    expectRefused(
      simulateAws(noAud, target(exact), { now: NOW }),
      'claims',
      'InvalidIdentityToken',
      'Missing a required claim: aud',
    );
  });

  it('claims: exp with 5 minutes of skew', () => {
    const exp = deploy.exp as number;
    expect(simulateAws(deploy, target(exact), { now: exp + 299 }).accepted).toBe(true);
    expectRefused(
      simulateAws(deploy, target(exact), { now: exp + 300 }),
      'claims',
      'ExpiredTokenException',
      `Token expired: current date/time ${exp + 300} must be before the expiration date/time ${exp}`,
    );
  });

  it.each([
    ['aud not in the list', ['aws:acme'], 'Incorrect token audience'],
    ['sts.amazon.com typo', ['sts.amazon.com'], 'Incorrect token audience'],
    ['case differs', ['ACME'], 'Incorrect token audience'],
  ])('audience: %s', (_n, clientIds, message) => {
    expectRefused(
      simulateAws(deploy, target(exact, { clientIds }), { now: NOW }),
      'audience',
      'InvalidIdentityToken',
      message,
    );
  });

  it('policy: wrong principal, missing action', () => {
    const wrong = target(exact);
    const v = simulateAws(
      deploy,
      {
        ...wrong,
        providers: [
          {
            ...(wrong.providers[0] as AwsTarget['providers'][number]),
            arn: 'arn:aws:iam::999999999999:oidc-provider/id.example.com/oidc',
          },
        ],
      },
      { now: NOW },
    );
    expectRefused(
      v,
      'policy',
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    if (!v.accepted)
      expect(v.failed.path).toBe('/Role/AssumeRolePolicyDocument/Statement/0/Principal/Federated');
    const a = simulateAws(deploy, target(exact, { action: 'sts:AssumeRole' }), { now: NOW });
    expectRefused(
      a,
      'policy',
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    if (!a.accepted) expect(a.failed.path).toMatch(/\/Action$/);
  });

  it('policy: action names are case-insensitive and take wildcards', () => {
    expect(
      simulateAws(deploy, target(exact, { action: 'STS:assumerolewithwebidentity' }), { now: NOW })
        .accepted,
    ).toBe(true);
    expect(
      simulateAws(deploy, target(exact, { action: ['sts:AssumeRoleWith*'] }), { now: NOW })
        .accepted,
    ).toBe(true);
  });

  it('policy: explicit Deny wins over Allow', () => {
    const allow = {
      Effect: 'Allow',
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: exact,
    };
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Condition: { StringLike: { 'id.example.com/oidc:sub': '*:stack:prod:*' } },
    };
    expectRefused(
      simulateAws(deploy, target(undefined, { statements: [allow, deny] }), { now: NOW }),
      'policy',
      'AccessDenied',
      /Not authorized/,
    );
  });

  it('policy: reports the failing condition and a case-only hint', () => {
    const v = simulateAws(
      deploy,
      target({
        StringEquals: {
          'id.example.com/oidc:aud': 'acme',
          'id.example.com/oidc:sub': SUB.replace('web', 'Web'),
        },
      }),
      { now: NOW },
    );
    expectRefused(
      v,
      'policy',
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    if (v.accepted) return;
    expect(v.failed.path).toBe(
      '/Role/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/id.example.com~1oidc:sub',
    );
    expect(v.failed.actual).toBe(SUB);
    expect(v.hint).toMatch(/letter case/);
  });

  it('policy: :aud and :sub swapped', () => {
    const v = simulateAws(
      deploy,
      target({
        StringEquals: { 'id.example.com/oidc:aud': SUB, 'id.example.com/oidc:sub': 'acme' },
      }),
      { now: NOW },
    );
    expectRefused(v, 'policy', 'AccessDenied', /Not authorized/);
  });

  it('session: DurationSeconds against MaxSessionDuration and the 900–43200 range', () => {
    expectRefused(
      simulateAws(deploy, target(exact), { now: NOW, durationSeconds: 7200 }),
      'session',
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    expect(
      simulateAws(deploy, target(exact, { max: 7200 }), { now: NOW, durationSeconds: 7200 })
        .accepted,
    ).toBe(true);
    expectRefused(
      simulateAws(deploy, target(exact), { now: NOW, durationSeconds: 899 }),
      'session',
      'ValidationError',
      /greater than or equal to 900/,
    );
    expectRefused(
      simulateAws(deploy, target(exact, { max: 43200 }), { now: NOW, durationSeconds: 43201 }),
      'session',
      'ValidationError',
      /less than or equal to 43200/,
    );
  });

  it('session: RoleSessionName', () => {
    expect(
      simulateAws(deploy, target(exact), { now: NOW, roleSessionName: 'web-prod-42' }).accepted,
    ).toBe(true);
    expectRefused(
      simulateAws(deploy, target(exact), { now: NOW, roleSessionName: 'a' }),
      'session',
      'ValidationError',
      /roleSessionName/,
    );
  });

  it('sts:TagSession is required when the token carries session tags', () => {
    const tagged = {
      ...deploy,
      'https://aws.amazon.com/tags': {
        principal_tags: { Project: ['web'] },
        transitive_tag_keys: ['Project'],
      },
    };
    const v = simulateAws(tagged, target(exact), { now: NOW });
    expectRefused(v, 'policy', 'AccessDenied', /Not authorized/);
    if (!v.accepted) expect(v.hint).toMatch(/sts:TagSession/);
    expect(
      simulateAws(
        tagged,
        target(exact, { action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] }),
        { now: NOW },
      ).accepted,
    ).toBe(true);
    const byTag = target(
      { ...exact, StringEquals: { ...exact.StringEquals, 'aws:RequestTag/Project': 'web' } },
      { action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] },
    );
    expect(simulateAws(tagged, byTag, { now: NOW }).accepted).toBe(true);
  });

  it('a role whose trust policy is a URL-encoded string (the raw API form)', () => {
    const t = target(exact);
    const role = readAwsRole(
      JSON.stringify({
        Role: {
          Arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(t.role.trustPolicy)),
        },
      }),
    );
    expect(simulateAws(deploy, { ...t, role }, { now: NOW }).accepted).toBe(true);
  });

  it('environment tokens on the same provider use aws:<org>', () => {
    const env = tokenFor(envInput());
    const cond = {
      StringEquals: {
        'id.example.com/oidc:aud': 'aws:acme',
        'id.example.com/oidc:sub': 'pulumi:environments:org:acme:env:infra/prod',
      },
    };
    expect(simulateAws(env, target(cond), { now: NOW }).accepted).toBe(true);
    expect(simulateAws(deploy, target(cond), { now: NOW }).accepted).toBe(false);
  });
});

// Every semantic rule of the condition operators (relying-parties.md §1.1.3).
describe('simulateAws: condition semantics', () => {
  const K = 'id.example.com/oidc';
  const cases: [string, unknown, boolean][] = [
    ['StringEquals exact', { StringEquals: { [`${K}:sub`]: SUB } }, true],
    [
      'StringEquals is case-sensitive',
      { StringEquals: { [`${K}:sub`]: SUB.toUpperCase() } },
      false,
    ],
    [
      'StringEqualsIgnoreCase',
      { StringEqualsIgnoreCase: { [`${K}:sub`]: SUB.toUpperCase() } },
      true,
    ],
    [
      'StringNotEqualsIgnoreCase',
      { StringNotEqualsIgnoreCase: { [`${K}:sub`]: SUB.toUpperCase() } },
      false,
    ],
    [
      'condition key names are case-insensitive',
      { StringEquals: { [`${K}:SUB`.toUpperCase()]: SUB } },
      true,
    ],
    ['StringLike * crosses :', { StringLike: { [`${K}:sub`]: 'pulumi:deploy:org:acme:*' } }, true],
    [
      'StringLike needs explicit wildcards for partial match',
      { StringLike: { [`${K}:sub`]: 'pulumi:deploy:org:acme' } },
      false,
    ],
    [
      'StringLike ? is one character',
      { StringLike: { [`${K}:sub`]: SUB.replace('update', 'upd?te') } },
      true,
    ],
    [
      'StringLike ? is not zero characters',
      { StringLike: { [`${K}:sub`]: SUB.replace('update', 'update?') } },
      false,
    ],
    ['StringLike is case-sensitive', { StringLike: { [`${K}:sub`]: '*:project:WEB:*' } }, false],
    ['OR across values', { StringEquals: { [`${K}:sub`]: ['x', SUB] } }, true],
    ['AND across keys', { StringEquals: { [`${K}:aud`]: 'acme', [`${K}:sub`]: 'x' } }, false],
    [
      'AND across operators',
      { StringEquals: { [`${K}:aud`]: 'acme' }, StringLike: { [`${K}:sub`]: '*:stack:dev:*' } },
      false,
    ],
    [
      'StringNotEquals: none of the values may match',
      { StringNotEquals: { [`${K}:sub`]: ['x', SUB] } },
      false,
    ],
    ['StringNotLike', { StringNotLike: { [`${K}:sub`]: '*:stack:dev:*' } }, true],
    ['absent key is false', { StringEquals: { [`${K}:actor`]: 'alice' } }, false],
    ['absent key under StringLike is false', { StringLike: { [`${K}:repository`]: '*' } }, false],
    [
      'absent key under a negated operator is true',
      { StringNotEquals: { [`${K}:actor`]: 'alice' } },
      true,
    ],
    [
      'absent key under …IfExists is true',
      { StringEqualsIfExists: { [`${K}:actor`]: 'alice' } },
      true,
    ],
    [
      'present key under …IfExists is checked',
      { StringEqualsIfExists: { [`${K}:sub`]: 'x' } },
      false,
    ],
    ['Null true on an absent key', { Null: { [`${K}:actor`]: 'true' } }, true],
    ['Null true on a present key', { Null: { [`${K}:sub`]: 'true' } }, false],
    ['Null false on a present key', { Null: { [`${K}:sub`]: 'false' } }, true],
    [
      'ForAllValues on an absent key is vacuously true',
      { 'ForAllValues:StringEquals': { [`${K}:iss`]: 'https://evil' } },
      true,
    ],
    [
      'ForAllValues checks present values',
      { 'ForAllValues:StringEquals': { [`${K}:aud`]: 'other' } },
      false,
    ],
    [
      'ForAnyValue on an absent key is false',
      { 'ForAnyValue:StringEquals': { [`${K}:actor`]: 'a' } },
      false,
    ],
    ['ForAnyValue matching', { 'ForAnyValue:StringLike': { [`${K}:aud`]: 'ac*' } }, true],
  ];
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(simulateAws(deploy, target(condition), { now: NOW }).accepted).toBe(expected);
  });

  it('an unknown operator is a malformed policy', () => {
    const v = simulateAws(deploy, target({ StringMatches: { [`${K}:sub`]: SUB } }), { now: NOW });
    expectRefused(v, 'policy', 'MalformedPolicyDocument', /unknown condition operator/);
  });
});

describe('trustPolicyProblem: what IAM would refuse, in any statement', () => {
  const K = 'id.example.com/oidc';
  const allow = {
    Effect: 'Allow',
    Principal: { Federated: PROVIDER_ARN },
    Action: 'sts:AssumeRoleWithWebIdentity',
  };
  const cases: [string, unknown, { path: string; message: string } | undefined][] = [
    ['a clean policy', { Statement: [{ ...allow, Condition: exact }] }, undefined],
    ['no statements', { Version: '2012-10-17' }, undefined],
    ['not an object', [], { path: '', message: 'the trust policy is not an object' }],
    [
      'a statement that is not an object',
      { Statement: [allow, 'x'] },
      { path: '/Statement/1', message: 'a statement must be an object' },
    ],
    [
      'a single statement',
      { Statement: 7 },
      { path: '/Statement', message: 'a statement must be an object' },
    ],
    [
      'NotPrincipal',
      { Statement: [{ ...allow, NotPrincipal: {} }] },
      { path: '/Statement/0', message: 'NotAction/NotPrincipal are not simulated' },
    ],
    [
      'a Condition list',
      { Statement: [{ ...allow, Condition: [] }] },
      { path: '/Statement/0/Condition', message: 'Condition must be an object' },
    ],
    [
      'an unknown operator',
      { Statement: [{ ...allow, Condition: { StringMatches: {} } }] },
      {
        path: '/Statement/0/Condition/StringMatches',
        message: 'unknown condition operator StringMatches',
      },
    ],
    [
      'a block that is not an object',
      { Statement: [{ ...allow, Condition: { StringEquals: 'x' } }] },
      {
        path: '/Statement/0/Condition/StringEquals',
        message: 'StringEquals must map keys to values',
      },
    ],
    [
      // The simulator stops at the first failing condition and would never see this one.
      'a bad value after a failing condition',
      {
        Statement: [
          { ...allow, Condition: { StringEquals: { [`${K}:sub`]: 'other', 'a/b': {} } } },
        ],
      },
      { path: '/Statement/0/Condition/StringEquals/a~1b', message: 'values must be strings' },
    ],
    [
      'a statement the simulator skips (another principal)',
      { Statement: [{ ...allow, Principal: { Federated: 'x' }, Condition: { Bogus: {} } }, allow] },
      { path: '/Statement/0/Condition/Bogus', message: 'unknown condition operator Bogus' },
    ],
  ];
  it.each(cases)('%s', (_name, policy, expected) => {
    expect(trustPolicyProblem(policy)).toEqual(expected);
    if (expected !== undefined) {
      expect(trustPolicyProblem(policy, '/Role/AssumeRolePolicyDocument')?.path).toBe(
        `/Role/AssumeRolePolicyDocument${expected.path}`,
      );
    }
  });

  it('agrees with the simulator where the simulator gets to the problem', () => {
    const policy = {
      Statement: [{ ...allow, Condition: { StringMatches: { [`${K}:sub`]: SUB } } }],
    };
    const t = target(undefined, { statements: policy.Statement });
    const v = simulateAws(deploy, t, { now: NOW });
    expect(v.accepted).toBe(false);
    if (!v.accepted) {
      expect(trustPolicyProblem(t.role.trustPolicy, t.role.policyPath)).toEqual({
        path: v.failed.path,
        message: v.message,
      });
    }
  });
});

describe('simulateAws: a bare trust policy (no role ARN, no provider ARN)', () => {
  function bare(federated: string): AwsTarget {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: federated },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: exact,
        },
      ],
    };
    return {
      providers: [
        readAwsProvider(JSON.stringify({ Url: 'id.example.com/oidc', ClientIDList: ['acme'] })),
      ],
      role: {
        maxSessionDuration: 3600,
        trustPolicy: policy,
        policyPath: '',
        duplicates: [],
      },
    };
  }

  it('takes the provider ARN from the statement that names the provider URL', () => {
    expect(simulateAws(deploy, bare(PROVIDER_ARN), { now: NOW + 60 }).accepted).toBe(true);
  });

  it('still refuses a statement whose Federated ARN names another provider URL', () => {
    const other = `arn:aws:iam::${ACCOUNT}:oidc-provider/id.example.com/other`;
    const v = simulateAws(deploy, bare(other), { now: NOW + 60 });
    expect(v.accepted).toBe(false);
  });
});
