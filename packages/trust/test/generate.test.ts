import { OPERATIONS, type Operation } from '@runid/claims';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Finding,
  generateAws,
  generateAzure,
  generateGcp,
  generateVault,
  type Intent,
  lintAws,
  lintAzure,
  lintGcp,
  lintVault,
  readAwsRole,
  simulateAws,
  simulateAzure,
  simulateGcp,
  simulateVault,
  TrustInputError,
} from '../src/index.js';
import { BASE, deployInput, envInput, NOW, oidcInput, tokenFor } from './fixtures.js';

const serious = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info');
const awsOpts = { issuerBase: BASE, accountId: '123456789012', roleName: 'deployer' };
const gcpOpts = {
  issuerBase: BASE,
  projectNumber: '123456789',
  poolId: 'runid',
  providerId: 'runid-v1',
  serviceAccount: 'deployer@p.iam.gserviceaccount.com',
};
const vaultOpts = { issuerBase: BASE, roleName: 'web-prod', policies: ['web-prod'] };

type Cloud = 'aws' | 'azure' | 'gcp' | 'vault';
/** Generates for one cloud, lints it, and returns "would this token be accepted?". */
function build(
  cloud: Cloud,
  intent: Intent,
): { findings: Finding[]; accepts: (claims: Record<string, unknown>) => boolean } {
  switch (cloud) {
    case 'aws': {
      const g = generateAws(intent, awsOpts);
      const findings = g.roles.flatMap((r) =>
        lintAws({
          role: readAwsRole(
            JSON.stringify({
              Role: {
                Arn: r.target.role.arn,
                MaxSessionDuration: 3600,
                AssumeRolePolicyDocument: r.trustPolicy,
              },
            }),
          ),
          providers: r.target.providers,
        }),
      );
      return {
        findings,
        accepts: (c) => g.roles.some((r) => simulateAws(c, r.target, { now: NOW }).accepted),
      };
    }
    case 'azure': {
      const g = generateAzure(intent, { issuerBase: BASE, application: 'app' });
      return {
        findings: g.groups.flatMap((credentials) =>
          lintAzure({ credentials, issuer: credentials[0]?.issuer }),
        ),
        accepts: (c) => g.groups.some((gr) => simulateAzure(c, gr, { now: NOW }).accepted),
      };
    }
    case 'gcp': {
      const g = generateGcp(intent, gcpOpts);
      return {
        findings: lintGcp(g.target),
        accepts: (c) => simulateGcp(c, g.target, { now: NOW }).accepted,
      };
    }
    case 'vault': {
      const g = generateVault(intent, vaultOpts);
      return {
        findings: lintVault(g.target),
        accepts: (c) => simulateVault(c, g.target, { now: NOW }).accepted,
      };
    }
  }
}

const CLOUDS: Cloud[] = ['aws', 'azure', 'gcp', 'vault'];

describe.each(CLOUDS)('generate %s', (cloud) => {
  it('deployments of acme/web/prod, operations update and preview: exactly those', () => {
    const { findings, accepts } = build(cloud, {
      kind: 'deployment',
      org: 'acme',
      project: 'web',
      stack: 'prod',
      operations: ['update', 'preview'],
    });
    expect(serious(findings)).toEqual([]);
    expect(accepts(tokenFor(deployInput({ operation: 'update' })))).toBe(true);
    expect(accepts(tokenFor(deployInput({ operation: 'preview', deployment: 7 })))).toBe(true);
    expect(accepts(tokenFor(deployInput({ operation: 'destroy' })))).toBe(false);
    expect(accepts(tokenFor(deployInput({ stack: 'dev' })))).toBe(false);
    expect(accepts(tokenFor(deployInput({ org: 'evil' })))).toBe(false);
    expect(accepts(tokenFor(deployInput({ project: 'web2' })))).toBe(false);
  });

  it('environment infra/prod: exactly that environment, for this platform', () => {
    const { findings, accepts } = build(cloud, {
      kind: 'environment',
      org: 'acme',
      environments: ['infra/prod'],
    });
    expect(serious(findings)).toEqual([]);
    expect(accepts(tokenFor(envInput({ platform: cloud })))).toBe(true);
    expect(
      accepts(
        tokenFor(
          envInput({
            platform: cloud,
            rootEnvironment: 'infra/prod',
            currentEnvironment: 'infra/prod',
            user: 'bob',
          }),
        ),
      ),
    ).toBe(true);
    expect(accepts(tokenFor(envInput({ platform: cloud, currentEnvironment: 'infra/dev' })))).toBe(
      false,
    );
    if (cloud !== 'aws') expect(accepts(tokenFor(envInput({ platform: 'aws' })))).toBe(false);
  });

  it('v2 tokens of environment id E with audience A', () => {
    const { findings, accepts } = build(cloud, {
      kind: 'oidc',
      orgId: 'org-123',
      environmentIds: ['env-456'],
      audience: 'runid-target',
    });
    expect(serious(findings)).toEqual([]);
    expect(accepts(tokenFor(oidcInput({ audience: 'runid-target' })))).toBe(true);
    expect(accepts(tokenFor(oidcInput({ audience: 'other' })))).toBe(false);
    expect(
      accepts(
        tokenFor(
          oidcInput({
            audience: 'runid-target',
            currentEnvironment: { name: 'infra/prod', id: 'env-999' },
          }),
        ),
      ),
    ).toBe(false);
  });
});

