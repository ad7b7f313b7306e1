import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT, ENVIRONMENT, issuerOn, OIDC, type TestIssuer } from '../support/issuer.js';

// POST /api/v1/trust/simulate on a real issuer whose public URL is https (AWS and Google only
// trust https issuers), with relying-party input shaped as the clouds' CLIs print it.

const BASE = 'https://id.example.com';
const V1 = `${BASE}/oidc`;
const V2 = `${BASE}/oidc/v2`;
const PREFIX = 'id.example.com/oidc';
const ACCOUNT = '123456789012';
const DEPLOY_SUB = 'pulumi:deploy:org:acme:project:web:stack:dev:operation:update:scope:write';
const ENV_SUB = 'pulumi:environments:org:acme:env:web/dev';

const provider = {
  Url: PREFIX,
  ClientIDList: ['acme'],
  ThumbprintList: [],
  CreateDate: '2026-01-01T00:00:00+00:00',
};
/** With a bare trust policy no role ARN names the account: the provider's own Arn does. */
const arnProvider = { ...provider, Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PREFIX}` };
const trustPolicy = (sub = DEPLOY_SUB) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${PREFIX}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${PREFIX}:aud`]: 'acme', [`${PREFIX}:sub`]: sub } },
    },
  ],
});
const role = (sub = DEPLOY_SUB, max = 3600) => ({
  Role: {
    Path: '/',
    RoleName: 'deployer',
    Arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
    AssumeRolePolicyDocument: trustPolicy(sub),
    MaxSessionDuration: max,
  },
});
const azure = (subject = ENV_SUB) => ({
  audiences: ['api://AzureADTokenExchange'],
  description: null,
  id: '0f0e0d0c-0000-4000-8000-000000000001',
  issuer: V1,
  name: 'runid-web-dev',
  subject,
});
const GCP_NAME = 'projects/123456789/locations/global/workloadIdentityPools/runid/providers/runid';
const gcpProvider = (condition = "assertion.org == 'acme'") => ({
  name: GCP_NAME,
  state: 'ACTIVE',
  attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.org': 'assertion.org' },
  attributeCondition: condition,
  oidc: { issuerUri: V1, allowedAudiences: ['gcp:acme'] },
});
const gcpPolicy = {
  bindings: [
    {
      role: 'roles/iam.workloadIdentityUser',
      members: [
        `principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/runid/subject/pulumi:environments:org:acme:env:web/dev`,
      ],
    },
  ],
  etag: 'BwX=',
  version: 1,
};
const vault = (sub = 'pulumi:org:org-123:env:env-1') => ({
  request_id: '7d3c0b55-0000-4000-8000-000000000002',
  lease_id: '',
  lease_duration: 0,
  renewable: false,
  data: {
    role_type: 'jwt',
    user_claim: 'sub',
    bound_audiences: ['sts.amazonaws.com'],
    bound_subject: sub,
    bound_claims_type: 'string',
    token_policies: ['deploy'],
    clock_skew_leeway: 0,
  },
  warnings: null,
});

