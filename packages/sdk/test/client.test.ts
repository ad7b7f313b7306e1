import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  OPERATION_METHODS,
  RunIdApiError,
  RunIdArgumentError,
  SDK_VERSION,
} from '../src/index.js';
import { problem, send, startServer, type TestServer } from './helpers/http-server.js';
import { deploymentRequest, mintedToken } from './helpers/tokens.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const discovery = {
  issuer: 'https://id.example.com/oidc',
  jwks_uri: 'https://id.example.com/oidc/.well-known/jwks',
  response_types_supported: ['id_token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  claims_supported: ['sub', 'aud'],
};

describe('createClient: one typed method per operation', () => {
  it('maps every operation of the contract to a method that exists', () => {
    const client = createClient({ baseUrl: 'http://127.0.0.1:9' });
    for (const method of Object.values(OPERATION_METHODS)) {
      expect(typeof client[method]).toBe('function');
    }
  });

  it('sends each operation to its path and method, with the key and a User-Agent', async () => {
    const minted = mintedToken({ iat: 1_700_000_000, lifetimeSeconds: 3600 });
    const clientBody = {
      id: 'c1',
      name: 'ci',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      disabled: false,
      createdAt: '2024-01-01T00:00:00Z',
    };
    const credentialBody = {
      id: 'adm1',
      name: 'ops',
      role: 'auditor',
      state: 'active',
      createdAt: '2024-01-01T00:00:00Z',
    };
    server = await startServer((req, res) => {
      const routes: Record<string, () => void> = {
        'POST /api/v1/tokens': () => send(res, 201, minted),
        'POST /api/v1/tokens/preview': () =>
          send(res, 200, { claims: { iss: 'i', sub: 's', aud: 'a' } }),
        'POST /api/v1/admin/clients': () => send(res, 201, { ...clientBody, key: 'secret' }),
        'GET /api/v1/admin/clients': () => send(res, 200, { items: [clientBody] }),
        'GET /api/v1/admin/clients/c%201': () => send(res, 200, clientBody),
        'POST /api/v1/admin/clients/c1/disable': () =>
          send(res, 200, { ...clientBody, disabled: true }),
        'GET /api/v1/admin/keys': () => send(res, 200, { items: [] }),
        'POST /api/v1/admin/credentials': () =>
          send(res, 201, { ...credentialBody, key: 'rid_admin_x' }),
        'GET /api/v1/admin/credentials': () => send(res, 200, { items: [credentialBody] }),
        'GET /api/v1/admin/credentials/adm%201': () => send(res, 200, credentialBody),
        'POST /api/v1/admin/credentials/adm1/revoke': () =>
          send(res, 200, { ...credentialBody, state: 'revoked' }),
        'GET /api/v1/admin/audit?kind=oidc&limit=2': () =>
          send(res, 200, { items: [], nextCursor: null }),
        'GET /oidc/.well-known/openid-configuration': () => send(res, 200, discovery),
        'GET /oidc/v2/.well-known/openid-configuration': () =>
          send(res, 200, { ...discovery, issuer: 'v2' }),
        'GET /oidc/.well-known/jwks': () => send(res, 200, { keys: [] }),
        'GET /oidc/v2/.well-known/jwks': () => send(res, 200, { keys: [{ kid: 'v2' }] }),
        'GET /healthz': () => send(res, 200, { status: 'ok' }),
        'GET /readyz': () =>
          send(res, 200, { status: 'ready', checks: { store: { ok: true }, keys: { ok: true } } }),
        'GET /metrics': () => send(res, 200, 'runid_tokens_total 3\n'),
      };
      const route = routes[`${req.method} ${req.path}`];
      if (route) route();
      else problem(res, 404, 'not_found', `no route ${req.method} ${req.path}`);
    });
    const client = createClient({ baseUrl: server.url, apiKey: 'key-123', userAgent: 'tests/1' });

    expect(await client.mintToken(deploymentRequest)).toEqual(minted);
    expect((await client.previewToken(deploymentRequest)).claims.sub).toBe('s');
    expect(
      (await client.createApiClient({ name: 'ci', grants: clientBody.grants as never })).key,
    ).toBe('secret');
    expect((await client.listClients()).items).toHaveLength(1);
    expect((await client.getClient('c 1')).id).toBe('c1');
    expect((await client.disableClient('c1')).disabled).toBe(true);
    expect(await client.listKeys()).toEqual({ items: [] });
    expect((await client.createAdminCredential({ name: 'ops', role: 'auditor' })).key).toBe(
      'rid_admin_x',
    );
    expect((await client.listAdminCredentials()).items).toHaveLength(1);
    expect((await client.getAdminCredential('adm 1')).id).toBe('adm1');
    expect((await client.revokeAdminCredential('adm1')).state).toBe('revoked');
    expect(await client.listAudit({ kind: 'oidc', limit: 2 })).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(await client.getDiscovery()).toEqual(discovery);
    expect((await client.getDiscovery('v2')).issuer).toBe('v2');
    expect(await client.getJwks('v1')).toEqual({ keys: [] });
    expect((await client.getJwks('v2')).keys[0]?.kid).toBe('v2');
    expect(await client.health()).toEqual({ status: 'ok' });
    expect((await client.readiness()).status).toBe('ready');
    expect(await client.metrics()).toBe('runid_tokens_total 3\n');

    expect(server.requests).toHaveLength(19);
    for (const req of server.requests) {
      expect(req.headers.authorization).toBe('Bearer key-123');
      expect(req.headers['user-agent']).toBe(
        `runid-sdk/${SDK_VERSION} node/${process.versions.node} tests/1`,
      );
    }
    const mint = server.requests[0];
    expect(mint?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(mint?.body ?? '')).toEqual(deploymentRequest);
  });

  it('signs in, reads and ends a console session', async () => {
    const session = {
      admin: 'bootstrap',
      createdAt: '2026-01-01T00:00:00.000Z',
      idleExpiresAt: '2026-01-01T00:30:00.000Z',
      expiresAt: '2026-01-01T12:00:00.000Z',
      idleTimeoutSeconds: 1800,
      absoluteTimeoutSeconds: 43200,
    };
    server = await startServer((req, res) => {
      if (req.method === 'POST' && req.path === '/api/v1/admin/session') send(res, 201, session);
      else if (req.method === 'GET' && req.path === '/api/v1/admin/session')
        send(res, 200, session);
      else if (req.method === 'DELETE' && req.path === '/api/v1/admin/session')
        send(res, 200, { ended: true });
      else problem(res, 404, 'not_found', 'no route');
    });
    const client = createClient({ baseUrl: server.url, apiKey: 'rid_admin_x' });
    expect(await client.createSession()).toEqual(session);
    expect(await client.getSession()).toEqual(session);
    expect(await client.deleteSession()).toEqual({ ended: true });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'DELETE']);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer rid_admin_x');
  });

  it('simulates trust: token and session durations in seconds are sent as the contract spells them', async () => {
    const answer = {
      claims: { iss: 'i', sub: 's', aud: 'acme' },
      verdict: {
        accepted: false,
        relyingParty: 'vault',
        stage: 'policy',
        code: '400',
        message: 'error validating token: invalid subject (sub) claim',
        failed: { path: '/bound_subject', expected: 'x', actual: 's' },
        hint: 'h',
      },
      findings: [],
    };
    server = await startServer((req, res) => {
      if (req.method === 'POST' && req.path === '/api/v1/trust/simulate') send(res, 200, answer);
      else problem(res, 404, 'not_found', 'no route');
    });
    const client = createClient({ baseUrl: server.url, apiKey: 'rid_client_x' });
    const relyingParty = { vault: { data: { role_type: 'jwt', bound_subject: 'x' } } };
    // A refusal is an answer, not an error.
    expect(
      await client.simulateTrust({
        token: { ...deploymentRequest, duration: 900 },
        duration: 7200,
        at: '2026-01-01T00:00:00Z',
        relyingParty,
      }),
    ).toEqual(answer);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      token: { ...deploymentRequest, duration: '15m' },
      duration: '2h',
      at: '2026-01-01T00:00:00Z',
      relyingParty,
    });
    await expect(
      client.simulateTrust({ token: { ...deploymentRequest, duration: -1 }, relyingParty }),
    ).rejects.toMatchObject({ code: 'invalid_argument', argument: 'token.duration' });
    await expect(
      client.simulateTrust({ token: deploymentRequest, duration: 'soon', relyingParty }),
    ).rejects.toMatchObject({ code: 'invalid_argument', argument: 'duration' });
    expect(server.requests).toHaveLength(1);
  });

  it('introspects at the chosen issuer with a form body (RFC 7662)', async () => {
    server = await startServer((req, res) => {
      if (
        req.method === 'POST' &&
        (req.path === '/oidc/introspect' || req.path === '/oidc/v2/introspect')
      ) {
        send(res, 200, { active: false });
      } else problem(res, 404, 'not_found', 'no route');
    });
    const client = createClient({ baseUrl: server.url, apiKey: 'key-123', retry: false });
    expect(await client.introspectToken('a.b+c/d=')).toEqual({ active: false });
    expect(await client.introspectToken('tok', { issuer: 'v2' })).toEqual({ active: false });
    const [v1, v2] = server.requests;
    expect([v1?.path, v2?.path]).toEqual(['/oidc/introspect', '/oidc/v2/introspect']);
    expect(v1?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(v1?.headers.authorization).toBe('Bearer key-123');
    expect(new URLSearchParams(v1?.body).get('token')).toBe('a.b+c/d=');
  });

  it('keeps a path prefix of the base URL and drops a trailing slash', async () => {
    server = await startServer((_req, res) => send(res, 200, { status: 'ok' }));
    await createClient({ baseUrl: `${server.url}/issuer/` }).health();
    expect(server.requests[0]?.path).toBe('/issuer/healthz');
  });

  it('refuses a base URL that is not absolute http(s), or a key with a newline', () => {
    for (const baseUrl of ['id.example.com', 'ftp://x', 'https://x/?a=1', 'https://u:p@x']) {
      expect(() => createClient({ baseUrl })).toThrow(RunIdArgumentError);
    }
    expect(() => createClient({ baseUrl: 'https://x', apiKey: 'a\nb' })).toThrow(/apiKey/);
    expect(() => createClient({ baseUrl: 'https://x', apiKey: ' ' })).toThrow(/apiKey/);
  });
});

