import { describe, expect, it } from 'vitest';
import {
  type AzureCredential,
  type Finding,
  type GcpIamPolicy,
  type GcpProvider,
  LINT_RULES,
  type LintRule,
  lintAws,
  lintAzure,
  lintGcp,
  lintVault,
  readAwsProvider,
  readAwsRole,
  type VaultRole,
} from '../src/index.js';
import { V1 } from './fixtures.js';

const ARN = 'arn:aws:iam::123456789012:oidc-provider/id.example.com/oidc';
const K = 'id.example.com/oidc';
const SUB = 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write';
const provider = readAwsProvider(JSON.stringify({ Url: K, ClientIDList: ['acme'] }));

function roleText(condition: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Role: {
      Arn: 'arn:aws:iam::123456789012:role/r',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: ARN },
            Action: extra.action ?? 'sts:AssumeRoleWithWebIdentity',
            Condition: condition,
          },
        ],
      },
    },
  });
}
const good = { StringEquals: { [`${K}:aud`]: 'acme', [`${K}:sub`]: SUB } };
const aws = (text: string, extra: Partial<Parameters<typeof lintAws>[0]> = {}) =>
  lintAws({ role: readAwsRole(text), providers: [provider], ...extra });
const rules = (fs: Finding[]) =>
  [...new Set(fs.map((f) => f.rule))].filter((r) => r !== 'L24').sort();
const hasRule = (fs: Finding[], rule: LintRule) => fs.some((f) => f.rule === rule);

describe('lintAws', () => {
  it('the exact policy is clean (L24 is only information)', () => {
    const fs = aws(roleText(good));
    expect(rules(fs)).toEqual([]);
    expect(fs.every((f) => f.severity === 'info')).toBe(true);
  });

  const cases: [LintRule, string, string, Partial<Parameters<typeof lintAws>[0]>?][] = [
    ['L1', roleText({ StringEquals: { [`${K}:aud`]: 'acme' } }), roleText(good)],
    [
      'L2',
      roleText({ StringLike: { [`${K}:aud`]: 'acme*', [`${K}:sub`]: SUB } }),
      roleText({ StringEquals: { [`${K}:aud`]: 'acme' }, StringLike: { [`${K}:sub`]: SUB } }),
    ],
    [
      'L3',
      roleText({
        StringEquals: { [`${K}:aud`]: 'acme' },
        StringLike: { [`${K}:sub`]: 'pulumi:deploy:org:acme:project:web:*' },
      }),
      roleText({ StringEquals: { [`${K}:aud`]: 'acme' }, StringLike: { [`${K}:sub`]: SUB } }),
    ],
    [
      'L4',
      roleText({ ...good, 'ForAllValues:StringEquals': { [`${K}:iss`]: V1 } }),
      roleText({ ...good, StringEquals: { ...good.StringEquals } }),
    ],
    [
      'L4',
      roleText({ StringEqualsIfExists: { [`${K}:aud`]: 'acme', [`${K}:sub`]: SUB } }),
      roleText(good),
    ],
    [
      'L5',
      roleText({ StringEquals: { ...good.StringEquals, [`${K}:actor`]: 'alice' } }),
      roleText(good),
    ],
    [
      'L5',
      roleText({
        StringEquals: { ...good.StringEquals, 'token.actions.githubusercontent.com:sub': 'x' },
      }),
      roleText(good),
    ],
    [
      'L6',
      roleText(good).replace('"Condition":{', `"Condition":{"StringEquals":{"${K}:sub":"${SUB}"},`),
      roleText(good),
    ],
    [
      'L7',
      roleText({
        StringEquals: { [`${K}:aud`]: 'acme', [`${K}:sub`]: SUB.replace('acme', 'Acme') },
      }),
      roleText(good),
    ],
    ['L7', roleText({ StringEquals: { [`${K}:aud`]: 'Acme', [`${K}:sub`]: SUB } }), roleText(good)],
    [
      'L8',
      roleText({ StringEquals: { [`${K}:aud`]: 'aws:acme', [`${K}:sub`]: SUB } }),
      roleText(good),
    ],
    [
      'L9',
      roleText(good),
      roleText(good, { action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] }),
      { tokensCarryTags: true },
    ],
    ['L10', roleText(good), roleText(good), { durationSeconds: 7200 }],
    [
      'L11',
      roleText({
        StringEquals: {
          [`${K}:aud`]: 'acme',
          [`${K}:sub`]: Array.from({ length: 30 }, (_, i) => SUB.replace('prod', `stack${i}`)),
        },
      }),
      roleText({
        StringEquals: {
          [`${K}:aud`]: 'acme',
          [`${K}:sub`]: Array.from({ length: 5 }, (_, i) => SUB.replace('prod', `stack${i}`)),
        },
      }),
    ],
  ];
  it.each(cases)('%s fires, and a near case does not', (rule, failing, passing, extra = {}) => {
    const bad = aws(failing, extra);
    expect(hasRule(bad, rule), JSON.stringify(bad)).toBe(true);
    const f = bad.find((x) => x.rule === rule) as Finding;
    expect(f.path.startsWith('/')).toBe(true);
    expect(f.fix.length).toBeGreaterThan(5);
    const nearExtra = rule === 'L10' ? {} : rule === 'L9' ? extra : {};
    expect(hasRule(aws(passing, nearExtra), rule)).toBe(false);
  });

  it('L3 says which other subjects a wildcard admits', () => {
    const fs = aws(
      roleText({
        StringEquals: { [`${K}:aud`]: 'acme' },
        StringLike: { [`${K}:sub`]: 'pulumi:deploy:org:acme:project:web:*' },
      }),
    );
    const l3 = fs.find((f) => f.rule === 'L3') as Finding;
    expect(l3.message).toBe(
      'pulumi:deploy:org:acme:project:web:* admits any stack, operation: StringLike\'s * crosses ":" and "/".',
    );
    expect(l3.admits?.[0]).toMatch(/^pulumi:deploy:org:acme:project:web:stack:other-stack:/);
    expect(l3.path).toBe(
      '/Role/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/id.example.com~1oidc:sub',
    );
  });

  it('L6 points at the object with the duplicate key', () => {
    const fs = aws(
      roleText(good).replace('"Condition":{', `"Condition":{"StringEquals":{"${K}:sub":"${SUB}"},`),
    );
    expect(fs.find((f) => f.rule === 'L6')?.path).toBe(
      '/Role/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals',
    );
  });
});