describe('POST /api/v1/trust/simulate', () => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let clientKey: string;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn('sqlite', undefined, {
      env: { RUNID_ISSUER_URL: BASE },
    }));
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: {
        name: 'ci',
        grants: [
          { kinds: ['deployment', 'environment'], orgs: ['acme'] },
          { kinds: ['oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] },
        ],
      },
    });
    expect(created.status).toBe(201);
    clientKey = created.json.key;
  }, 120_000);

  afterAll(async () => cleanup?.());

  const simulate = (body: unknown, key: string | undefined = clientKey) =>
    issuer.call('POST', '/api/v1/trust/simulate', { ...(key && { key }), body });

  describe('answers the preview claims, the verdict and the findings', () => {
    it('AWS accepts the role it was written for, with the preview claims', async () => {
      const preview = await issuer.call('POST', '/api/v1/tokens/preview', {
        key: clientKey,
        body: DEPLOYMENT,
      });
      const before = await issuer.services.store.countAudit();
      const r = await simulate({
        token: DEPLOYMENT,
        relyingParty: { aws: { provider, role: role() } },
      });
      expect(r.status).toBe(200);
      expect(r.json.claims).toEqual(preview.json.claims);
      expect(r.json.verdict).toEqual({
        accepted: true,
        relyingParty: 'aws',
        stage: null,
        code: null,
        message: null,
        failed: null,
        hint: null,
      });
      // Name-based subjects are always worth an info finding (L24); nothing worse here.
      expect(r.json.findings.map((f: { rule: string }) => f.rule)).toEqual(['L24']);
      expect(Object.keys(r.json.findings[0]).sort()).toEqual(
        ['fix', 'message', 'path', 'rule', 'severity'].sort(),
      );
      expect(await issuer.services.store.countAudit()).toBe(before);
    });

    it('AWS refuses another stack with AccessDenied, naming the :sub condition', async () => {
      const r = await simulate({
        token: { ...DEPLOYMENT, stack: 'prod' },
        relyingParty: { aws: { provider, role: role() } },
      });
      expect(r.status).toBe(200);
      expect(r.json.verdict).toMatchObject({
        accepted: false,
        relyingParty: 'aws',
        stage: 'policy',
        code: 'AccessDenied',
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        failed: {
          path: `/Role/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/${PREFIX.replace('/', '~1')}:sub`,
          actual: DEPLOY_SUB.replace(':dev:', ':prod:'),
        },
      });
      expect(r.json.verdict.hint).toEqual(expect.any(String));
    });

    it('AWS with a bare trust policy: duration beyond maxSessionDuration is refused and linted (L10)', async () => {
      const body = (duration: string) => ({
        token: DEPLOYMENT,
        duration,
        relyingParty: {
          aws: {
            provider: arnProvider,
            trustPolicy: trustPolicy(),
            maxSessionDuration: 3600,
          },
        },
      });
      const ok = await simulate(body('1h'));
      expect(ok.json.verdict.accepted).toBe(true);
      const long = await simulate(body('2h'));
      expect(long.status).toBe(200);
      expect(long.json.verdict).toMatchObject({
        accepted: false,
        stage: 'session',
        code: 'ValidationError',
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      });
      expect(long.json.findings.map((f: { rule: string }) => f.rule)).toContain('L10');
    });

    it('AWS refuses an audience missing from the client-ID list', async () => {
      const r = await simulate({
        token: DEPLOYMENT,
        relyingParty: {
          aws: { provider: { ...provider, ClientIDList: ['sts.amazonaws.com'] }, role: role() },
        },
      });
      expect(r.json.verdict).toMatchObject({
        stage: 'audience',
        code: 'InvalidIdentityToken',
        message: 'Incorrect token audience',
        failed: { path: '/ClientIDList', expected: ['sts.amazonaws.com'], actual: 'acme' },
      });
    });

    it('Azure accepts the exact subject and refuses a case-only difference with its own code', async () => {
      const token = { ...ENVIRONMENT, platform: 'azure' };
      const ok = await simulate({ token, relyingParty: { azure: azure() } });
      expect(ok.status).toBe(200);
      expect(ok.json.claims.aud).toBe('azure:acme');
      // The credential's audience is Entra's exchange audience; RunID v1 environment tokens for
      // Azure carry azure:<org>, which is what the simulator compares.
      const exact = await simulate({
        token,
        relyingParty: { azure: { ...azure(), audiences: ['azure:acme'] } },
      });
      expect(exact.json.verdict.accepted).toBe(true);
      const caseOnly = await simulate({
        token,
        relyingParty: {
          azure: { ...azure(ENV_SUB.replace('web/dev', 'Web/dev')), audiences: ['azure:acme'] },
        },
      });
      expect(caseOnly.json.verdict).toMatchObject({
        accepted: false,
        stage: 'policy',
        code: 'AADSTS7002138',
        // A pointer into the one credential sent, not into a list.
        failed: { path: '/subject', actual: ENV_SUB },
      });
    });

    it('Google Cloud: the attribute condition and the principal binding', async () => {
      const token = { ...ENVIRONMENT, platform: 'gcp' };
      const ok = await simulate({
        token,
        relyingParty: { gcp: { provider: gcpProvider(), iamPolicy: gcpPolicy } },
      });
      expect(ok.status).toBe(200);
      expect(ok.json.verdict.accepted).toBe(true);
      const refused = await simulate({
        token,
        relyingParty: { gcp: { provider: gcpProvider("assertion.org == 'globex'") } },
      });
      expect(refused.json.verdict).toMatchObject({
        accepted: false,
        stage: 'policy',
        code: 'unauthorized_client',
        message: 'The given credential is rejected by the attribute condition.',
      });
      const unbound = await simulate({
        token: { ...token, currentEnvironment: 'web/prod' },
        relyingParty: { gcp: { provider: gcpProvider(), iamPolicy: gcpPolicy } },
      });
      expect(unbound.json.verdict).toMatchObject({
        stage: 'policy',
        code: 'IAM_PERMISSION_DENIED',
      });
      const noCondition = await simulate({
        token,
        relyingParty: { gcp: { provider: { ...gcpProvider(), attributeCondition: undefined } } },
      });
      expect(noCondition.json.findings.map((f: { rule: string }) => f.rule)).toContain('L17');
    });

    it('Vault: bound_subject, and `at` after the token expired', async () => {
      const ok = await simulate({ token: OIDC, relyingParty: { vault: vault() } });
      expect(ok.status).toBe(200);
      expect(ok.json.claims.iss).toBe(V2);
      expect(ok.json.verdict.accepted).toBe(true);
      const other = await simulate({
        token: OIDC,
        relyingParty: { vault: vault('pulumi:org:org-123:env:env-2') },
      });
      expect(other.json.verdict).toMatchObject({
        accepted: false,
        relyingParty: 'vault',
        code: '400',
        message: 'error validating token: invalid subject (sub) claim',
      });
      // The token is minted now (1 h) and exchanged at `at`: two hours later it has expired.
      const later = new Date(issuer.clock() + 2 * 3600_000).toISOString();
      const expired = await simulate({ token: OIDC, at: later, relyingParty: { vault: vault() } });
      expect(expired.json.verdict).toMatchObject({
        accepted: false,
        stage: 'claims',
        message: 'error validating token: invalid expiration time (exp) claim: token is expired',
      });
      const now = await simulate({
        token: OIDC,
        at: new Date(issuer.clock()).toISOString(),
        relyingParty: { vault: vault() },
      });
      expect(now.json.verdict.accepted).toBe(true);
    });
  });

  describe('keys and grants, as for the preview', () => {
    it('401 without a key; 403 grant_denied outside the client grants; an admin key simulates anything', async () => {
      const body = {
        token: { ...DEPLOYMENT, org: 'globex' },
        relyingParty: { aws: { provider, role: role() } },
      };
      const anonymous = await simulate(body, '');
      expect(anonymous.status).toBe(401);
      expect(anonymous.json.code).toBe('unauthorized');
      const denied = await simulate(body);
      expect(denied.status).toBe(403);
      expect(denied.json.code).toBe('grant_denied');
      // The reasons name the client's grants, as the preview's do.
      expect(denied.json.detail).toContain('orgs');
      const asAdmin = await simulate(body, issuer.adminKey);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.json.verdict).toMatchObject({
        stage: 'audience',
        message: 'Incorrect token audience',
      });
    });

    it('an oidc audience outside the grant is grant_denied', async () => {
      const r = await simulate({
        token: { ...OIDC, audience: 'vault.example.com' },
        relyingParty: { vault: vault() },
      });
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('grant_denied');
    });
  });

  describe('bad input is 400 invalid_request naming each field in the body', () => {
    const aws = (over: Record<string, unknown>) => ({ aws: { provider, role: role(), ...over } });
    const cases: [string, unknown, string[]][] = [
      ['no relyingParty', undefined, ['relyingParty']],
      ['an empty relyingParty', {}, ['relyingParty']],
      ['two relying parties', { aws: aws({}).aws, vault: vault() }, ['relyingParty']],
      ['an unknown relying party', { oracle: {} }, ['relyingParty.oracle', 'relyingParty']],
      ['aws without a provider', { aws: { role: role() } }, ['relyingParty.aws.provider']],
      ['aws without role or trustPolicy', { aws: { provider } }, ['relyingParty.aws.role']],
      ['aws with role and trustPolicy', aws({ trustPolicy: trustPolicy() }), ['relyingParty.aws']],
      [
        'aws provider without Url',
        aws({ provider: { ClientIDList: ['acme'] } }),
        ['relyingParty.aws.provider.Url'],
      ],
      [
        'aws client IDs not strings',
        aws({ provider: { Url: PREFIX, ClientIDList: [1] } }),
        ['relyingParty.aws.provider.ClientIDList'],
      ],
      [
        'aws role without a trust policy',
        aws({ role: { Role: { RoleName: 'x' } } }),
        ['relyingParty.aws.role.Role.AssumeRolePolicyDocument'],
      ],
      [
        'aws MaxSessionDuration not seconds',
        aws({ role: { Role: { ...role().Role, MaxSessionDuration: '1h' } } }),
        ['relyingParty.aws.role.Role.MaxSessionDuration'],
      ],
      [
        'aws a statement that is not an object',
        {
          aws: {
            provider,
            trustPolicy: { Version: '2012-10-17', Statement: [trustPolicy().Statement[0], 'x'] },
          },
        },
        ['relyingParty.aws.trustPolicy.Statement[1]'],
      ],
      [
        'aws a condition value that is not a string',
        {
          aws: {
            provider: arnProvider,
            trustPolicy: {
              Statement: [
                {
                  ...trustPolicy().Statement[0],
                  Condition: { StringEquals: { [`${PREFIX}:aud`]: {} } },
                },
              ],
            },
          },
        },
        [`relyingParty.aws.trustPolicy.Statement[0].Condition.StringEquals.${PREFIX}:aud`],
      ],
      [
        'aws a malformed policy inside the role',
        aws({ role: { Role: { ...role().Role, AssumeRolePolicyDocument: { Statement: [7] } } } }),
        ['relyingParty.aws.role.Role.AssumeRolePolicyDocument.Statement[0]'],
      ],
      [
        // The exchange would stop at the failing :sub (or at the registration): IAM refuses the
        // policy when it is written all the same.
        'aws a malformed condition the exchange never reaches',
        {
          aws: {
            provider: { ...provider, Url: 'other.example.com' },
            trustPolicy: {
              Statement: [
                {
                  ...trustPolicy().Statement[0],
                  Condition: { StringEquals: { [`${PREFIX}:sub`]: 'x' }, StringMatches: {} },
                },
              ],
            },
          },
        },
        ['relyingParty.aws.trustPolicy.Statement[0].Condition.StringMatches'],
      ],
      [
        'aws maxSessionDuration out of range',
        { aws: { provider, trustPolicy: trustPolicy(), maxSessionDuration: 60 } },
        ['relyingParty.aws.maxSessionDuration'],
      ],
      ['aws an unknown field', aws({ region: 'eu-west-1' }), ['relyingParty.aws.region']],
      ['azure not an object', { azure: [azure()] }, ['relyingParty.azure']],
      [
        'azure without issuer',
        { azure: { ...azure(), issuer: undefined } },
        ['relyingParty.azure.issuer'],
      ],
      [
        'azure audiences not a list',
        { azure: { ...azure(), audiences: 'x' } },
        ['relyingParty.azure.audiences'],
      ],
      [
        'azure subject not a string',
        { azure: { ...azure(), subject: 5 } },
        ['relyingParty.azure.subject'],
      ],
      ['gcp without a provider', { gcp: { iamPolicy: gcpPolicy } }, ['relyingParty.gcp.provider']],
      [
        'gcp provider without oidc',
        { gcp: { provider: { ...gcpProvider(), oidc: undefined } } },
        ['relyingParty.gcp.provider.oidc.issuerUri'],
      ],
      [
        'gcp mapping not strings',
        { gcp: { provider: { ...gcpProvider(), attributeMapping: { 'google.subject': 1 } } } },
        ['relyingParty.gcp.provider.attributeMapping'],
      ],
      [
        'gcp a binding without members',
        { gcp: { provider: gcpProvider(), iamPolicy: { bindings: [{ role: 'r' }] } } },
        ['relyingParty.gcp.iamPolicy.bindings[0]'],
      ],
      [
        'gcp both files wrong',
        { gcp: { provider: { name: 1 }, iamPolicy: { bindings: 'x' } } },
        ['relyingParty.gcp.provider.name', 'relyingParty.gcp.iamPolicy.bindings'],
      ],
      [
        'vault bound_audiences not strings',
        { vault: { data: { ...vault().data, bound_audiences: [1] } } },
        ['relyingParty.vault.data.bound_audiences'],
      ],
      [
        'vault bound_claims not an object',
        { vault: { data: { ...vault().data, bound_claims: ['sub'] } } },
        ['relyingParty.vault.data.bound_claims'],
      ],
      ['vault not an object', { vault: 'role' }, ['relyingParty.vault']],
    ];

    it.each(cases)('%s', async (_name, relyingParty, paths) => {
      const r = await simulate({
        token: DEPLOYMENT,
        ...(relyingParty !== undefined && { relyingParty }),
      });
      expect(r.status).toBe(400);
      expect(r.json.code).toBe('invalid_request');
      expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(paths);
      for (const e of r.json.errors) expect(e.message).toEqual(expect.any(String));
    });

    it('lists every problem of the body at once: envelope, token and relying party', async () => {
      const r = await simulate({
        token: {
          kind: 'deployment',
          org: 'acme',
          project: 'web',
          stack: 'dev',
          operation: 'update',
        },
        at: 'yesterday',
        duration: '1 hour',
        extra: true,
        relyingParty: { aws: { provider: {}, role: role() } },
      });
      expect(r.status).toBe(400);
      expect(r.json.code).toBe('invalid_request');
      expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(
        ['at', 'duration', 'extra', 'relyingParty.aws.provider.Url', 'token.deployment'].sort(),
      );
    });

    it('keeps the preview code for a token that only has claim or lifetime problems', async () => {
      const claims = await simulate({
        token: { ...DEPLOYMENT, stack: 'a:b' },
        relyingParty: { vault: vault() },
      });
      expect(claims.status).toBe(400);
      expect(claims.json.code).toBe('invalid_claims');
      expect(claims.json.errors.map((e: { path: string }) => e.path)).toEqual(['token.stack']);
      const lifetime = await simulate({
        token: { ...DEPLOYMENT, duration: '3h' },
        relyingParty: { vault: vault() },
      });
      expect(lifetime.json.code).toBe('lifetime_out_of_range');
      expect(lifetime.json.errors.map((e: { path: string }) => e.path)).toEqual(['token.duration']);
    });

    it('refuses a body that is not an object, no token, or duplicate member names', async () => {
      expect((await simulate([1])).json.code).toBe('invalid_request');
      const noToken = await simulate({ relyingParty: { vault: vault() } });
      expect(noToken.json.errors.map((e: { path: string }) => e.path)).toEqual(['token']);
      const dup = await issuer.call('POST', '/api/v1/trust/simulate', {
        key: clientKey,
        raw: `{"token":${JSON.stringify(DEPLOYMENT)},"relyingParty":{"aws":{"provider":${JSON.stringify(provider)},"trustPolicy":{"Statement":[{"Condition":{"StringEquals":{},"StringEquals":{}}}]}}}}`,
      });
      expect(dup.status).toBe(400);
      expect(dup.json.code).toBe('invalid_json');
    });

    it('never answers 500, whatever JSON sits where a configuration goes', async () => {
      const json = fc.jsonValue({ maxDepth: 4 });
      // Near-valid inputs too: a valid configuration with one member replaced by arbitrary JSON.
      const mutated = <T extends Record<string, unknown>>(valid: T) =>
        fc
          .tuple(fc.constantFrom(...Object.keys(valid)), json)
          .map(([k, v]) => ({ ...valid, [k]: v }));
      const relyingParty = fc.oneof(
        json.map((v) => ({ aws: { provider, role: v } })),
        json.map((v) => ({ aws: { provider: v, trustPolicy: trustPolicy() } })),
        json.map((v) => ({ aws: { provider, trustPolicy: v } })),
        mutated(role().Role).map((r) => ({ aws: { provider, role: { Role: r } } })),
        mutated(trustPolicy().Statement[0] as Record<string, unknown>).map((st) => ({
          aws: { provider, trustPolicy: { Statement: [st] } },
        })),
        json.map((v) => ({ azure: v })),
        mutated(azure()).map((c) => ({ azure: c })),
        json.map((v) => ({ gcp: { provider: v } })),
        mutated(gcpProvider()).map((p) => ({ gcp: { provider: p, iamPolicy: gcpPolicy } })),
        json.map((v) => ({ gcp: { provider: gcpProvider(), iamPolicy: v } })),
        json.map((v) => ({ vault: v })),
        mutated(vault().data).map((d) => ({ vault: { data: d } })),
      );
      await fc.assert(
        fc.asyncProperty(relyingParty, async (rp) => {
          const r = await simulate({ token: OIDC, relyingParty: rp });
          if (r.status !== 200 && r.status !== 400) throw new Error(`${r.status} ${r.text}`);
        }),
        { numRuns: 600 },
      );
    }, 120_000);
  });
});