describe('generators respect the clouds limits and say so', () => {
  const many: Intent = {
    kind: 'environment',
    org: 'acme',
    environments: Array.from({ length: 30 }, (_, i) => `infra/env-${i}`),
  };
  it('AWS splits past 2,048 characters', () => {
    const g = generateAws(
      { ...many, environments: Array.from({ length: 60 }, (_, i) => `infra/env-${i}`) },
      awsOpts,
    );
    expect(g.roles.length).toBeGreaterThan(1);
    expect(g.notes[0]).toMatch(/split across \d+ roles/);
    for (const r of g.roles) expect(JSON.stringify(r.trustPolicy).length).toBeLessThanOrEqual(2048);
  });
  it('Azure splits past 20 credentials, one named app per group', () => {
    const g = generateAzure(many, { issuerBase: BASE, application: ['app-a', 'app-b'] });
    expect(g.groups.map((x) => x.length)).toEqual([20, 10]);
    expect(g.notes[0]).toMatch(/split across 2 apps/);
    const ids = g.native
      .trim()
      .split('\n')
      .map((l) => /--id (\S+)/.exec(l)?.[1]);
    expect(ids).toEqual([...Array(20).fill('app-a'), ...Array(10).fill('app-b')]);
  });
  it.each([
    // [credentials needed, apps named, accepted]
    [30, ['app-a'], false],
    [30, ['app-a', 'app-b'], true],
    [20, ['app-a'], true],
    [21, ['app-a'], false],
  ] as const)('Azure: %i credentials with %j apps → accepted %s', (n, apps, ok) => {
    const intent: Intent = {
      kind: 'environment',
      org: 'acme',
      environments: Array.from({ length: n }, (_, i) => `infra/env-${i}`),
    };
    const run = () => generateAzure(intent, { issuerBase: BASE, application: apps });
    if (ok) expect(run().native).not.toMatch(/app-a-\d/);
    else
      expect(run).toThrow(
        expect.objectContaining({ code: 'invalid_intent', path: '/application' }),
      );
  });
  it('GCP maps long subjects away from google.subject and binds them exactly', () => {
    const intent: Intent = {
      kind: 'deployment',
      org: 'acme',
      project: 'p'.repeat(60),
      stack: 's'.repeat(40),
      operations: ['update'],
    };
    const g = generateGcp(intent, gcpOpts);
    expect(g.notes[0]).toMatch(/exceed 127 bytes/);
    expect(
      simulateGcp(
        tokenFor(deployInput({ project: 'p'.repeat(60), stack: 's'.repeat(40) })),
        g.target,
        { now: NOW },
      ).accepted,
    ).toBe(true);
    expect(
      simulateGcp(
        tokenFor(
          deployInput({ project: 'p'.repeat(60), stack: 's'.repeat(40), operation: 'destroy' }),
        ),
        g.target,
        { now: NOW },
      ).accepted,
    ).toBe(false);
  });
  it('bad intents are refused with the field', () => {
    expect(() =>
      generateAws(
        { kind: 'deployment', org: 'Acme', project: 'web', stack: 'prod', operations: ['update'] },
        awsOpts,
      ),
    ).toThrow(TrustInputError);
    expect(() =>
      generateAws(
        { kind: 'deployment', org: 'acme', project: 'web', stack: 'prod', operations: [] },
        awsOpts,
      ),
    ).toThrow(/operations/);
    expect(() =>
      generateAws(
        { kind: 'environment', org: 'acme', environments: ['a/b'] },
        { ...awsOpts, issuerBase: 'http://x' },
      ),
    ).toThrow(/issuer/);
  });
});

