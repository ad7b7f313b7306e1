import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/store/open-store.js';
import { DEPLOYMENT } from '../support/issuer.js';

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
      ],
    });
    expect((await cli(['migrate'])).json).toEqual({ backend: 'sqlite', applied: [] });
  });

  it('keys list shows both issuers with current and next keys, no private material', async () => {
    const listed = await cli(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(
      listed.json.items
        .map((k: { issuer: string; state: string }) => `${k.issuer}:${k.state}`)
        .sort(),
    ).toEqual(['v1:current', 'v1:next', 'v2:current', 'v2:next']);
    expect(listed.stdout).not.toMatch(/"d"|privateKey|v1\.[\w-]+\.[\w-]+\./);
  });

  it('keys export writes exactly the published JWKS and says when to export again', async () => {
    const out = join(dataDir, 'v2-jwks.json');
    const exported = await cli(['keys', 'export', '--issuer', 'v2', '--out', out]);
    expect(exported.code).toBe(0);
    const file = readFileSync(out, 'utf8');
    const listed = (await cli(['keys', 'list'])).json.items.filter(
      (k: { issuer: string; state: string }) => k.issuer === 'v2' && k.state !== 'removed',
    );
    const jwks = JSON.parse(file);
    expect(new Set(jwks.keys.map((k: { kid: string }) => k.kid))).toEqual(
      new Set(listed.map((k: { kid: string }) => k.kid)),
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

  it('keys rotate explains and refuses without --confirm, rotates with it', async () => {
    const before = (await cli(['keys', 'list'])).json.items;
    const refused = await cli(['keys', 'rotate', '--issuer', 'v1']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/needs "confirm": true\. Consequences:/);
    expect((await cli(['keys', 'list'])).json.items).toEqual(before);
    const current = before.find(
      (k: { issuer: string; state: string }) => k.issuer === 'v1' && k.state === 'current',
    );
    const rotated = await cli([
      'keys',
      'rotate',
      '--issuer',
      'v1',
      '--confirm',
      '--remove-compromised',
    ]);
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toMatch(/leaves the JWKS now/);
    const after = rotated.json.keys.find((k: { kid: string }) => k.kid === current.kid);
    expect(after.state).toBe('removed');
    const exported = JSON.parse((await cli(['keys', 'export', '--issuer', 'v1'])).stdout);
    expect(exported.keys.map((k: { kid: string }) => k.kid)).not.toContain(current.kid);
  });

  it('clients create / list / disable, and mint through the same path as the API (client `cli`)', async () => {
    const created = await cli([
      'clients',
      'create',
      '--name',
      'from-cli',
      '--grants',
      '[{"kinds":["deployment"],"orgs":["acme"]}]',
    ]);
    expect(created.code).toBe(0);
    expect(created.json.key).toMatch(/^rid_client_/);
    const listed = await cli(['clients', 'list']);
    expect(listed.json.items.map((c: { name: string }) => c.name)).toEqual(['from-cli']);
    expect(listed.stdout).not.toContain(created.json.key);
    const disabled = await cli(['clients', 'disable', created.json.id]);
    expect(disabled.json.disabled).toBe(true);

    const requestFile = join(dataDir, 'request.json');
    writeFileSync(requestFile, JSON.stringify(DEPLOYMENT));
    const minted = await cli(['mint', `@${requestFile}`]);
    expect(minted.code).toBe(0);
    expect(minted.json.claims.iss).toBe('https://id.example.com/oidc');
    expect(minted.json.token).toMatch(/^eyJ/);
    const store = await openStore({ dataDir });
    try {
      const [record] = await store.queryAudit({ jti: minted.json.claims.jti, limit: 1 });
      expect(record?.clientId).toBe('cli');
    } finally {
      await store.close();
    }
  });

  it.each<{
    name: string;
    args: string[];
    env: Record<string, string>;
    code: number;
    message?: RegExp;
  }>([
    { name: 'unknown command', args: ['frobnicate'], env: {}, code: 2 },
    { name: 'missing option', args: ['clients', 'create', '--name', 'x'], env: {}, code: 2 },
    {
      name: 'grants not JSON',
      args: ['clients', 'create', '--name', 'x', '--grants', 'nope'],
      env: {},
      code: 2,
      message: /--grants must be JSON/,
    },
    {
      name: 'grants against the contract',
      args: ['clients', 'create', '--name', 'x', '--grants', '[{"kinds":["nope"],"orgs":["a"]}]'],
      env: {},
      code: 5,
      message: /grants\[0\]\.kinds\[0\]/,
    },
    {
      name: 'a bad mint request',
      args: ['mint', '{"kind":"deployment","org":"acme","iss":"x"}'],
      env: {},
      code: 5,
      message: /iss: iss is not a known field/,
    },
    {
      name: 'an unknown client',
      args: ['clients', 'disable', 'cl_nope'],
      env: {},
      code: 5,
      message: /No client/,
    },
    {
      name: 'bad configuration',
      args: ['keys', 'list'],
      env: { RUNID_PORT: 'x', RUNID_SIGNING_ALG: 'none' },
      code: 2,
      message: /RUNID_PORT[\s\S]*RUNID_SIGNING_ALG/,
    },
    {
      name: 'a wrong KEK',
      args: ['keys', 'list'],
      env: { RUNID_KEK: randomBytes(32).toString('base64') },
      code: 4,
      message: /cannot be decrypted/,
    },
    {
      name: 'a data directory with no store (never a new empty one)',
      args: ['clients', 'list'],
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