const fic = (over: Partial<AzureCredential> = {}): AzureCredential => ({
  name: 'c',
  issuer: V1,
  subject: 'pulumi:environments:org:acme:env:infra/prod',
  audiences: ['azure:acme'],
  ...over,
});

describe('lintAzure', () => {
  const cases: [LintRule, Parameters<typeof lintAzure>[0], Parameters<typeof lintAzure>[0]][] = [
    [
      'L12',
      { credentials: [fic({ subject: 'pulumi:environments:org:Acme:env:infra/prod' })] },
      { credentials: [fic()] },
    ],
    [
      'L12',
      { credentials: [fic({ subject: 'pulumi:environments:org:acme:env:infra/*' })] },
      { credentials: [fic()] },
    ],
    ['L12', { credentials: [fic({ audiences: ['a', 'b'] })] }, { credentials: [fic()] }],
    ['L13', { credentials: [fic({ issuer: `${V1}/` })] }, { credentials: [fic()] }],
    [
      'L13',
      { credentials: [fic({ issuer: 'https://id.example.com//oidc' })] },
      { credentials: [fic()] },
    ],
    ['L13', { credentials: [fic({ issuer: `${V1} ` })] }, { credentials: [fic()], issuer: V1 }],
    [
      'L14',
      { credentials: Array.from({ length: 21 }, (_, i) => fic({ name: `c${i}` })) },
      { credentials: Array.from({ length: 20 }, (_, i) => fic({ name: `c${i}` })) },
    ],
    [
      'L15',
      {
        credentials: [
          fic({
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
          }),
          fic({
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
          }),
        ],
      },
      {
        credentials: [
          fic({
            type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
          }),
        ],
      },
    ],
    [
      'L16',
      { credentials: [fic()], tokenLifetimeSeconds: 3600, jobSeconds: 5400 },
      { credentials: [fic()], tokenLifetimeSeconds: 7200, jobSeconds: 5400 },
    ],
    [
      'L16',
      { credentials: [fic()], tokenLifetimeSeconds: 90001 },
      { credentials: [fic()], tokenLifetimeSeconds: 90000 },
    ],
  ];
  it.each(cases)('%s fires, and a near case does not', (rule, failing, passing) => {
    expect(hasRule(lintAzure(failing), rule), JSON.stringify(lintAzure(failing))).toBe(true);
    expect(hasRule(lintAzure(passing), rule)).toBe(false);
  });
  it('L24 for name-based subjects, not for v2 ids', () => {
    expect(hasRule(lintAzure({ credentials: [fic()] }), 'L24')).toBe(true);
    expect(
      hasRule(
        lintAzure({
          credentials: [fic({ issuer: `${V1}/v2`, subject: 'pulumi:org:o-1:env:e-1' })],
        }),
        'L24',
      ),
    ).toBe(false);
  });
});

const NAME = 'projects/123456789/locations/global/workloadIdentityPools/runid/providers/runid-v1';
const POOL =
  'principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid';
const POOLSET =
  'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid';
const gp = (over: Partial<GcpProvider> = {}): GcpProvider => ({
  name: NAME,
  attributeMapping: {
    'google.subject': 'assertion.sub.size() <= 127 ? assertion.sub : assertion.jti',
    'attribute.stack_id': 'assertion.stackId',
  },
  attributeCondition: "assertion.stackId == 'acme/web/prod'",
  issuerUri: V1,
  allowedAudiences: ['acme'],
  ...over,
});
const iam = (...members: string[]): GcpIamPolicy => ({
  bindings: [{ role: 'roles/iam.workloadIdentityUser', members }],
});