describe('the forms operators apply', () => {
  const intent: Intent = {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    operations: ['update'],
  };
  it('AWS', () => {
    const g = generateAws(intent, awsOpts);
    expect(g.terraform).toContain('resource "aws_iam_openid_connect_provider" "runid"');
    expect(g.terraform).toContain('variable = "id.example.com/oidc:sub"');
    expect(g.native).toContain(
      'aws iam create-open-id-connect-provider --url https://id.example.com/oidc --client-id-list acme',
    );
    expect(g.native).toContain(
      'aws iam create-role --role-name deployer --assume-role-policy-document file://deployer-trust.json --max-session-duration 3600',
    );
  });
  it('Azure, GCP, Vault', () => {
    expect(generateAzure(intent, { issuerBase: BASE, application: 'app' }).native).toMatch(
      /^az ad app federated-credential create --id app --parameters '\{"name":"runid-deploy-org-acme-project-web-stack-prod-operation-update-scope-write"/,
    );
    expect(
      generateAzure(intent, { issuerBase: BASE, identity: { name: 'uami', resourceGroup: 'rg' } })
        .terraform,
    ).toContain('resource "azurerm_federated_identity_credential"');
    const gcp = generateGcp(intent, gcpOpts);
    expect(gcp.native).toContain(
      'gcloud iam workload-identity-pools providers create-oidc runid-v1 --location=global --workload-identity-pool=runid --issuer-uri=https://id.example.com/oidc --allowed-audiences=acme',
    );
    expect(gcp.terraform).toContain('resource "google_service_account_iam_member" "runid_1"');
    const vault = generateVault(intent, vaultOpts);
    expect(vault.native).toContain(
      'vault write auth/runid/role/web-prod role_type=jwt user_claim=sub bound_audiences=acme bound_claims_type=string',
    );
    expect(vault.terraform).toContain('resource "vault_jwt_auth_backend_role" "web_prod"');
  });
});

// Property: among tokens drawn from a small universe (so that near misses are common), every
// generated configuration admits exactly the intended ones.
describe('generated configurations admit exactly the intended tokens (property)', () => {
  const name = fc.constantFrom('acme', 'acme2', 'web', 'Web', 'prod', 'dev');
  const lower = fc.constantFrom('acme', 'acme2', 'web', 'prod');
  const op = fc.constantFrom<Operation>(...OPERATIONS);
  it.each(CLOUDS)('%s: deployments', (cloud) => {
    fc.assert(
      fc.property(
        lower,
        name,
        name,
        fc.uniqueArray(op, { minLength: 1, maxLength: 3 }),
        lower,
        name,
        name,
        op,
        (org, project, stack, ops, tOrg, tProject, tStack, tOp) => {
          const { accepts } = build(cloud, {
            kind: 'deployment',
            org,
            project,
            stack,
            operations: ops,
          });
          const intended =
            tOrg === org && tProject === project && tStack === stack && ops.includes(tOp);
          return (
            accepts(
              tokenFor(
                deployInput({ org: tOrg, project: tProject, stack: tStack, operation: tOp }),
              ),
            ) === intended
          );
        },
      ),
      { numRuns: 60 },
    );
  });
  it.each(CLOUDS)('%s: environments', (cloud) => {
    const env = fc.constantFrom(
      'infra/prod',
      'infra/dev',
      'Infra/prod',
      'default/prod',
      'web/prod',
    );
    fc.assert(
      fc.property(
        lower,
        fc.uniqueArray(env, { minLength: 1, maxLength: 3 }),
        lower,
        env,
        (org, envs, tOrg, tEnv) => {
          const { accepts } = build(cloud, { kind: 'environment', org, environments: envs });
          const intended = tOrg === org && envs.includes(tEnv);
          return (
            accepts(
              tokenFor(envInput({ platform: cloud, org: tOrg, currentEnvironment: tEnv })),
            ) === intended
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
