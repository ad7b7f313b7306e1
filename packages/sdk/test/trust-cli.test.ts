import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runid-trust-cli-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

const SUB = 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write';
const AT = '2026-01-01T00:00:00Z';
const NOW = Date.parse(AT) / 1000;
const claims = (over: Record<string, unknown> = {}) => ({
  iss: 'https://id.example.com/oidc',
  sub: SUB,
  aud: 'acme',
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
  ...over,
});
const provider = file('provider.json', { Url: 'id.example.com/oidc', ClientIDList: ['acme'] });
const policy = (sub: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/id.example.com/oidc' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'id.example.com/oidc:aud': 'acme', 'id.example.com/oidc:sub': sub },
      },
    },
  ],
});
const role = file('role.json', {
  Role: {
    Arn: 'arn:aws:iam::123456789012:role/deployer',
    MaxSessionDuration: 3600,
    AssumeRolePolicyDocument: policy(SUB),
  },
});

const run = runMain;

describe('runid trust simulate', () => {
  it('exit 0 and a readable report when accepted', async () => {
    const r = await run([
      'trust',
      'simulate',
      '--token',
      file('t.json', claims()),
      '--at',
      AT,
      '--aws-provider',
      provider,
      '--aws-role',
      role,
    ]);
    expect(r).toEqual({ code: 0, stdout: `accepted by aws as ${SUB}\n`, stderr: '' });
  });

  it('exit 1 with the literal error, the failing condition and a hint (golden)', async () => {
    const token = file(
      't2.json',
      claims({ sub: SUB.replace('update', 'destroy'), operation: 'destroy' }),
    );
    const r = await run([
      'trust',
      'simulate',
      '--token',
      token,
      '--at',
      AT,
      '--aws-provider',
      provider,
      '--aws-role',
      role,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'refused by aws at the policy stage',
        '  AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
        '  failed: /Role/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/id.example.com~1oidc:sub',
        `    expected: {"StringEquals":{"id.example.com/oidc:sub":["${SUB}"]}}`,
        `    actual: "${SUB.replace('update', 'destroy')}"`,
        `  hint: The token's sub is ${SUB.replace('update', 'destroy')}; no value of StringEquals id.example.com/oidc:sub matches it. Add it (exact, with StringEquals) or mint the token the policy expects.`,
        '',
      ].join('\n'),
    );
  });

  it('--json prints the verdict fields', async () => {
    const r = await run([
      'trust',
      'simulate',
      '--json',
      '--token',
      file('t3.json', claims()),
      '--at',
      '2026-01-01T02:00:00Z',
      '--aws-provider',
      provider,
      '--aws-role',
      role,
    ]);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(Object.keys(body)).toEqual([
      'accepted',
      'relyingParty',
      'stage',
      'code',
      'message',
      'failed',
      'hint',
    ]);
    expect(body).toMatchObject({
      accepted: false,
      relyingParty: 'aws',
      stage: 'claims',
      code: 'ExpiredTokenException',
    });
  });

  it('--duration above MaxSessionDuration', async () => {
    const r = await run([
      'trust',
      'simulate',
      '--json',
      '--token',
      file('t4.json', claims()),
      '--at',
      AT,
      '--duration',
      '2h',
      '--aws-provider',
      provider,
      '--aws-role',
      role,
    ]);
    expect(JSON.parse(r.stdout).message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('exit 2 for bad input, naming the file and field', async () => {
    const bad = file('bad-role.json', { Role: { Arn: 'x' } });
    const r = await run([
      'trust',
      'simulate',
      '--token',
      file('t5.json', claims()),
      '--aws-provider',
      provider,
      '--aws-role',
      bad,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `runid: ${bad}: /Role/AssumeRolePolicyDocument: missing the trust policy\n`,
    );
    const nl = await run([
      'trust',
      'simulate',
      '--token',
      file('t6.jwt', 'a.b.c\n'),
      '--aws-provider',
      provider,
      '--aws-role',
      role,
    ]);
    expect(nl.code).toBe(1);
    expect(nl.stdout).toMatch(/^refused by aws at the token stage/);
    const none = await run(['trust', 'simulate', '--token', file('t7.json', claims())]);
    expect(none.code).toBe(2);
  });
});

describe('runid trust lint', () => {
  it('exit 1 with findings, --json', async () => {
    const audOnly = file('aud-only.json', {
      Role: {
        AssumeRolePolicyDocument: {
          ...policy(SUB),
          Statement: [
            {
              ...policy(SUB).Statement[0],
              Condition: { StringEquals: { 'id.example.com/oidc:aud': 'acme' } },
            },
          ],
        },
      },
    });
    const r = await run(['trust', 'lint', '--json', '--aws-role', audOnly]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['L1']);
  });
  it('exit 0 when clean (information only)', async () => {
    const r = await run(['trust', 'lint', '--aws-role', role, '--aws-provider', provider]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^L24 info/);
  });
});

describe('runid trust generate', () => {
  it('prints Terraform, or the native form', async () => {
    const args = [
      'trust',
      'generate',
      'aws',
      '--issuer',
      'https://id.example.com',
      '--kind',
      'deployment',
      '--org',
      'acme',
      '--project',
      'web',
      '--stack',
      'prod',
      '--operation',
      'update',
      '--operation',
      'preview',
      '--account-id',
      '123456789012',
      '--role-name',
      'deployer',
    ];
    const tf = await run(args);
    expect(tf.code).toBe(0);
    expect(tf.stdout).toContain('resource "aws_iam_role" "deployer"');
    const native = await run([...args, '--format', 'native']);
    expect(native.stdout.split('\n')[0]).toBe(
      'aws iam create-open-id-connect-provider --url https://id.example.com/oidc --client-id-list acme',
    );
    const vault = await run([
      'trust',
      'generate',
      'vault',
      '--issuer',
      'https://id.example.com',
      '--kind',
      'environment',
      '--org',
      'acme',
      '--environment',
      'infra/prod',
      '--role-name',
      'infra-prod',
      '--policy',
      'infra',
      '--format',
      'native',
    ]);
    expect(vault.stdout).toContain(
      `bound_claims='{"sub":["pulumi:environments:org:acme:env:infra/prod"]}'`,
    );
  });
  it('exit 2 for a missing flag or a bad intent', async () => {
    const r = await run([
      'trust',
      'generate',
      'aws',
      '--issuer',
      'https://id.example.com',
      '--kind',
      'deployment',
      '--org',
      'acme',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('runid: --project: is required here\n');
    const bad = await run([
      'trust',
      'generate',
      'gcp',
      '--issuer',
      'https://id.example.com',
      '--kind',
      'environment',
      '--org',
      'Acme',
      '--environment',
      'a/b',
      '--project-number',
      '1',
      '--pool',
      'p',
      '--provider',
      'p',
      '--service-account',
      's',
    ]);
    expect(bad.code).toBe(2);
  });
  it('azure: --application once per group of 20 credentials, else exit 2 saying how many', async () => {
    const envs = Array.from({ length: 21 }, (_, i) => ['--environment', `infra/env-${i}`]).flat();
    const base = ['trust', 'generate', 'azure', '--issuer', 'https://id.example.com'];
    const intent = ['--kind', 'environment', '--org', 'acme', ...envs, '--format', 'native'];
    const one = await run([...base, ...intent, '--application', 'app-a']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/21 credentials need 2 apps .*--application once per app/);
    const two = await run([...base, ...intent, '--application', 'app-a', '--application', 'app-b']);
    expect(two.code).toBe(0);
    expect(two.stdout.match(/--id app-b /g)?.length).toBe(1);
    expect(two.stderr).toMatch(/split across 2 apps/);
  });
});
