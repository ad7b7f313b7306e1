import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { startIssuer } from '../../src/index.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import { DEPLOYMENT, startTestIssuer, type TestIssuer } from '../support/issuer.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runid-life-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function kids(issuer: TestIssuer): Promise<string[]> {
  const v1 = (await issuer.call('GET', '/oidc/.well-known/jwks')).json.keys;
  const v2 = (await issuer.call('GET', '/oidc/v2/.well-known/jwks')).json.keys;
  return [...v1, ...v2].map((k: { kid: string }) => k.kid).sort();
}

async function clientKey(issuer: TestIssuer): Promise<string> {
  const created = await issuer.call('POST', '/api/v1/admin/clients', {
    key: issuer.adminKey,
    body: {
      name: `c-${randomBytes(4).toString('hex')}`,
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    },
  });
  return created.json.key;
}

describe('issuer lifecycle on the embedded store', () => {
  it('keeps its keys across restarts (same kids), and refuses a wrong KEK without creating keys', async () => {
    const dataDir = tempDir();
    const first = await startTestIssuer({ dataDir });
    const before = await kids(first);
    expect(before).toHaveLength(4);
    const key = await clientKey(first);
    const token = (await first.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT })).json
      .token;
    await first.close();

    const wrong = startIssuer({
      env: { RUNID_DATA_DIR: dataDir, RUNID_KEK: randomBytes(32).toString('base64') },
      port: 0,
    });
    await expect(wrong).rejects.toMatchObject({
      code: 'kek_mismatch',
      message: expect.stringMatching(/RUNID_KEK/),
    });

    const second = await startTestIssuer({ dataDir });
    expect(await kids(second)).toEqual(before);
    expect(second.adminKey).toBe('');
    const keys = (await second.call('GET', '/api/v1/admin/keys', { key: first.adminKey })).json
      .items;
    expect(keys).toHaveLength(4);
    // The old client key still works and new tokens are signed by the same current key.
    const again = await second.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT });
    expect(again.status).toBe(201);
    expect(decodeProtectedHeader(again.json.token).kid).toBe(decodeProtectedHeader(token).kid);
    await second.close();
  });

  it('generates a KEK into the data dir (0600) when none is configured, and reuses it', async () => {
    const dataDir = tempDir();
    const logs: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
    const first = await startIssuer({ env: { RUNID_DATA_DIR: dataDir }, port: 0, logger });
    const kekPath = join(dataDir, 'kek');
    expect(statSync(kekPath).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(kekPath, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(logs.join('')).toMatch(/GENERATED A KEY-ENCRYPTION KEY/);
    expect(logs.join('')).not.toContain(readFileSync(kekPath, 'utf8').trim());
    const jwks = await (await fetch(`${first.url}/oidc/.well-known/jwks`)).text();
    await first.close();
    const second = await startIssuer({ env: { RUNID_DATA_DIR: dataDir }, port: 0, logger });
    expect(await (await fetch(`${second.url}/oidc/.well-known/jwks`)).text()).toBe(jwks);
    await second.close();
  });

  it('refuses a second process on the same embedded store', async () => {
    const dataDir = tempDir();
    const first = await startTestIssuer({ dataDir });
    await expect(startTestIssuer({ dataDir })).rejects.toMatchObject({ code: 'store_failed' });
    await first.close();
  });

  it('takes the bootstrap admin key from the environment', async () => {
    const adminKey = `rid_admin_${randomBytes(32).toString('base64url')}`;
    const issuer = await startTestIssuer({
      dataDir: tempDir(),
      env: { RUNID_BOOTSTRAP_ADMIN_KEY: adminKey },
    });
    expect(issuer.adminKey).toBe(adminKey);
    expect((await issuer.call('GET', '/api/v1/admin/keys', { key: adminKey })).status).toBe(200);
    expect(issuer.logs.text()).not.toContain(adminKey);
    await issuer.close();
  });

  it('signs with ES256 when configured', async () => {
    const issuer = await startTestIssuer({
      dataDir: tempDir(),
      env: { RUNID_SIGNING_ALG: 'ES256' },
    });
    const jwks = (await issuer.call('GET', '/oidc/.well-known/jwks')).json.keys;
    expect(
      jwks.every(
        (k: { kty: string; crv: string; alg: string }) =>
          k.kty === 'EC' && k.crv === 'P-256' && k.alg === 'ES256',
      ),
    ).toBe(true);
    for (const key of jwks)
      for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(m);
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: await clientKey(issuer),
      body: DEPLOYMENT,
    });
    const header = decodeProtectedHeader(minted.json.token);
    expect(header.alg).toBe('ES256');
    const jwk = jwks.find((k: { kid: string }) => k.kid === header.kid);
    await jwtVerify(minted.json.token, await importJWK(jwk, 'ES256'), {
      currentDate: new Date(issuer.clock()),
    });
    const discovery = (await issuer.call('GET', '/oidc/.well-known/openid-configuration')).json;
    expect(discovery.id_token_signing_alg_values_supported).toEqual(['ES256']);
    await issuer.close();
  });
});

