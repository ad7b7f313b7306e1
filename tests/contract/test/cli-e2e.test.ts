import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
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
});
