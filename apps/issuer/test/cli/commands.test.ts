import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/open-store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'runid-cli-'));
const KEK = randomBytes(32).toString('base64');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: {
      RUNID_DATA_DIR: dataDir,
      RUNID_KEK: KEK,
      RUNID_ISSUER_URL: 'https://id.example.com',
      ...env,
    },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return {
    code,
    stdout,
    stderr,
    json: stdout.trim().startsWith('{') ? JSON.parse(stdout) : undefined,
  };
}

describe('runid-issuer commands', () => {
  it('migrate creates the schema once', async () => {
    const first = await cli(['migrate']);
    expect(first.code).toBe(0);
    expect(first.json).toEqual({
      backend: 'sqlite',
      applied: [
        '0001_initial',
        '0002_deployment_settings',
        '0003_admin_sessions',
        '0004_deployment_namespaces',
        '0005_runs',
        '0006_audit_events',
        '0007_audit_token_requests',
        '0008_admin_credentials',
        '0009_client_keys',
      ],
    });
    expect((await cli(['migrate'])).json).toEqual({ backend: 'sqlite', applied: [] });
  });

  it('keys export writes exactly the published JWKS and says when to export again', async () => {
    const out = join(dataDir, 'v2-jwks.json');
    const exported = await cli(['keys', 'export', '--issuer', 'v2', '--out', out]);
    expect(exported.code).toBe(0);
    const file = readFileSync(out, 'utf8');
    const store = await openStore({ dataDir });
    const listed = (await store.listKeys()).filter(
      (k) => k.issuer === 'v2' && k.state !== 'removed',
    );
    await store.close();
    const jwks = JSON.parse(file);
    expect(new Set(jwks.keys.map((k: { kid: string }) => k.kid))).toEqual(
      new Set(listed.map((k) => k.kid)),
    );
    expect(file).not.toMatch(/"d"|"p"|"q"/);
    const again = /again before (\S+) /.exec(exported.stderr)?.[1];
    expect(Date.parse(again ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const stdout = await cli(['keys', 'export', '--issuer', 'v2']);
    expect(stdout.stdout).toBe(file);
    const bad = await cli(['keys', 'export', '--issuer', 'v3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--issuer must be v1 or v2/);
  });

  it.each<{
    name: string;
    args: string[];
    env: Record<string, string>;
    code: number;
    message?: RegExp;
  }>([
    { name: 'unknown command', args: ['frobnicate'], env: {}, code: 2 },
    { name: 'missing option', args: ['keys', 'export'], env: {}, code: 2 },
    {
      name: 'rekey without the previous KEK',
      args: ['keys', 'rekey'],
      env: {},
      code: 2,
      message: /RUNID_KEK_PREVIOUS/,
    },
    {
      name: 'bad configuration',
      args: ['keys', 'export', '--issuer', 'v1'],
      env: { RUNID_PORT: 'x', RUNID_SIGNING_ALG: 'none' },
      code: 2,
      message: /RUNID_PORT[\s\S]*RUNID_SIGNING_ALG/,
    },
    {
      name: 'a wrong KEK',
      args: ['keys', 'export', '--issuer', 'v1'],
      env: { RUNID_KEK: randomBytes(32).toString('base64') },
      code: 4,
      message: /cannot be decrypted/,
    },
    {
      name: 'a data directory with no store (never a new empty one)',
      args: ['deployment', 'show'],
      env: { RUNID_DATA_DIR: join(dataDir, 'elsewhere') },
      code: 3,
      message: /No embedded store in .*elsewhere \(RUNID_DATA_DIR\)[\s\S]*runid-issuer migrate/,
    },
    {
      name: 'an unreachable database',
      args: ['migrate'],
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      code: 3,
      message: /Cannot reach PostgreSQL/,
    },
  ])('exits $code on $name, saying what to fix', async ({ args, env, code, message }) => {
    const result = await cli(args, env);
    expect(result.code).toBe(code);
    // Nothing written: no KEK, no store where there was none.
    expect(existsSync(join(dataDir, 'elsewhere'))).toBe(false);
    if (message) expect(result.stderr).toMatch(message);
  });
});
