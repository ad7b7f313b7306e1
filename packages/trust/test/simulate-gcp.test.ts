import { describe, expect, it } from 'vitest';
import {
  extract,
  type GcpTarget,
  readGcpIamPolicy,
  readGcpProvider,
  simulateGcp,
} from '../src/index.js';
import { deployInput, envInput, NOW, oidcInput, tokenFor, V1, V2 } from './fixtures.js';

const NAME = 'projects/123456789/locations/global/workloadIdentityPools/runid/providers/runid-v1';
const POOL = '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid';
const SUB = 'pulumi:environments:org:acme:env:infra/prod';
const token = tokenFor(envInput({ platform: 'gcp' }));

function target(over: Record<string, unknown> = {}, members?: string[]): GcpTarget {
  const { oidc, ...rest } = over as { oidc?: Record<string, unknown> };
  const provider = readGcpProvider(
    JSON.stringify({
      name: NAME,
      state: 'ACTIVE',
      attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.org': 'assertion.org' },
      attributeCondition: "assertion.org == 'acme'",
      oidc: { issuerUri: V1, allowedAudiences: ['gcp:acme'], ...oidc },
      ...rest,
    }),
  );
  return members
    ? {
        provider,
        iamPolicy: readGcpIamPolicy(
          JSON.stringify({ bindings: [{ role: 'roles/iam.workloadIdentityUser', members }] }),
        ),
      }
    : { provider };
}

