import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(first.json).toEqual({ backend: 'pglite', applied: ['0001_initial'] });
    expect((await cli(['migrate'])).json).toEqual({ backend: 'pglite', applied: [] });
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
      name: 'an unreachable database',
      args: ['migrate'],
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      code: 3,
      message: /Cannot reach PostgreSQL/,
    },
  ])('exits $code on $name, saying what to fix', async ({ args, env, code, message }) => {
    const result = await cli(args, env);
    expect(result.code).toBe(code);
    if (message) expect(result.stderr).toMatch(message);
  });
});