describe('lintGcp', () => {
  it('a bounded provider with an exact binding is clean', () => {
    expect(
      lintGcp({ provider: gp(), iamPolicy: iam(`${POOLSET}/attribute.stack_id/acme/web/prod`) }),
    ).toEqual([]);
  });
  const cases: [LintRule, Parameters<typeof lintGcp>[0], Parameters<typeof lintGcp>[0]][] = [
    ['L17', { provider: gp({ attributeCondition: undefined }) }, { provider: gp() }],
    [
      'L18',
      { provider: gp(), iamPolicy: iam(`${POOLSET}/*`) },
      { provider: gp(), iamPolicy: iam(`${POOLSET}/attribute.stack_id/acme/web/prod`) },
    ],
    [
      'L18',
      {
        provider: gp({
          attributeMapping: { ...gp().attributeMapping, 'attribute.org': 'assertion.org' },
        }),
        iamPolicy: iam(`${POOLSET}/attribute.org/acme`),
      },
      { provider: gp(), iamPolicy: iam(`${POOLSET}/attribute.stack_id/acme/web/prod`) },
    ],
    [
      'L19',
      { provider: gp({ attributeCondition: "attribute.project == 'web'" }) },
      { provider: gp({ attributeCondition: "attribute.stack_id == 'acme/web/prod'" }) },
    ],
    [
      'L19',
      { provider: gp(), iamPolicy: iam(`${POOLSET}/attribute.repo/x`) },
      { provider: gp(), iamPolicy: iam(`${POOLSET}/attribute.stack_id/x`) },
    ],
    [
      'L20',
      { provider: gp({ attributeMapping: { 'google.subject': 'assertion.sub' } }) },
      { provider: gp() },
    ],
    [
      'L21',
      {
        provider: gp(),
        iamPolicy: iam(
          `${POOL}/subject/pulumi:deploy:org:acme:project:web:stack:prod:operation:*:scope:write`,
        ),
      },
      {
        provider: gp(),
        iamPolicy: iam(
          `${POOL}/subject/pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write`,
        ),
      },
    ],
    [
      'L22',
      {
        provider: gp({
          allowedAudiences: [
            '//iam.googleapis.com/projects/my-project/locations/global/workloadIdentityPools/runid/providers/runid-v1',
          ],
        }),
      },
      { provider: gp({ allowedAudiences: [`//iam.googleapis.com/${NAME}`] }) },
    ],
    [
      'L22',
      {
        provider: gp(),
        audience:
          '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid',
      },
      { provider: gp(), audience: `//iam.googleapis.com/${NAME}` },
    ],
    [
      'L22',
      {
        provider: gp(),
        audience:
          'https://iam.googleapis.com/projects/123456789/locations/europe-west1/workloadIdentityPools/runid/providers/p',
      },
      { provider: gp(), audience: `https://iam.googleapis.com/${NAME}` },
    ],
  ];
  it.each(cases)('%s fires, and a near case does not', (rule, failing, passing) => {
    expect(hasRule(lintGcp(failing), rule), JSON.stringify(lintGcp(failing))).toBe(true);
    expect(hasRule(lintGcp(passing), rule)).toBe(false);
  });
  it("assertion['https://pulumi.com/org'] in a condition is not an unmapped attribute", () => {
    expect(
      lintGcp({
        provider: gp({
          attributeCondition: "assertion['https://pulumi.com/org'] == 'attribute.x'",
        }),
      }),
    ).toEqual([]);
  });
});

const vr = (over: Partial<VaultRole> = {}): VaultRole => ({
  role_type: 'jwt',
  user_claim: 'sub',
  bound_audiences: ['vault:acme'],
  bound_claims_type: 'glob',
  bound_claims: { sub: 'pulumi:environments:org:acme:env:infra/*' },
  ...over,
});

describe('lintVault (L23)', () => {
  const cases: [string, VaultRole, VaultRole][] = [
    ['role_type left at oidc', vr({ role_type: undefined }), vr()],
    ['no bound constraint', vr({ bound_audiences: [], bound_claims: {} }), vr()],
    [
      'only the audience bound',
      vr({ bound_claims: {} }),
      vr({ bound_claims: {}, bound_subject: 'pulumi:environments:org:acme:env:infra/prod' }),
    ],
    ['glob * matches anything', vr({ bound_claims: { sub: '*' } }), vr()],
    [
      'glob crossing into other orgs',
      vr({ bound_claims: { sub: 'pulumi:environments:org:*' } }),
      vr(),
    ],
    ['unstable user_claim', vr({ user_claim: 'jti' }), vr({ user_claim: 'org' })],
    [
      'glob values must be strings',
      vr({ bound_claims: { n: 1 } }),
      vr({ bound_claims_type: 'string', bound_claims: { n: 1 } }),
    ],
  ];
  it.each(cases)('%s', (_n, failing, passing) => {
    expect(hasRule(lintVault({ role: failing }), 'L23')).toBe(true);
    expect(
      hasRule(lintVault({ role: passing }), 'L23'),
      JSON.stringify(lintVault({ role: passing })),
    ).toBe(false);
  });
});

it('the catalogue has L1…L24', () => {
  expect(Object.keys(LINT_RULES)).toEqual(Array.from({ length: 24 }, (_, i) => `L${i + 1}`));
});