describe('conditional discovery and JWKS', () => {
  it('answers notModified on 304 and the document with its ETag otherwise', async () => {
    server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"abc"') {
        res.writeHead(304, { etag: '"abc"', 'cache-control': 'public, max-age=300' });
        res.end();
      } else
        send(res, 200, { keys: [] }, { etag: '"abc"', 'cache-control': 'public, max-age=300' });
    });
    const client = createClient({ baseUrl: server.url });
    const fresh = await client.getJwks('v1', { ifNoneMatch: '"old"' });
    expect(fresh).toEqual({
      notModified: false,
      body: { keys: [] },
      etag: '"abc"',
      cacheControl: 'public, max-age=300',
    });
    const same = await client.getJwks('v1', { ifNoneMatch: '"abc"' });
    expect(same).toEqual({ notModified: true, etag: '"abc"', cacheControl: 'public, max-age=300' });
    const discovery304 = await client.getDiscovery('v2', { ifNoneMatch: '"abc"' });
    expect(discovery304.notModified).toBe(true);
    expect(server.requests[2]?.path).toBe('/oidc/v2/.well-known/openid-configuration');
  });

  it('treats an unsolicited 304 as an error', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    await expect(createClient({ baseUrl: server.url }).getJwks()).rejects.toMatchObject({
      code: 'http_error',
      status: 304,
    });
  });
});

