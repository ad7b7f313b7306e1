import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, EXIT } from '@runid/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Serving, serveCli } from '../support/cli-process.js';
import { DEPLOYMENT } from '../support/issuer.js';

// The admin CLI against a real `runid-issuer serve` process on a fresh embedded store, over HTTP.

const dir = mkdtempSync(join(tmpdir(), 'runid-admin-cli-'));
const adminKey = `rid_admin_${randomBytes(32).toString('base64url')}`;
const keyFile = join(dir, 'admin-key');
writeFileSync(keyFile, `${adminKey}\n`, { mode: 0o600 });
let served: Serving;
let env: Record<string, string>;

beforeAll(async () => {
  served = await serveCli({
    RUNID_DATA_DIR: join(dir, 'data'),
    RUNID_BOOTSTRAP_ADMIN_KEY: adminKey,
    RUNID_SHUTDOWN_TIMEOUT: '10',
  });
  env = { RUNID_URL: served.url, RUNID_ADMIN_KEY_FILE: keyFile };
}, 120_000);

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `runid-issuer <args>` as a child process; `json` parsed when stdout is JSON. */
async function cli(args: string[], extra: Record<string, string> = {}, cwd?: string) {
  const result = await runCli(args, { ...env, ...extra }, 60_000, cwd);
  const text = result.stdout.trim();
  return {
    ...result,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    json: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : undefined) as any,
  };
}

/** The same call straight to the API, to compare `--json` with. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
async function api(path: string): Promise<any> {
  const answer = await fetch(`${served.url}${path}`, {
    headers: { authorization: `Bearer ${adminKey}` },
  });
  return answer.json();
}

/** Header and rows of a readable table, split on runs of two or more spaces. */
function table(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('More:'))
    .map((line) => line.split(/ {2,}/));
}

function closedPortUrl(): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}

const GRANTS = '[{"kinds":["deployment"],"orgs":["acme"],"stacks":["dev","prod"]}]';

