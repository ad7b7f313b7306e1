import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  DEPLOYMENT,
  ENVIRONMENT,
  issuerOn,
  OIDC,
  type TestIssuer,
} from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

describe.each(backends)('tokens on %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let clientKey: string;
  let clientId: string;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: {
        name: 'ci',
        grants: [
          { kinds: ['deployment', 'environment'], orgs: ['acme'] },
          { kinds: ['oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] },
        ],
      },
    });
    expect(created.status).toBe(201);
    clientKey = created.json.key;
    clientId = created.json.id;
  }, 120_000);

  afterAll(async () => cleanup?.());

  const auditCount = () => issuer.services.store.countAudit();

  it('mints a token that verifies with createRemoteJWKSet at the discovered jwks_uri', async () => {
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: clientKey,
      body: DEPLOYMENT,
    });
    expect(minted.status).toBe(201);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    const discovery = await issuer.call('GET', '/oidc/.well-known/openid-configuration');
    const jwks = createRemoteJWKSet(new URL(discovery.json.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(minted.json.token, jwks, {
      issuer: discovery.json.issuer,
      audience: 'acme',
      algorithms: ['RS256'],
      currentDate: new Date(issuer.clock()),
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: expect.any(String), typ: 'JWT' });
    expect(payload).toEqual(minted.json.claims);
    expect(payload.iss).toBe(`${issuer.issuerUrl}/oidc`);
    expect(payload.sub).toBe(
      'pulumi:deploy:org:acme:project:web:stack:dev:operation:update:scope:write',
    );
    expect(payload.iat).toBe(Math.floor(issuer.clock() / 1000));
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe((payload.iat as number) + 3600);
    expect(minted.json.expiresAt).toBe(new Date((payload.exp as number) * 1000).toISOString());
    expect(Buffer.from(String(payload.jti), 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('signs oidc tokens with the v2 issuer and its own keys', async () => {
    const v1 = await issuer.call('POST', '/api/v1/tokens', { key: clientKey, body: ENVIRONMENT });
    const v2 = await issuer.call('POST', '/api/v1/tokens', { key: clientKey, body: OIDC });
    expect(v1.status).toBe(201);
    expect(v2.status).toBe(201);
    expect(v2.json.claims.iss).toBe(`${issuer.issuerUrl}/oidc/v2`);
    expect(v2.json.claims.aud).toBe('sts.amazonaws.com');
    const v1Kid = decodeProtectedHeader(v1.json.token).kid;
    const v2Kid = decodeProtectedHeader(v2.json.token).kid;
    expect(v1Kid).not.toBe(v2Kid);
    const v2Discovery = await issuer.call('GET', '/oidc/v2/.well-known/openid-configuration');
    await jwtVerify(v2.json.token, createRemoteJWKSet(new URL(v2Discovery.json.jwks_uri)), {
      issuer: v2Discovery.json.issuer,
      audience: 'sts.amazonaws.com',
      currentDate: new Date(issuer.clock()),
    });
    const v1Keys = await issuer.call('GET', '/oidc/.well-known/jwks');
    expect(v1Keys.json.keys.map((k: { kid: string }) => k.kid)).not.toContain(v2Kid);
  });

  it('gives every token a distinct jti and an audit record written before the answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        issuer.call('POST', '/api/v1/tokens', { key: clientKey, body: DEPLOYMENT }),
      ),
    );
    const jtis = answers.map((a) => a.json.claims.jti);
    expect(new Set(jtis).size).toBe(20);
    for (const answer of answers) {
      const audit = await issuer.call('GET', `/api/v1/admin/audit?jti=${answer.json.claims.jti}`, {
        key: issuer.adminKey,
      });
      expect(audit.json.items).toEqual([
        {
          jti: answer.json.claims.jti,
          kind: 'deployment',
          iss: answer.json.claims.iss,
          sub: answer.json.claims.sub,
          aud: 'acme',
          clientId,
          kid: decodeProtectedHeader(answer.json.token).kid,
          iat: new Date(answer.json.claims.iat * 1000).toISOString(),
          exp: answer.json.expiresAt,
          requestId: answer.headers.get('x-request-id'),
          source: '127.0.0.1',
        },
      ]);
    }
  });

  it('honours a duration inside the range', async () => {
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: clientKey,
      body: { ...DEPLOYMENT, duration: '15m' },
    });
    expect(minted.status).toBe(201);
    expect(minted.json.claims.exp - minted.json.claims.iat).toBe(900);
  });

  it('uses the injected clock for iat, never a future time', async () => {
    issuer.clock.advance(90_500);
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: clientKey,
      body: DEPLOYMENT,
    });
    expect(minted.json.claims.iat).toBe(Math.floor(issuer.clock() / 1000));
    expect(minted.json.claims.iat * 1000).toBeLessThanOrEqual(issuer.clock());
  });

  const refused: Array<{
    name: string;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
    path?: string;
  }> = [
    {
      name: 'header injection: iss',
      body: { ...DEPLOYMENT, iss: 'https://evil' },
      status: 400,
      code: 'invalid_request',
      path: 'iss',
    },
    {
      name: 'header injection: sub',
      body: { ...DEPLOYMENT, sub: 'x' },
      status: 400,
      code: 'invalid_request',
      path: 'sub',
    },
    {
      name: 'header injection: exp',
      body: { ...DEPLOYMENT, exp: 9999999999 },
      status: 400,
      code: 'invalid_request',
      path: 'exp',
    },
    {
      name: 'header injection: iat',
      body: { ...DEPLOYMENT, iat: 1 },
      status: 400,
      code: 'invalid_request',
      path: 'iat',
    },
    {
      name: 'header injection: jti',
      body: { ...DEPLOYMENT, jti: 'fixed' },
      status: 400,
      code: 'invalid_request',
      path: 'jti',
    },
    {
      name: 'header injection: alg',
      body: { ...DEPLOYMENT, alg: 'none' },
      status: 400,
      code: 'invalid_request',
      path: 'alg',
    },
    {
      name: 'header injection: kid',
      body: { ...DEPLOYMENT, kid: 'attacker' },
      status: 400,
      code: 'invalid_request',
      path: 'kid',
    },
    {
      name: 'header injection: jku',
      body: { ...DEPLOYMENT, jku: 'https://evil/jwks' },
      status: 400,
      code: 'invalid_request',
      path: 'jku',
    },
    {
      name: 'aud on a deployment',
      body: { ...DEPLOYMENT, aud: 'other' },
      status: 400,
      code: 'invalid_request',
      path: 'aud',
    },
    {
      name: 'nested unknown field',
      body: { ...OIDC, actor: { ...OIDC.actor, admin: true } },
      status: 400,
      code: 'invalid_request',
      path: 'actor.admin',
    },
    {
      name: 'missing field',
      body: { kind: 'deployment', org: 'acme' },
      status: 400,
      code: 'invalid_request',
      path: 'project',
    },
    {
      name: 'wrong type',
      body: { ...DEPLOYMENT, deployment: '7' },
      status: 400,
      code: 'invalid_request',
      path: 'deployment',
    },
    {
      name: 'unknown kind',
      body: { ...DEPLOYMENT, kind: 'admin' },
      status: 400,
      code: 'invalid_request',
      path: 'kind',
    },
    { name: 'array body', raw: '[1,2]', status: 400, code: 'invalid_request', path: '' },
    {
      name: 'duplicate keys',
      raw: '{"kind":"deployment","org":"acme","org":"evil","project":"web","stack":"dev","operation":"update","deployment":1}',
      status: 400,
      code: 'invalid_json',
    },
    {
      name: 'nested duplicate keys',
      raw: JSON.stringify(OIDC).replace('"login":"alice"', '"login":"alice","login":"bob"'),
      status: 400,
      code: 'invalid_json',
    },
    { name: 'broken JSON', raw: '{"kind":', status: 400, code: 'invalid_json' },
    { name: 'empty body', raw: '', status: 400, code: 'invalid_json' },
    { name: 'not UTF-8', raw: undefined, status: 400, code: 'invalid_json' },
    {
      name: 'form body',
      raw: 'kind=deployment',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'text/plain JSON',
      body: DEPLOYMENT,
      headers: { 'content-type': 'text/plain' },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'over 64 KiB',
      raw: JSON.stringify({ ...DEPLOYMENT, pad: 'x'.repeat(70_000) }),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'colon in a subject component',
      body: { ...DEPLOYMENT, stack: 'dev:operation:destroy' },
      status: 400,
      code: 'invalid_claims',
      path: 'stack',
    },
    {
      name: 'lifetime over the range',
      body: { ...DEPLOYMENT, duration: '3h' },
      status: 400,
      code: 'lifetime_out_of_range',
      path: 'duration',
    },
    {
      name: 'lifetime under the range',
      body: { ...OIDC, duration: '30s' },
      status: 400,
      code: 'lifetime_out_of_range',
      path: 'duration',
    },
    {
      name: 'subjectAttributes on oidc',
      body: { ...OIDC, subjectAttributes: ['pulumi.user.login'] },
      status: 400,
      code: 'invalid_request',
      path: 'subjectAttributes',
    },
  ];

  it.each(refused)('refuses $name ($status $code) and records nothing', async (c) => {
    const before = await auditCount();
    const minted = await (async () => {
      if (c.name === 'not UTF-8') {
        const response = await fetch(`${issuer.url}/api/v1/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
          body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        });
        return { status: response.status, headers: response.headers, json: await response.json() };
      }
      return issuer.call('POST', '/api/v1/tokens', {
        key: clientKey,
        ...(c.raw !== undefined ? { raw: c.raw } : { body: c.body }),
        ...(c.headers && { headers: c.headers }),
      });
    })();
    expect(minted.status).toBe(c.status);
    expect(minted.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(minted.json).toMatchObject({
      status: c.status,
      code: c.code,
      type: `https://runid.dev/problems/${c.code}`,
    });
    expect(typeof minted.json.detail).toBe('string');
    expect(minted.json.requestId).toBe(minted.headers.get('x-request-id'));
    if (c.path !== undefined) {
      expect(minted.json.errors.map((e: { path: string }) => e.path)).toContain(c.path);
    }
    expect(await auditCount()).toBe(before);
  });

  const authCases: Array<{
    name: string;
    headers: Record<string, string>;
    status: number;
    code: string;
  }> = [
    { name: 'no Authorization', headers: {}, status: 401, code: 'unauthorized' },
    {
      name: 'Basic scheme',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'two spaces',
      headers: { authorization: 'Bearer  rid_client_x' },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'lowercase prefix garbage',
      headers: { authorization: 'Bearer not-a-runid-key' },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'unknown client key',
      headers: { authorization: `Bearer rid_client_${'A'.repeat(43)}` },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'unknown admin key',
      headers: { authorization: `Bearer rid_admin_${'A'.repeat(43)}` },
      status: 401,
      code: 'unauthorized',
    },
  ];

  it.each(authCases)('answers $status for $name', async (c) => {
    const before = await auditCount();
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      body: DEPLOYMENT,
      headers: c.headers,
    });
    expect(minted.status).toBe(c.status);
    expect(minted.json.code).toBe(c.code);
    expect(minted.headers.get('www-authenticate')).toBe('Bearer realm="runid"');
    expect(await auditCount()).toBe(before);
  });

  it('stops reading a chunked body at 64 KiB (no Content-Length) with 413', async () => {
    const before = await auditCount();
    const { request } = await import('node:http');
    const url = new URL(`${issuer.url}/api/v1/tokens`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"kind":"deployment","pad":"');
      for (let i = 0; i < 10; i++) req.write('x'.repeat(10_000));
      req.end('"}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).code).toBe('payload_too_large');
    expect(await auditCount()).toBe(before);
  });

  it('refuses an admin key on the mint endpoint with 403 forbidden', async () => {
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: issuer.adminKey,
      body: DEPLOYMENT,
    });
    expect(minted.status).toBe(403);
    expect(minted.json.code).toBe('forbidden');
  });

  it('previews the claims without signing or recording', async () => {
    const before = await auditCount();
    const preview = await issuer.call('POST', '/api/v1/tokens/preview', {
      key: clientKey,
      body: ENVIRONMENT,
    });
    expect(preview.status).toBe(200);
    expect(preview.json.claims).toEqual({
      iss: `${issuer.issuerUrl}/oidc`,
      sub: 'pulumi:environments:org:acme:env:web/dev',
      aud: 'aws:acme',
      current_env: 'web/dev',
      root_env: 'web/dev',
      trigger_user: 'alice',
      org: 'acme',
      env: 'web/dev',
    });
    expect(preview.json).toMatchObject({
      kind: 'environment',
      issuer: 'v1',
      lifetimeSeconds: 3600,
    });
    expect(preview.json.platformChecks.map((p: { platform: string }) => p.platform)).toEqual([
      'aws',
      'azure',
      'gcp',
      'vault',
    ]);
    expect(preview.json).not.toHaveProperty('token');
    expect(await auditCount()).toBe(before);
  });

  it('lets an admin key preview anything, and checks a client key against its grants', async () => {
    const other = { ...DEPLOYMENT, org: 'globex' };
    const asAdmin = await issuer.call('POST', '/api/v1/tokens/preview', {
      key: issuer.adminKey,
      body: other,
    });
    expect(asAdmin.status).toBe(200);
    const asClient = await issuer.call('POST', '/api/v1/tokens/preview', {
      key: clientKey,
      body: other,
    });
    expect(asClient.status).toBe(403);
    expect(asClient.json.code).toBe('grant_denied');
  });

  it('refuses preview input errors like minting does', async () => {
    const preview = await issuer.call('POST', '/api/v1/tokens/preview', {
      key: clientKey,
      body: { ...DEPLOYMENT, exp: 1 },
    });
    expect(preview.status).toBe(400);
    expect(preview.json.code).toBe('invalid_request');
  });

  it('never writes a key or a token into the logs', async () => {
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: clientKey,
      body: DEPLOYMENT,
    });
    const logs = issuer.logs.text();
    expect(logs).toContain('"route":"/api/v1/tokens"');
    expect(logs).not.toContain(clientKey);
    expect(logs).not.toContain(issuer.adminKey);
    expect(logs).not.toContain(minted.json.token.split('.')[2]);
    expect(logs).not.toContain(clientKey.slice(11, 30));
  });
});