describe('typed errors', () => {
  it('carries status, code, detail, field errors and request id of a problem document', async () => {
    server = await startServer((_req, res) =>
      problem(res, 400, 'invalid_claims', 'the request has invalid claims', {
        requestId: 'req-7',
        errors: [{ path: 'stack', code: 'invalid_characters', message: 'must not contain ":"' }],
      }),
    );
    const error = await createClient({ baseUrl: server.url, apiKey: 'k' })
      .mintToken({ ...deploymentRequest, stack: 'a:b' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdApiError);
    expect(error).toMatchObject({
      name: 'RunIdApiError',
      status: 400,
      code: 'invalid_claims',
      detail: 'the request has invalid claims',
      requestId: 'req-7',
      errors: [{ path: 'stack', code: 'invalid_characters', message: 'must not contain ":"' }],
    });
    expect((error as Error).message).toContain('stack: must not contain ":"');
    expect(server.requests).toHaveLength(1);
  });

  it('takes the request id from X-Request-Id when the body has none', async () => {
    server = await startServer((_req, res) =>
      problem(
        res,
        401,
        'unauthorized',
        'no key',
        {},
        { 'x-request-id': 'hdr-1', 'www-authenticate': 'Bearer' },
      ),
    );
    await expect(createClient({ baseUrl: server.url }).listKeys()).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
      requestId: 'hdr-1',
    });
  });

  it('maps an answer without a problem document to http_error, and bad JSON to invalid_response', async () => {
    server = await startServer((req, res) => {
      if (req.path === '/healthz') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>bad gateway</html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"keys": [');
      }
    });
    const client = createClient({ baseUrl: server.url, retry: false });
    await expect(client.health()).rejects.toMatchObject({ code: 'http_error', status: 502 });
    await expect(client.getJwks()).rejects.toMatchObject({ code: 'invalid_response', status: 200 });
  });

  it('rejects an unknown error code as http_error rather than inventing a contract code', async () => {
    server = await startServer((_req, res) => problem(res, 418, 'teapot', 'short and stout'));
    await expect(createClient({ baseUrl: server.url }).health()).rejects.toMatchObject({
      code: 'http_error',
      status: 418,
    });
  });
});

