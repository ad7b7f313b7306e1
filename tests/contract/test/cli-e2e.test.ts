import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient } from '@runid/sdk';
import { createVerifier } from '@runid/verifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer } from './helpers/start.js';

const cli = join(
  dirname(createRequire(import.meta.url).resolve('@runid/sdk/package.json')),
  'dist',
  'cli.js',
);

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
let env: Record<string, string>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const admin = createClient({ baseUrl: issuer.url, apiKey: issuer.adminKey });
  const created = await admin.createApiClient({
    name: 'cli',
    grants: [{ kinds: ['deployment'], orgs: ['acme'], stacks: ['prod'] }],
  });
  env = { RUNID_URL: issuer.url, RUNID_API_KEY: created.key, RUNID_DEPLOYMENT: '9' };
});

afterAll(async () => {
  await issuer?.close();
});

const inputs = [
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
];

describe('the runid CLI against the real issuer', () => {
  it('prints a token that @runid/verifier accepts', async () => {
    const r = await run(['token', ...inputs, '--duration', '10m'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const verifier = createVerifier({
      issuers: [{ issuer: `${issuer.issuerUrl}/oidc`, audience: 'acme', algorithms: ['RS256'] }],
      clockTolerance: 5,
    });
    const result = await verifier.verify(r.stdout.trim());
    expect(result).toMatchObject({
      ok: true,
      kind: 'deployment',
      claims: { deployment: 9, stack: 'prod' },
    });
  });

  it('exits 1 with the issuer’s reason when the grant does not allow the stack', async () => {
    const r = await run(['token', ...inputs.map((a) => (a === 'prod' ? 'staging' : a))], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('grant_denied');
  });

  it('previews the claims', async () => {
    const r = await run(['preview', ...inputs], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      claims: { aud: 'acme', stackId: 'acme/web/prod' },
    });
  });

  it('runid trust simulate|lint --json on a minted token say what POST /api/v1/trust/simulate says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runid-trust-'));
    try {
      const client = createClient({ baseUrl: issuer.url, apiKey: env.RUNID_API_KEY });
      const request = {
        kind: 'deployment',
        org: 'acme',
        project: 'web',
        stack: 'prod',
        operation: 'update',
        deployment: 9,
      } as const;
      const { token, claims } = await client.mintToken(request);
      await writeFile(join(dir, 'token.jwt'), token);
      const at = new Date((claims.iat + 60) * 1000).toISOString();
      for (const [name, data] of [
        ['accepted', { role_type: 'jwt', bound_audiences: ['acme'], bound_subject: claims.sub }],
        ['refused', { role_type: 'jwt', bound_audiences: ['acme'], bound_subject: 'other' }],
        ['refused at the registration', { bound_audiences: ['acme'] }],
      ] as const) {
        const role = { request_id: 'r', data };
        const file = join(dir, 'role.json');
        await writeFile(file, JSON.stringify(role));
        const simulated = await run(
          [
            'trust',
            'simulate',
            '--json',
            '--token',
            join(dir, 'token.jwt'),
            '--vault-role',
            file,
            '--at',
            at,
          ],
          env,
        );
        const linted = await run(['trust', 'lint', '--json', '--vault-role', file], env);
        const api = await client.simulateTrust({
          token: request,
          at,
          relyingParty: { vault: role },
        });
        expect(api.claims, name).toEqual(
          Object.fromEntries(
            Object.entries(claims).filter(([k]) => !['iat', 'nbf', 'exp', 'jti'].includes(k)),
          ),
        );
        expect(api.verdict.accepted, name).toBe(name === 'accepted');
        expect(api.verdict, name).toEqual(JSON.parse(simulated.stdout));
        expect(simulated.code, name).toBe(api.verdict.accepted ? 0 : 1);
        expect(api.findings, name).toEqual(JSON.parse(linted.stdout).findings);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
