// Golden output of `runid trust simulate` and `runid trust lint` for Azure, Google Cloud and Vault
// (AWS has its own in trust-cli.test.ts). The files under test/golden/ are the exact reports an
// operator reads; a change to a message, a hint or a path shows up here as a diff to review.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runid-trust-golden-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

const ISS = 'https://id.example.com/oidc';
const SUB = 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write';
const AT = '2026-01-01T00:00:00Z';
const NOW = Date.parse(AT) / 1000;
const token = (aud: string) =>
  file(`token-${aud.replace(/[^a-z]/g, '')}.json`, {
    iss: ISS,
    sub: SUB,
    aud,
    iat: NOW - 60,
    nbf: NOW - 60,
    exp: NOW + 3540,
    jti: 'j',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    stackId: 'acme/web/prod',
    operation: 'update',
    deployment: 42,
    scope: 'write',
  });

const run = runMain;

const azure = file('fic.json', {
  name: 'acme-web-prod',
  issuer: ISS,
  subject: SUB.replace('acme', 'Acme'),
  audiences: ['azure:acme'],
});
const gcpProvider = file('provider.json', {
  name: 'projects/123/locations/global/workloadIdentityPools/runid/providers/runid',
  state: 'ACTIVE',
  attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.org': 'assertion.org' },
  attributeCondition: "assertion.org == 'acme' && assertion.project == 'api'",
  oidc: { issuerUri: ISS, allowedAudiences: ['gcp:acme'] },
});
const vault = file('role.json', {
  data: {
    role_type: 'jwt',
    user_claim: 'sub',
    bound_audiences: ['vault:acme'],
    bound_claims_type: 'glob',
    bound_claims: { sub: 'pulumi:deploy:org:acme:project:web:stack:*' },
  },
});

const cases = [
  ['azure', 'azure:acme', ['--azure-credential', azure]],
  ['gcp', 'gcp:acme', ['--gcp-provider', gcpProvider]],
  ['vault', 'vault:other', ['--vault-role', vault]],
] as const;

describe('runid trust simulate (golden)', () => {
  for (const [cloud, aud, target] of cases) {
    it(`${cloud}: the refusal report`, async () => {
      const r = await run(['trust', 'simulate', '--token', token(aud), '--at', AT, ...target]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      await expect(r.stdout).toMatchFileSnapshot(`golden/simulate-${cloud}.txt`);
    });
  }
});

describe('runid trust lint (golden)', () => {
  for (const [cloud, , target] of cases) {
    it(`${cloud}: the findings report`, async () => {
      const r = await run(['trust', 'lint', '--issuer', ISS, ...target]);
      expect(r.stderr).toBe('');
      await expect(`exit ${r.code}\n${r.stdout}`).toMatchFileSnapshot(`golden/lint-${cloud}.txt`);
    });
  }
});