describe('runid-issuer: version and help', () => {
  it('--version prints the package version', async () => {
    const version = await cli(['--version'], {});
    expect(version.code).toBe(EXIT.ok);
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('--help says which commands speak the API and which open the store', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(
      /speak the API \(clients, keys list\|rotate, runs, audit, credentials\)/,
    );
    expect(help.stdout).toMatch(/open the store directly \(serve, migrate, keys rekey/);
    expect(help.stdout).not.toMatch(/\bmint\b/);
    const keys = await cli(['keys', '--help']);
    expect(keys.stdout).toMatch(/list .*\(API\)/s);
    expect(keys.stdout).toMatch(/rekey .*store directly/s);
  });
});

describe('runid-issuer clients (API)', () => {
  let created: { id: string; key: string };

  it('create prints the client and its key once; --json is the API answer', async () => {
    const first = await cli(['clients', 'create', '--name', 'web', '--grants', GRANTS]);
    expect(first.code).toBe(EXIT.ok);
    expect(first.stdout).toMatch(/^id: +cl_/m);
    expect(first.stdout).toMatch(/^grant 1: +deployment acme\/\*\/dev,prod$/m);
    expect(first.stdout).toMatch(/Key \(shown once, store it now\): rid_client_/);
    const grantsFile = join(dir, 'grants.json');
    writeFileSync(grantsFile, GRANTS);
    const second = await cli([
      'clients',
      'create',
      '--name',
      'ops',
      '--grants',
      `@${grantsFile}`,
      '--json',
    ]);
    expect(second.code).toBe(EXIT.ok);
    expect(second.json).toMatchObject({ name: 'ops', disabled: false });
    expect(second.json.key).toMatch(/^rid_client_/);
    created = second.json;
  });

  it('list prints a table and --json the API JSON, never a key', async () => {
    const listed = await cli(['clients', 'list']);
    expect(listed.code).toBe(EXIT.ok);
    const [header, ...rows] = table(listed.stdout);
    expect(header).toEqual(['ID', 'NAME', 'STATE', 'CREATED', 'KEYS', 'GRANTS']);
    expect(rows.map((r) => r[1]).sort()).toEqual(['ops', 'web']);
    expect(rows.map((r) => r[4])).toEqual(['1 active', '1 active']);
    expect(listed.stdout).not.toContain(created.key);
    const json = await cli(['clients', 'list', '--json']);
    expect(json.json).toEqual(await api('/api/v1/admin/clients'));
  });

  it('show and disable one client', async () => {
    const shown = await cli(['clients', 'show', created.id]);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.stdout).toMatch(/^state: +enabled$/m);
    const disabled = await cli(['clients', 'disable', created.id]);
    expect(disabled.code).toBe(EXIT.ok);
    expect(disabled.stdout).toMatch(/^state: +disabled$/m);
    const json = await cli(['clients', 'show', created.id, '--json']);
    expect(json.json).toEqual(await api(`/api/v1/admin/clients/${created.id}`));
    expect(json.json.disabled).toBe(true);
  });

  it('enable, rotate-key (new key printed once), revoke-key and grants set --file', async () => {
    const enabled = await cli(['clients', 'enable', created.id]);
    expect(enabled.code).toBe(EXIT.ok);
    expect(enabled.stdout).toMatch(/^state: +enabled$/m);

    const rotated = await cli(['clients', 'rotate-key', created.id, '--overlap', '0']);
    expect(rotated.code).toBe(EXIT.ok);
    const newKey = /shown once, store it now: (rid_client_\S+)/.exec(rotated.stdout)?.[1];
    expect(newKey).toBeDefined();
    expect(rotated.stdout).toMatch(/^key 2: +ck_\S+ expired, created /m);
    const minter = createClient({ baseUrl: served.url, apiKey: newKey, retry: false });
    // Previews, not mints: the audit tests below count the tokens minted.
    expect((await minter.previewToken(DEPLOYMENT)).claims).toBeTruthy();
    await expect(
      createClient({ baseUrl: served.url, apiKey: created.key, retry: false }).previewToken(
        DEPLOYMENT,
      ),
    ).rejects.toMatchObject({ status: 401 });

    const grantsFile = join(dir, 'new-grants.json');
    writeFileSync(
      grantsFile,
      JSON.stringify({ grants: [{ kinds: ['oidc'], orgs: ['acme'], audiences: ['a'] }] }),
    );
    const regranted = await cli([
      'clients',
      'grants',
      'set',
      created.id,
      '--file',
      grantsFile,
      '--json',
    ]);
    expect(regranted.code).toBe(EXIT.ok);
    expect(regranted.json.grants).toEqual([{ kinds: ['oidc'], orgs: ['acme'], audiences: ['a'] }]);
    await expect(minter.previewToken(DEPLOYMENT)).rejects.toMatchObject({ code: 'grant_denied' });

    const keyId = regranted.json.keys[0].id as string;
    const revoked = await cli(['clients', 'revoke-key', created.id, keyId]);
    expect(revoked.code).toBe(EXIT.ok);
    expect(revoked.stdout).toMatch(new RegExp(`^key 1: +${keyId} revoked, `, 'm'));
    const unknown = await cli(['clients', 'revoke-key', created.id, 'ck_nope']);
    expect(unknown.code).toBe(EXIT.resourceNotFound);
    const expiring = await cli([
      'clients',
      'rotate-key',
      created.id,
      '--overlap',
      '1h',
      '--key-expires-in',
      '720h',
      '--json',
    ]);
    expect(expiring.code).toBe(EXIT.ok);
    expect(expiring.json.expiresAt).toBeDefined();
    const listed = await cli(['clients', 'list']);
    const row = table(listed.stdout).find((r) => r[0] === created.id);
    expect(row?.[4]).toMatch(/^1 active, one expires 20\d\d-/);
    const tooLong = await cli(['clients', 'rotate-key', created.id, '--overlap', '721h']);
    expect(tooLong.code).toBe(EXIT.refused);
    expect(tooLong.stderr).toMatch(/400 invalid_request[\s\S]*720h/);
  });

  it.each<{
    name: string;
    args: string[];
    env?: Record<string, string>;
    code: number;
    says: RegExp;
  }>([
    {
      name: 'an unknown client id',
      args: ['clients', 'show', 'cl_nope'],
      code: EXIT.resourceNotFound,
      says: /404 not_found/,
    },
    {
      name: 'a name already taken',
      args: ['clients', 'create', '--name', 'web', '--grants', GRANTS],
      code: EXIT.conflict,
      says: /409 conflict/,
    },
    {
      name: 'grants against the contract',
      args: ['clients', 'create', '--name', 'x', '--grants', '[{"kinds":["nope"],"orgs":["a"]}]'],
      code: EXIT.refused,
      says: /400 invalid_request[\s\S]*grants\/0\/kinds\/0|grants\[0\]\.kinds\[0\]/,
    },
    {
      name: 'grants that are not JSON',
      args: ['clients', 'create', '--name', 'x', '--grants', 'nope'],
      code: EXIT.usage,
      says: /--grants must be JSON/,
    },
    {
      name: 'a bad admin key',
      args: ['clients', 'list'],
      env: { RUNID_ADMIN_KEY_FILE: '', RUNID_ADMIN_KEY: `rid_admin_${'x'.repeat(43)}` },
      code: EXIT.auth,
      says: /401 unauthorized[\s\S]*hint: check RUNID_ADMIN_KEY/,
    },
    {
      name: 'no RUNID_URL',
      args: ['clients', 'list'],
      env: { RUNID_URL: '' },
      code: EXIT.usage,
      says: /set RUNID_URL \(or pass --url\)/,
    },
    {
      name: 'no admin credential',
      args: ['clients', 'list'],
      env: { RUNID_ADMIN_KEY_FILE: '' },
      code: EXIT.usage,
      says: /set RUNID_ADMIN_KEY \(or RUNID_ADMIN_KEY_FILE/,
    },
    {
      name: 'both RUNID_ADMIN_KEY and RUNID_ADMIN_KEY_FILE',
      args: ['clients', 'list'],
      env: { RUNID_ADMIN_KEY: adminKey },
      code: EXIT.usage,
      says: /both set: set only one/,
    },
    {
      name: 'an unreadable RUNID_ADMIN_KEY_FILE',
      args: ['clients', 'list'],
      env: { RUNID_ADMIN_KEY_FILE: join(dir, 'missing') },
      code: EXIT.usage,
      says: /RUNID_ADMIN_KEY_FILE names .*missing, which cannot be read \(ENOENT\)/,
    },
    {
      name: 'a RUNID_URL that is not a URL',
      args: ['clients', 'list'],
      env: { RUNID_URL: 'id.example.com' },
      code: EXIT.usage,
      says: /RUNID_URL: not an absolute URL/,
    },
  ])('exits $code on $name, saying what to fix', async ({ args, env: extra, code, says }) => {
    const result = await cli(args, extra);
    expect(result.stderr).toMatch(says);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
  });

  it('exits 5 when a client key is used as the admin credential', async () => {
    const client = await cli([
      'clients',
      'create',
      '--name',
      'not-admin',
      '--grants',
      GRANTS,
      '--json',
    ]);
    const refused = await cli(['clients', 'list'], {
      RUNID_ADMIN_KEY_FILE: '',
      RUNID_ADMIN_KEY: client.json.key,
    });
    expect(refused.stderr).toMatch(/403 forbidden/);
    expect(refused.code).toBe(EXIT.auth);
  });

  it('exits 3 when the issuer cannot be reached, naming RUNID_URL', async () => {
    const result = await cli(['clients', 'list'], { RUNID_URL: await closedPortUrl() });
    expect(result.code).toBe(EXIT.network);
    expect(result.stderr).toMatch(/hint: check RUNID_URL/);
  });
});

describe('runid-issuer keys list|rotate (API)', () => {
  it('list prints both issuers and --json the API answer', async () => {
    const listed = await cli(['keys', 'list']);
    expect(listed.code).toBe(EXIT.ok);
    const [header, ...rows] = table(listed.stdout);
    expect(header?.slice(0, 4)).toEqual(['ISSUER', 'STATE', 'KID', 'ALG']);
    expect(rows.map((r) => `${r[0]}:${r[1]}`).sort()).toEqual([
      'v1:current',
      'v1:next',
      'v2:current',
      'v2:next',
    ]);
    expect((await cli(['keys', 'list', '--json'])).json).toEqual(await api('/api/v1/admin/keys'));
  });

  it('rotate: without --confirm the consequences and exit 1, a wrong --confirm is usage, --confirm <issuer> rotates', async () => {
    const before = await api('/api/v1/admin/keys');
    const refused = await cli(['keys', 'rotate', '--issuer', 'v2']);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.stderr).toMatch(/400 confirmation_required[\s\S]*Consequences:/);
    expect(refused.stderr).toMatch(/--confirm <the issuer>/);
    const wrong = await cli(['keys', 'rotate', '--issuer', 'v2', '--confirm', 'v1']);
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.stderr).toMatch(/--confirm must repeat the issuer being rotated \(--confirm v2\)/);
    expect(await api('/api/v1/admin/keys')).toEqual(before);
    const current = before.items.find(
      (k: { issuer: string; state: string }) => k.issuer === 'v2' && k.state === 'current',
    );
    const rotated = await cli(['keys', 'rotate', '--issuer', 'v2', '--confirm', 'v2', '--json']);
    expect(rotated.code).toBe(EXIT.ok);
    expect(rotated.json.issuer).toBe('v2');
    expect(rotated.json.keys.find((k: { kid: string }) => k.kid === current.kid)?.state).toBe(
      'retired',
    );
  });
});

