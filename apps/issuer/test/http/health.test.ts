import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { READINESS_CHECK_MS } from '../../src/observability/health.js';
import { DEPLOYMENT, startTestIssuer, type TestIssuer } from '../support/issuer.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const pgUrl = postgresUrlOrSkip();

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
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

/** The three probes, answered while the store is down; none may hang. */
async function probesWhileDown(issuer: TestIssuer, key: string) {
  const [ready, discovery, live, jwks, mint] = await Promise.all([
    timed(() => issuer.call('GET', '/readyz')),
    timed(() => issuer.call('GET', '/readyz/discovery')),
    timed(() => issuer.call('GET', '/livez')),
    timed(() => issuer.call('GET', '/oidc/v2/.well-known/jwks')),
    timed(() => issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT })),
  ]);
  // Readiness to mint: false, within its bound (never the store's own 7 s of timeouts).
  expect(ready.value.status).toBe(503);
  expect(ready.value.headers.get('retry-after')).toBe('5');
  expect(ready.value.json.checks.store.ok).toBe(false);
  expect(ready.ms).toBeLessThan(READINESS_CHECK_MS + 500);
  // Discovery and JWKS answer from memory: ready.
  expect(discovery.value.status).toBe(200);
  expect(discovery.value.json).toMatchObject({ status: 'ready', checks: { keys: { ok: true } } });
  // Never waits for the store: answered before the readiness check's bound could have run out
  // (a fixed 200 ms failed at load 20 on 2 cores; the property is "does not wait", not a speed).
  expect(discovery.ms).toBeLessThan(READINESS_CHECK_MS);
  expect(jwks.value.status).toBe(200);
  expect(live.value.status).toBe(200);
  // Minting fails closed.
  expect(mint.value.status).toBe(503);
  return { readyMs: ready.ms, discoveryMs: discovery.ms };
}

describe('health on the embedded store', () => {
  let issuer: TestIssuer;
  afterAll(async () => {
    await issuer?.close();
    if (issuer) rmSync(issuer.dataDir, { recursive: true, force: true });
  });

  it('tells liveness, readiness to mint and readiness to serve discovery apart while the store is held', async () => {
    issuer = await startTestIssuer();
    const key = await clientKey(issuer);
    expect((await issuer.call('GET', '/livez')).json).toEqual({ status: 'ok' });
    expect((await issuer.call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await issuer.call('GET', '/readyz')).json).toEqual({
      status: 'ready',
      checks: { store: { ok: true }, keys: { ok: true } },
    });
    expect((await issuer.call('GET', '/readyz/discovery')).json).toEqual({
      status: 'ready',
      checks: { keys: { ok: true } },
      keyViewAgeSeconds: 0,
    });

    // A key transaction that never ends: every store operation of this process waits behind it.
    let release: () => void = () => undefined;
    const held = issuer.services.store.withKeyLock(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    try {
      // Concurrent probes share one bounded check.
      await probesWhileDown(issuer, key);

      // A view older than RUNID_PUBLISH_LEAD − RUNID_JWKS_MAX_AGE (24 h − 10 min by default) may
      // lack a key published since: discovery readiness turns false, naming the age.
      issuer.clock.advance(24 * 3_600_000);
      const stale = await issuer.call('GET', '/readyz/discovery');
      expect(stale.status).toBe(503);
      expect(stale.json.keyViewAgeSeconds).toBe(24 * 3600);
      expect(stale.json.checks.keys.detail).toContain('was last read 86400 s ago');
    } finally {
      release();
      await held;
    }
    // The store is back: the next readiness check re-reads the keys, both turn ready.
    expect((await issuer.call('GET', '/readyz')).status).toBe(200);
    expect((await issuer.call('GET', '/readyz/discovery')).json).toMatchObject({
      status: 'ready',
      keyViewAgeSeconds: 0,
    });
  });
});

describe.skipIf(pgUrl === undefined)('health on PostgreSQL (cut by a TCP proxy)', () => {
  let issuer: TestIssuer | undefined;
  let proxy: TcpProxy | undefined;
  let database: TempDatabase | undefined;
  afterAll(async () => {
    proxy?.unblock();
    await issuer?.close();
    await proxy?.close();
    await database?.drop();
    if (issuer) rmSync(issuer.dataDir, { recursive: true, force: true });
  });

  it('readiness to mint is false within its bound, discovery stays ready, and both recover', async () => {
    database = await createTempDatabase(pgUrl as string);
    const target = new URL(database.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    issuer = await startTestIssuer({ databaseUrl: viaProxy.toString() });
    const key = await clientKey(issuer);
    expect((await issuer.call('GET', '/readyz')).status).toBe(200);

    proxy.block();
    const first = await probesWhileDown(issuer, key);
    const again = await probesWhileDown(issuer, key);
    expect(Math.max(first.readyMs, again.readyMs)).toBeLessThan(READINESS_CHECK_MS + 500);

    proxy.unblock();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await issuer.call('GET', '/readyz')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect((await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT })).status).toBe(
      201,
    );
  });
});
