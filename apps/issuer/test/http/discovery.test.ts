import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerOn, type TestIssuer } from '../support/issuer.js';

const DOCUMENTS = [
  { path: '/oidc/.well-known/openid-configuration', issuer: 'v1' },
  { path: '/oidc/.well-known/jwks', issuer: 'v1' },
  { path: '/oidc/v2/.well-known/openid-configuration', issuer: 'v2' },
  { path: '/oidc/v2/.well-known/jwks', issuer: 'v2' },
] as const;

describe('discovery, JWKS and operations', () => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn('sqlite', undefined, {
      env: { RUNID_ISSUER_URL: 'https://id.example.com', RUNID_JWKS_MAX_AGE: '420' },
    }));
  }, 120_000);
  afterAll(async () => cleanup?.());

  it('serves the discovery documents with configured constants', async () => {
    const v1 = await issuer.call('GET', '/oidc/.well-known/openid-configuration');
    expect(v1.json).toEqual({
      issuer: 'https://id.example.com/oidc',
      jwks_uri: 'https://id.example.com/oidc/.well-known/jwks',
      introspection_endpoint: 'https://id.example.com/oidc/introspect',
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: expect.arrayContaining([
        'iss',
        'sub',
        'aud',
        'iat',
        'nbf',
        'exp',
        'jti',
        'stackId',
        'trigger_user',
      ]),
    });
    const v2 = await issuer.call('GET', '/oidc/v2/.well-known/openid-configuration');
    expect(v2.json.issuer).toBe('https://id.example.com/oidc/v2');
    expect(v2.json.jwks_uri).toBe('https://id.example.com/oidc/v2/.well-known/jwks');
    expect(v2.json.introspection_endpoint).toBe('https://id.example.com/oidc/v2/introspect');
    expect(v2.json.claims_supported).toContain('https://pulumi.com/org_id');
    // A run's tokens carry run_id, on either issuer (never under the claim namespace).
    expect(v1.json.claims_supported).toContain('run_id');
    expect(v2.json.claims_supported).toContain('run_id');
    expect(v2.json.claims_supported).not.toContain('https://pulumi.com/run_id');
  });

  it('publishes a next key beside the current one, public members only, separate per issuer', async () => {
    const v1 = (await issuer.call('GET', '/oidc/.well-known/jwks')).json;
    const v2 = (await issuer.call('GET', '/oidc/v2/.well-known/jwks')).json;
    expect(v1.keys).toHaveLength(2);
    expect(v2.keys).toHaveLength(2);
    for (const key of [...v1.keys, ...v2.keys]) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    }
    const v1Kids = v1.keys.map((k: { kid: string }) => k.kid);
    for (const key of v2.keys) expect(v1Kids).not.toContain(key.kid);
    const listed = (await issuer.call('GET', '/api/v1/admin/keys', { key: issuer.adminKey })).json
      .items;
    expect(
      listed.map((k: { state: string; issuer: string }) => `${k.issuer}:${k.state}`).sort(),
    ).toEqual(['v1:current', 'v1:next', 'v2:current', 'v2:next']);
  });

  it.each(DOCUMENTS)(
    '$path: same bytes and ETag whatever the Host or X-Forwarded-* headers say',
    async ({ path }) => {
      const plain = await issuer.call('GET', path);
      const spoofed = await issuer.call('GET', path, {
        headers: {
          Host: 'evil.example',
          'X-Forwarded-Host': 'evil.example',
          'X-Forwarded-Proto': 'http',
          'X-Forwarded-Prefix': '/evil',
          Forwarded: 'host=evil.example;proto=http',
          Accept: 'text/html',
          'Accept-Encoding': 'gzip',
        },
      });
      expect(spoofed.status).toBe(200);
      expect(spoofed.text).toBe(plain.text);
      expect(spoofed.headers.get('etag')).toBe(plain.headers.get('etag'));
      expect(plain.text).not.toContain('evil');
      expect(plain.headers.get('cache-control')).toBe('public, max-age=420');
      expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
      expect(plain.headers.get('etag')).toMatch(/^"[\w-]{43}"$/);
    },
  );

  it.each(DOCUMENTS)(
    '$path: 304 for a matching If-None-Match (exact, weak, in a list, *)',
    async ({ path }) => {
      const etag = (await issuer.call('GET', path)).headers.get('etag') as string;
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await issuer.call('GET', path, { headers: { 'If-None-Match': header } });
        expect(again.status, header).toBe(304);
        expect(again.text).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cache-control')).toBe('public, max-age=420');
      }
      const miss = await issuer.call('GET', path, { headers: { 'If-None-Match': '"stale"' } });
      expect(miss.status).toBe(200);
    },
  );

  it.each(DOCUMENTS)('$path: HEAD answers the headers without a body', async ({ path }) => {
    const get = await issuer.call('GET', path);
    const head = await issuer.call('HEAD', path);
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(get.text)));
  });

  it.each(DOCUMENTS)('$path: other methods are 405 with Allow', async ({ path }) => {
    const post = await issuer.call('POST', path, { body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(post.json.code).toBe('method_not_allowed');
  });

  it.each([
    ['GET', '/nope'],
    ['GET', '/oidc/.well-known/jwks/extra'],
    ['GET', '/OIDC/.well-known/jwks'],
    ['POST', '/api/v1/token'],
    ['GET', '/api/v1/admin/clients/a/b'],
  ])('%s %s is a 404 problem document', async (method, path) => {
    const answer = await issuer.call(method, path);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.json).toMatchObject({
      code: 'not_found',
      status: 404,
      instance: expect.any(String),
    });
  });

  it('a malformed percent-encoding in a path parameter is 400 naming it (after authentication)', async () => {
    const path = '/api/v1/admin/clients/%E0%A4%A';
    expect((await issuer.call('GET', path)).status).toBe(401);
    const answer = await issuer.call('GET', path, { key: issuer.adminKey });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'invalid_request', errors: [{ path: 'clientId' }] });
  });

  it('405 lists every method of a path', async () => {
    const del = await issuer.call('DELETE', '/api/v1/admin/clients', { key: issuer.adminKey });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('answers /healthz and /readyz', async () => {
    const health = await issuer.call('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    const ready = await issuer.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      status: 'ready',
      checks: { store: { ok: true }, keys: { ok: true } },
    });
  });

  it('exposes the Prometheus metrics', async () => {
    await issuer.call('GET', '/healthz');
    const metrics = await issuer.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('runid_http_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(
      /runid_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(metrics.text).toMatch(/runid_signing_key_age_seconds\{issuer="v1"\} [\d.]+/);
    expect(metrics.text).toMatch(/runid_signing_key_age_seconds\{issuer="v2"\} [\d.]+/);
    expect(metrics.text).toContain('runid_store_errors_total 0');
    expect(metrics.text).toContain('# TYPE runid_tokens_minted_total counter');
  });

  it('accepts a safe X-Request-Id and replaces an unsafe one', async () => {
    const safe = await issuer.call('GET', '/nope', {
      headers: { 'X-Request-Id': 'trace-123.abc' },
    });
    expect(safe.headers.get('x-request-id')).toBe('trace-123.abc');
    expect(safe.json.requestId).toBe('trace-123.abc');
    const unsafe = await issuer.call('GET', '/nope', {
      headers: { 'X-Request-Id': 'x"}{"level":60' },
    });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(issuer.logs.text()).not.toContain('"level":60');
  });
});