describe('runid-issuer runs (API)', () => {
  let runId: string;

  beforeAll(async () => {
    const admin = createClient({ baseUrl: served.url, apiKey: adminKey });
    const { key } = await admin.createApiClient({
      name: 'runner',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    });
    const client = createClient({ baseUrl: served.url, apiKey: key });
    const { deployment: _n, ...identity } = DEPLOYMENT;
    for (const stack of ['dev', 'prod', 'staging']) {
      runId = (await client.createRun({ identity: { ...identity, stack } })).id;
    }
  }, 60_000);

  it('list prints a table, pages with --limit/--after, --all, and --json the API page', async () => {
    const listed = await cli(['runs', 'list']);
    expect(listed.code).toBe(EXIT.ok);
    const [header, ...rows] = table(listed.stdout);
    expect(header).toEqual(['ID', 'STATE', 'IDENTITY', 'CLIENT', 'CREATED', 'DEADLINE', 'ENDED']);
    // Created in one millisecond, perhaps: compare as sets, the order is the API's.
    expect(rows.map((r) => r[2]).sort()).toEqual([
      'deployment acme/web/dev update #1',
      'deployment acme/web/prod update #1',
      'deployment acme/web/staging update #1',
    ]);
    const first = await cli(['runs', 'list', '--limit', '2']);
    const more = /More: run again with --after (\S+) /.exec(first.stdout)?.[1];
    expect(table(first.stdout)).toHaveLength(3);
    expect(more).toBeDefined();
    const rest = await cli(['runs', 'list', '--limit', '2', '--after', more as string, '--json']);
    expect(rest.json).toEqual(await api(`/api/v1/admin/runs?limit=2&cursor=${more}`));
    expect(rest.json.items).toHaveLength(1);
    const all = await cli(['runs', 'list', '--limit', '1', '--all', '--json']);
    expect(all.json.nextCursor).toBeNull();
    expect(all.json.items).toEqual((await api('/api/v1/admin/runs')).items);
    const filtered = await cli(['runs', 'list', '--stack', 'prod', '--json']);
    expect(
      filtered.json.items.map((r: { identity: { stack: string } }) => r.identity.stack),
    ).toEqual(['prod']);
  });

  it('show and revoke one run; an unknown run exits 6', async () => {
    const shown = await cli(['runs', 'show', runId]);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.stdout).toMatch(/^state: +running$/m);
    expect((await cli(['runs', 'show', runId, '--json'])).json).toEqual(
      await api(`/api/v1/admin/runs/${runId}`),
    );
    const revoked = await cli(['runs', 'revoke', runId]);
    expect(revoked.code).toBe(EXIT.ok);
    expect(revoked.stdout).toMatch(/^state: +revoked$/m);
    const unknown = await cli(['runs', 'revoke', 'run_nope']);
    expect(unknown.code).toBe(EXIT.resourceNotFound);
    expect(unknown.stderr).toMatch(/404 run_not_found/);
  });

  it('a bad --limit or --all with --after is a usage error, nothing sent', async () => {
    expect((await cli(['runs', 'list', '--limit', '0'])).code).toBe(EXIT.usage);
    const both = await cli(['runs', 'list', '--all', '--after', 'x']);
    expect(both.code).toBe(EXIT.usage);
    expect(both.stderr).toMatch(/leave out --after/);
  });
});