describe('readiness and audit paging', () => {
  it('returns the not-ready document on 503 instead of throwing or retrying', async () => {
    const notReady = {
      status: 'not_ready',
      checks: { store: { ok: false, detail: 'down' }, keys: { ok: true } },
    };
    server = await startServer((_req, res) => send(res, 503, notReady, { 'retry-after': '1' }));
    expect(await createClient({ baseUrl: server.url }).readiness()).toEqual(notReady);
    expect(server.requests).toHaveLength(1);
  });

  it('returns the discovery readiness document on 503 too, and reads /livez', async () => {
    const notReady = {
      status: 'not_ready',
      checks: { keys: { ok: false, detail: 'the key set is not loaded' } },
      keyViewAgeSeconds: 0,
    };
    server = await startServer((req, res) =>
      req.path === '/livez'
        ? send(res, 200, { status: 'ok' })
        : send(res, 503, notReady, { 'retry-after': '1' }),
    );
    const client = createClient({ baseUrl: server.url });
    expect(await client.discoveryReadiness()).toEqual(notReady);
    expect(await client.liveness()).toEqual({ status: 'ok' });
    expect(server.requests.map((r) => r.path)).toEqual(['/readyz/discovery', '/livez']);
  });

  it('iterateAudit follows nextCursor until it is null', async () => {
    const record = (jti: string) => ({
      jti,
      kind: 'deployment',
      iss: 'i',
      sub: 's',
      aud: 'a',
      clientId: 'c',
      kid: 'k',
      iat: '2024-01-01T00:00:00Z',
      exp: '2024-01-01T01:00:00Z',
    });
    server = await startServer((req, res) => {
      const cursor = new URL(req.path, 'http://x').searchParams.get('cursor');
      if (cursor === null) send(res, 200, { items: [record('a'), record('b')], nextCursor: 'p2' });
      else send(res, 200, { items: [record('c')], nextCursor: null });
    });
    const seen: string[] = [];
    for await (const r of createClient({ baseUrl: server.url }).iterateAudit({
      sub: 's',
      limit: 2,
    })) {
      seen.push(r.jti);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/v1/admin/audit?sub=s&limit=2',
      '/api/v1/admin/audit?sub=s&limit=2&cursor=p2',
    ]);
  });
});