describe('failing closed', () => {
  let issuer: TestIssuer;
  afterAll(async () => issuer?.close());

  it('answers 503 store_unavailable with Retry-After and returns no token when the audit write fails', async () => {
    issuer = await startTestIssuer({ dataDir: tempDir() });
    const key = await clientKey(issuer);
    const db = (issuer.services.store as SqliteStore).database;
    const before = await issuer.services.store.countAudit();
    db.exec('alter table audit_tokens rename to audit_tokens_away');
    const refused = await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT });
    db.exec('alter table audit_tokens_away rename to audit_tokens');
    expect(refused.status).toBe(503);
    expect(refused.json.code).toBe('store_unavailable');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.text).not.toMatch(/eyJ/);
    expect(await issuer.services.store.countAudit()).toBe(before);
    const metrics = (await issuer.call('GET', '/metrics')).text;
    expect(metrics).toMatch(/runid_tokens_minted_total\{kind="deployment",outcome="failed"\} 1/);
    expect(metrics).toMatch(/runid_store_errors_total [1-9]/);
  });

  it("refuses to mint a token that would outlive its key's planned publication", async () => {
    const key = await clientKey(issuer);
    const db = (issuer.services.store as SqliteStore).database;
    const until = new Date(issuer.clock() + 30 * 60_000);
    db.prepare(
      "update signing_keys set publish_until = ? where state = 'current' and issuer = 'v1'",
    ).run(until.getTime());
    await issuer.services.keyRing.refresh();
    const before = await issuer.services.store.countAudit();
    const long = await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT });
    expect(long.status).toBe(503);
    expect(long.json.code).toBe('no_signing_key');
    expect(long.headers.get('retry-after')).toBeTruthy();
    const short = await issuer.call('POST', '/api/v1/tokens', {
      key,
      body: { ...DEPLOYMENT, duration: '10m' },
    });
    expect(short.status).toBe(201);
    // Relying parties accept a token up to the clock skew after exp, from a JWKS up to max-age old.
    expect(short.json.claims.exp * 1000).toBeLessThanOrEqual(until.getTime() - 15 * 60_000);
    const middle = await issuer.call('POST', '/api/v1/tokens', {
      key,
      body: { ...DEPLOYMENT, duration: '20m' },
    });
    expect(middle.status).toBe(503);
    expect(await issuer.services.store.countAudit()).toBe(before + 1);
    db.prepare('update signing_keys set publish_until = null').run();
    await issuer.services.keyRing.refresh();
  });

  it('answers 503 on every store-backed endpoint once the store is gone, and /readyz says so', async () => {
    const key = await clientKey(issuer);
    await issuer.services.store.close();
    const mint = await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT });
    expect(mint.status).toBe(503);
    expect(mint.json.code).toBe('store_unavailable');
    expect(mint.headers.get('retry-after')).toBe('5');
    const list = await issuer.call('GET', '/api/v1/admin/clients', { key: issuer.adminKey });
    expect(list.status).toBe(503);
    const ready = await issuer.call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBeTruthy();
    expect(ready.json).toMatchObject({ status: 'not_ready', checks: { store: { ok: false } } });
    // Discovery and JWKS are served from memory: relying parties keep verifying.
    expect((await issuer.call('GET', '/oidc/.well-known/jwks')).status).toBe(200);
    expect((await issuer.call('GET', '/healthz')).status).toBe(200);
  });
});