describe('runid-issuer audit list (API)', () => {
  const jtis: string[] = [];

  beforeAll(async () => {
    const admin = createClient({ baseUrl: served.url, apiKey: adminKey });
    const { key, id } = await admin.createApiClient({
      name: 'auditee',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    });
    const client = createClient({ baseUrl: served.url, apiKey: key });
    for (const deployment of [1, 2, 3]) {
      jtis.push((await client.mintToken({ ...DEPLOYMENT, deployment })).claims.jti as string);
    }
    expect(id).toMatch(/^cl_/);
  }, 60_000);

  it('filters, pages (--limit, --after, --all) and prints a table or the API JSON', async () => {
    const listed = await cli(['audit', 'list', '--kind', 'deployment']);
    expect(listed.code).toBe(EXIT.ok);
    const [header, ...rows] = table(listed.stdout);
    expect(header).toEqual(['ISSUED', 'KIND', 'SUB', 'AUD', 'CLIENT', 'RUN', 'JTI']);
    expect(rows.map((r) => r[6]).sort()).toEqual([...jtis].sort());
    const first = await cli(['audit', 'list', '--limit', '2', '--json']);
    expect(first.json).toEqual(await api('/api/v1/admin/audit?limit=2'));
    const rest = await cli([
      'audit',
      'list',
      '--limit',
      '2',
      '--after',
      first.json.nextCursor,
      '--json',
    ]);
    expect(rest.json.nextCursor).toBeNull();
    expect(
      [...first.json.items, ...rest.json.items].map((r: { jti: string }) => r.jti).sort(),
    ).toEqual([...jtis].sort());
    const all = await cli(['audit', 'list', '--limit', '1', '--all', '--json']);
    expect(all.json).toEqual({
      items: [...first.json.items, ...rest.json.items],
      nextCursor: null,
    });
    const one = await cli(['audit', 'list', '--jti', jtis[1] as string, '--json']);
    expect(one.json.items.map((r: { jti: string }) => r.jti)).toEqual([jtis[1]]);
    const none = await cli(['audit', 'list', '--kind', 'oidc']);
    expect(none.stdout).toBe('No audit records.\n');
  });

  it('a filter the API refuses exits 1 naming it', async () => {
    const bad = await cli(['audit', 'list', '--since', 'yesterday']);
    expect(bad.code).toBe(EXIT.refused);
    expect(bad.stderr).toMatch(/400 invalid_request[\s\S]*since/);
  });
});