describe('simulateGcp', () => {
  it('accepts, naming the principal', () => {
    const v = simulateGcp(token, target(), { now: NOW });
    expect(v).toEqual({
      accepted: true,
      relyingParty: 'gcp',
      principal: `principal:${POOL}/subject/${SUB}`,
      notes: [],
    });
  });

  it.each([
    [
      'project ID instead of number',
      '//iam.googleapis.com/projects/my-project/locations/global/workloadIdentityPools/runid/providers/runid-v1',
      'invalid_request',
    ],
    ['pool instead of provider', POOL, 'invalid_request'],
    [
      'regional location',
      '//iam.googleapis.com/projects/123456789/locations/europe-west1/workloadIdentityPools/runid/providers/runid-v1',
      'invalid_request',
    ],
    ['another provider', `${POOL}/providers/other`, 'invalid_target'],
  ])('registration: audience parameter — %s', (_n, audience, code) => {
    const v = simulateGcp(token, target(), { now: NOW, audience });
    expect(v.accepted || [v.stage, v.code]).toEqual(['registration', code]);
  });

  it('registration: disabled provider and issuer mismatch', () => {
    const d = simulateGcp(token, target({ disabled: true }), { now: NOW });
    expect(d.accepted || d.message).toBe(
      'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
    );
    const i = simulateGcp(token, target({ oidc: { issuerUri: `${V1}/` } }), { now: NOW });
    expect(i.accepted || i.message).toBe(
      `The issuer in ID Token ${V1} does not match the expected ones: ${V1}/`,
    );
  });

  it('claims: iat in the future, expired, exp − iat < 48 h', () => {
    expect(simulateGcp(token, target(), { now: NOW - 1 }).accepted).toBe(false);
    expect(simulateGcp(token, target(), { now: token.exp as number }).accepted).toBe(false);
    const long = { ...token, exp: NOW + 48 * 3600 };
    expect(simulateGcp(long, target(), { now: NOW }).accepted).toBe(false);
    expect(
      simulateGcp({ ...long, exp: NOW + 48 * 3600 - 1 }, target(), { now: NOW }).accepted,
    ).toBe(true);
  });

  it('audience: allowed audiences, and the default provider resource name with and without https:', () => {
    const v = simulateGcp(token, target({ oidc: { allowedAudiences: ['gcp:other'] } }), {
      now: NOW,
    });
    expect(v.accepted || [v.stage, v.code, v.message]).toEqual([
      'audience',
      'invalid_grant',
      'The audience in ID Token [gcp:acme] does not match the expected audience.',
    ]);
    const empty = target({ oidc: { allowedAudiences: [] } });
    expect(simulateGcp(token, empty, { now: NOW }).accepted).toBe(false);
    expect(
      simulateGcp({ ...token, aud: `//iam.googleapis.com/${NAME}` }, empty, { now: NOW }).accepted,
    ).toBe(true);
    expect(
      simulateGcp({ ...token, aud: `https://iam.googleapis.com/${NAME}` }, empty, { now: NOW })
        .accepted,
    ).toBe(true);
    expect(
      simulateGcp({ ...token, aud: `https://iam.googleapis.com/${NAME}/` }, empty, { now: NOW })
        .accepted,
    ).toBe(false);
  });

  it('policy: the attribute condition, evaluated as CEL', () => {
    const v = simulateGcp(token, target({ attributeCondition: "assertion.org == 'other'" }), {
      now: NOW,
    });
    expect(v.accepted || [v.code, v.message, v.failed.expected]).toEqual([
      'unauthorized_client',
      'The given credential is rejected by the attribute condition.',
      "assertion.org == 'other'",
    ]);
    expect(
      simulateGcp(
        token,
        target({
          attributeCondition:
            "attribute.org == 'acme' && google.subject.startsWith('pulumi:environments:')",
        }),
        { now: NOW },
      ).accepted,
    ).toBe(true);
    // A missing claim makes the condition fail (an error is not true).
    expect(
      simulateGcp(token, target({ attributeCondition: "assertion.actor == 'alice'" }), { now: NOW })
        .accepted,
    ).toBe(false);
  });

  it("policy: namespaced v2 claims through index syntax (assertion['https://pulumi.com/org'])", () => {
    const v2 = tokenFor(oidcInput({ audience: 'gcp-runid' }));
    const t = target({
      attributeCondition:
        "assertion['https://pulumi.com/org'] == 'acme' && assertion['https://pulumi.com/current_env_id'] == 'env-456'",
      oidc: { issuerUri: V2, allowedAudiences: ['gcp-runid'] },
      attributeMapping: { 'google.subject': 'assertion.sub' },
    });
    expect(simulateGcp(v2, t, { now: NOW }).accepted).toBe(true);
    expect(simulateGcp({ ...v2, 'https://pulumi.com/org': 'evil' }, t, { now: NOW }).accepted).toBe(
      false,
    );
  });

  it('policy: google.subject over 127 bytes', () => {
    const long = tokenFor(deployInput({ project: 'p'.repeat(60), stack: 's'.repeat(40) }));
    const t = target({ oidc: { issuerUri: V1, allowedAudiences: ['acme'] } });
    const v = simulateGcp(long, t, { now: NOW });
    expect(v.accepted || v.message).toBe(
      'The size of mapped attribute google.subject exceeds the 127 bytes limit. Either modify your attribute mapping or the incoming assertion to produce a mapped attribute that is less than 127 bytes.',
    );
    const shorter = target({
      oidc: { issuerUri: V1, allowedAudiences: ['acme'] },
      attributeMapping: {
        'google.subject': 'assertion.sub.size() <= 127 ? assertion.sub : assertion.jti',
        'attribute.org': 'assertion.org',
      },
    });
    expect(simulateGcp(long, shorter, { now: NOW })).toMatchObject({
      accepted: true,
      principal: `principal:${POOL}/subject/jti-1`,
    });
  });

  it('policy: principal and principalSet bindings', () => {
    expect(
      simulateGcp(token, target({}, [`principal:${POOL}/subject/${SUB}`]), { now: NOW }).accepted,
    ).toBe(true);
    expect(
      simulateGcp(token, target({}, [`principalSet:${POOL}/attribute.org/acme`]), { now: NOW })
        .accepted,
    ).toBe(true);
    expect(simulateGcp(token, target({}, [`principalSet:${POOL}/*`]), { now: NOW }).accepted).toBe(
      true,
    );
    const v = simulateGcp(
      token,
      target({}, [`principal:${POOL}/subject/pulumi:environments:org:acme:env:*`]),
      { now: NOW },
    );
    expect(v.accepted || [v.code, v.message]).toEqual([
      'IAM_PERMISSION_DENIED',
      "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
    ]);
    const d = simulateGcp(token, target({}, [`principal:${POOL}/subject/${SUB}`]), {
      now: NOW,
      durationSeconds: 7200,
    });
    expect(d.accepted || d.message).toBe('The access token lifetime cannot exceed 3600 seconds.');
  });
});

describe("Google's extract()", () => {
  it.each([
    [
      'arn:aws:sts::123456789012:assumed-role/dev/session',
      '{account_arn}assumed-role/',
      'arn:aws:sts::123456789012:',
    ],
    ['arn:aws:sts::123456789012:assumed-role/dev/session', 'assumed-role/{role_name}/', 'dev'],
    ['pulumi:deploy:org:acme:project:web:stack:prod', 'project:{p}:', 'web'],
    ['pulumi:deploy:org:acme', 'org:{o}', 'acme'],
    ['abc', 'x{v}', ''],
    ['abc', 'a{v}z', ''],
  ])('%s.extract(%s) = %s', (value, template, want) => {
    expect(extract(value, template)).toBe(want);
  });

  it('works inside a mapping', () => {
    const t = target({
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.project': "assertion.current_env.extract('{p}/')",
      },
      attributeCondition: "attribute.project == 'infra'",
    });
    expect(simulateGcp(token, t, { now: NOW }).accepted).toBe(true);
  });
});