describe('runid-issuer credentials (API)', () => {
  it('create (role, expiry), list, show and revoke; an auditor exits 5 on a change', async () => {
    const created = await cli([
      'credentials',
      'create',
      '--name',
      'cli-auditor',
      '--role',
      'auditor',
      '--expires-in',
      '30d',
    ]);
    expect(created.code, created.stderr).toBe(EXIT.ok);
    expect(created.stdout).toMatch(/^role: +auditor$/m);
    expect(created.stdout).toMatch(/^expires: +20\d\d-/m);
    const key = /Key \(shown once, store it now\): (rid_admin_\S+)/.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const id = /^id: +(adm_\S+)$/m.exec(created.stdout)?.[1] as string;

    const listed = await cli(['credentials', 'list']);
    expect(listed.code).toBe(EXIT.ok);
    const [header, ...rows] = table(listed.stdout);
    expect(header).toEqual(['ID', 'NAME', 'ROLE', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED']);
    expect(rows.map((r) => r[1]).sort()).toEqual(['bootstrap', 'cli-auditor']);
    expect(listed.stdout).not.toContain(key);
    const json = await cli(['credentials', 'list', '--json']);
    expect(json.json).toEqual(await api('/api/v1/admin/credentials'));
    const shown = await cli(['credentials', 'show', id, '--json']);
    expect(shown.json).toEqual(await api(`/api/v1/admin/credentials/${id}`));

    const asAuditor = { RUNID_ADMIN_KEY_FILE: '', RUNID_ADMIN_KEY: key as string };
    expect((await cli(['clients', 'list'], asAuditor)).code).toBe(EXIT.ok);
    const refused = await cli(['clients', 'create', '--name', 'x', '--grants', GRANTS], asAuditor);
    expect(refused.code).toBe(EXIT.auth);
    expect(refused.stderr).toMatch(/403 forbidden[\s\S]*needs the admin role/);

    const clash = await cli(['credentials', 'create', '--name', 'cli-auditor', '--role', 'admin']);
    expect(clash.code).toBe(EXIT.conflict);
    const badRole = await cli(['credentials', 'create', '--name', 'x', '--role', 'root']);
    expect(badRole.code).toBe(EXIT.usage);
    expect(badRole.stderr).toMatch(/--role must be admin or auditor/);
    expect((await cli(['credentials', 'show', 'adm_nope'])).code).toBe(EXIT.resourceNotFound);

    const revoked = await cli(['credentials', 'revoke', id]);
    expect(revoked.code).toBe(EXIT.ok);
    expect(revoked.stdout).toMatch(/^state: +revoked$/m);
    expect((await cli(['clients', 'list'], asAuditor)).code).toBe(EXIT.auth);
  });

  it('refuses to revoke the last admin credential: exit 7 with what to do', async () => {
    const list = await api('/api/v1/admin/credentials');
    const bootstrap = list.items.find((c: { name: string }) => c.name === 'bootstrap');
    const last = await cli(['credentials', 'revoke', bootstrap.id]);
    expect(last.code).toBe(EXIT.conflict);
    expect(last.stderr).toMatch(
      /409 last_admin_credential[\s\S]*hint: nothing changed; create another admin credential/,
    );
  });
});

describe('runid-issuer audit events and export (API)', () => {
  let clientId: string;

  beforeAll(async () => {
    const admin = createClient({ baseUrl: served.url, apiKey: adminKey });
    const created = await admin.createApiClient({
      name: 'exported',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    });
    clientId = created.id;
    const client = createClient({ baseUrl: served.url, apiKey: created.key, retry: false });
    await client.mintToken(DEPLOYMENT);
    await client.mintToken({ ...DEPLOYMENT, org: 'globex' }).catch(() => undefined);
  }, 60_000);

  it('events: filtered by --type (repeatable) and --actor, a table or the API JSON', async () => {
    let listed = await cli(['audit', 'events', '--type', 'token.refused', '--actor', clientId]);
    // The refusal is recorded best effort: it may take a group commit to appear.
    for (let i = 0; i < 20 && !listed.stdout.includes('grant_denied'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = await cli(['audit', 'events', '--type', 'token.refused', '--actor', clientId]);
    }
    expect(listed.code).toBe(EXIT.ok);
    const [header, ...rows] = table(listed.stdout);
    expect(header).toEqual(['AT', 'TYPE', 'ACTOR', 'TARGET', 'OUTCOME', 'SOURCE', 'REQUEST']);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(1, 3)).toEqual(['token.refused', 'client:exported']);
    expect(rows[0]?.[4]).toBe('refused (grant_denied)');
    const both = await cli([
      'audit',
      'events',
      '--type',
      'token.minted',
      '--type',
      'client.created',
      '--json',
    ]);
    expect(both.json).toEqual(
      await api('/api/v1/admin/audit/events?type=token.minted%2Cclient.created'),
    );
    expect(new Set(both.json.items.map((e: { type: string }) => e.type))).toEqual(
      new Set(['token.minted', 'client.created']),
    );
    const bad = await cli(['audit', 'events', '--type', 'token.stolen']);
    expect(bad.code).toBe(EXIT.refused);
    expect(bad.stderr).toMatch(/400 invalid_request[\s\S]*type/);
  });

  it('export writes NDJSON, oldest first, ending with the end line', async () => {
    // Raw: the NDJSON is many JSON documents, not one.
    const ndjson = (args: string[]) => runCli(['audit', 'export', ...args], env, 60_000);
    const exported = await ndjson([]);
    expect(exported.code).toBe(EXIT.ok);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toEqual({ recordType: 'end', count: lines.length - 1 });
    expect(exported.stderr).toBe(`Exported ${lines.length - 1} audit records.\n`);
    const times = lines
      .slice(0, -1)
      .map((l) => Date.parse(l.recordType === 'token' ? l.record.iat : l.event.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(lines.some((l) => l.recordType === 'token')).toBe(true);
    const events = await ndjson(['--kinds', 'events']);
    expect(events.stdout).not.toContain('"recordType":"token"');
    const usage = await ndjson(['--kinds', 'all']);
    expect(usage.code).toBe(EXIT.usage);
  });
});

describe('commands that open the store directly', () => {
  it.each([
    { command: 'migrate' },
    { command: 'keys rekey' },
    { command: 'keys export --issuer v1' },
    { command: 'deployment show' },
  ])(
    '$command with no data directory and no store here refuses, names where it looked, creates nothing',
    async ({ command }) => {
      const args = command.split(' ');
      const cwd = mkdtempSync(join(dir, 'elsewhere-'));
      const result = await cli(args, { RUNID_KEK: randomBytes(32).toString('base64') }, cwd);
      expect(result.code).toBe(EXIT.network);
      expect(result.stderr).toContain(`${join(cwd, '.runid')} (where \`serve\` keeps`);
      expect(result.stderr).toMatch(/set RUNID_DATA_DIR/);
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(join(cwd, '.runid'))).toBe(false);
    },
  );
});
