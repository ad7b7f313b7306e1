import { connect } from 'node:net';
import { createClient, type RunIdClient } from '@runid/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiValidator } from './helpers/openapi-validator.js';
import { createRecorder } from './helpers/recorder.js';
import { backends, startTestIssuer } from './helpers/start.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const DEPLOYMENT = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 1,
};

/** One hostile request per row: operation, what is wrong, and the documented answer expected. */
interface Row {
  operationId: string;
  what: string;
  method: 'GET' | 'POST';
  path: string;
  key: 'admin' | 'client' | 'ambiguous-admin' | 'ambiguous-client' | 'none';
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code: string;
  parameter?: string;
}

const BAD_CLIENT_IDS = ['%00', 'a%00b', '%ED%A0%80', '%FF', '%E2%82', 'x'.repeat(201)];
const BAD_AUDIT: [string, string][] = [
  ['sub=a%00b', 'sub'],
  ['jti=%00', 'jti'],
  ['clientId=%00x', 'clientId'],
  ['sub=%ED%A0%80', 'sub'],
  ['sub=a&sub=b', 'sub'],
  ['since=0000-01-01T00:00:00Z', 'since'],
  ['until=2026-01-01T23:59:60Z', 'until'],
  ['limit=501', 'limit'],
  ['unknown=1', 'unknown'],
  [`cursor=${b64([2 ** 53 - 1, 'jti'])}`, 'cursor'],
  [`cursor=${b64([1, 'a\u0000b'])}`, 'cursor'],
];
const BODY_OPERATIONS: [string, string, 'admin' | 'client', string][] = [
  ['mintToken', '/api/v1/tokens', 'client', JSON.stringify(DEPLOYMENT)],
  ['previewToken', '/api/v1/tokens/preview', 'client', JSON.stringify(DEPLOYMENT)],
  ['createClient', '/api/v1/admin/clients', 'admin', '{"name":"x","grants":[]}'],
  ['rotateKeys', '/api/v1/admin/keys/rotate', 'admin', '{"issuer":"v1"}'],
  ['createAdminCredential', '/api/v1/admin/credentials', 'admin', '{"name":"x","role":"admin"}'],
];
const AUTHENTICATED: [string, 'GET' | 'POST', string, 'admin' | 'client'][] = [
  ['mintToken', 'POST', '/api/v1/tokens', 'client'],
  ['previewToken', 'POST', '/api/v1/tokens/preview', 'client'],
  ['createClient', 'POST', '/api/v1/admin/clients', 'admin'],
  ['listClients', 'GET', '/api/v1/admin/clients', 'admin'],
  ['getClient', 'GET', '/api/v1/admin/clients/cl_x', 'admin'],
  ['disableClient', 'POST', '/api/v1/admin/clients/cl_x/disable', 'admin'],
  ['listKeys', 'GET', '/api/v1/admin/keys', 'admin'],
  ['rotateKeys', 'POST', '/api/v1/admin/keys/rotate', 'admin'],
  ['listAudit', 'GET', '/api/v1/admin/audit', 'admin'],
  ['createAdminCredential', 'POST', '/api/v1/admin/credentials', 'admin'],
  ['listAdminCredentials', 'GET', '/api/v1/admin/credentials', 'admin'],
  ['getAdminCredential', 'GET', '/api/v1/admin/credentials/adm_x', 'admin'],
  ['revokeAdminCredential', 'POST', '/api/v1/admin/credentials/adm_x/revoke', 'admin'],
  ['listAuditEvents', 'GET', '/api/v1/admin/audit/events', 'admin'],
  ['exportAudit', 'GET', '/api/v1/admin/audit/export', 'admin'],
];

const TABLE: Row[] = [
  ...BAD_CLIENT_IDS.flatMap((id): Row[] => [
    {
      operationId: 'getClient',
      what: `clientId ${id.slice(0, 12)}`,
      method: 'GET',
      path: `/api/v1/admin/clients/${id}`,
      key: 'admin',
      status: 400,
      code: 'invalid_request',
      parameter: 'clientId',
    },
    {
      operationId: 'disableClient',
      what: `clientId ${id.slice(0, 12)}`,
      method: 'POST',
      path: `/api/v1/admin/clients/${id}/disable`,
      key: 'admin',
      status: 400,
      code: 'invalid_request',
      parameter: 'clientId',
    },
  ]),
  ...BAD_AUDIT.map(
    ([query, parameter]): Row => ({
      operationId: 'listAudit',
      what: query.slice(0, 30),
      method: 'GET',
      path: `/api/v1/admin/audit?${query}`,
      key: 'admin',
      status: 400,
      code: 'invalid_request',
      parameter,
    }),
  ),
  ...BODY_OPERATIONS.flatMap(([operationId, path, key, body]): Row[] =>
    ['gzip', 'br'].map((coding) => ({
      operationId,
      what: `Content-Encoding: ${coding}`,
      method: 'POST',
      path,
      key,
      headers: { 'content-type': 'application/json', 'content-encoding': coding },
      body,
      status: 415,
      code: 'unsupported_media_type',
    })),
  ),
  ...AUTHENTICATED.map(
    ([operationId, method, path, key]): Row => ({
      operationId,
      what: 'two credentials in Authorization',
      method,
      path,
      key: key === 'admin' ? 'ambiguous-admin' : 'ambiguous-client',
      status: 401,
      code: 'unauthorized',
    }),
  ),
];

function rawConnect(url: string, target: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
  });
}

describe.each(backends())('hostile input, every operation, on %s', (backend) => {
  const recorder = createRecorder();
  const validator = createOpenApiValidator();
  let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
  let clientKey: string;

  beforeAll(async () => {
    issuer = await startTestIssuer(backend);
    const admin: RunIdClient = createClient({
      baseUrl: issuer.url,
      apiKey: issuer.adminKey,
      retry: false,
    });
    const created = await admin.createApiClient({
      name: 'hostile',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    });
    clientKey = created.key;
  });
  afterAll(async () => {
    await issuer?.close();
  });

  function authorization(key: Row['key']): Record<string, string> {
    const admin = issuer.adminKey;
    switch (key) {
      case 'admin':
        return { authorization: `Bearer ${admin}` };
      case 'client':
        return { authorization: `Bearer ${clientKey}` };
      case 'ambiguous-admin':
        return { authorization: `Bearer ${admin}, Bearer ${admin}` };
      case 'ambiguous-client':
        return { authorization: `Bearer ${clientKey}, Bearer ${clientKey}` };
      default:
        return {};
    }
  }

  async function send(method: string, path: string, key: Row['key'], extra: Partial<Row> = {}) {
    const response = await recorder.fetch(
      new Request(`${issuer.url}${path}`, {
        method,
        headers: { ...authorization(key), ...extra.headers },
        ...(extra.body !== undefined && { body: extra.body }),
      }),
    );
    const text = await response.text();
    return { status: response.status, text };
  }

  it.each(TABLE.map((row) => [row.operationId, row.what, row] as const))(
    '%s: %s → documented 4xx',
    async (_operationId, _what, row) => {
      const answer = await send(row.method, row.path, row.key, row);
      expect(answer.status, answer.text).toBe(row.status);
      const problem = JSON.parse(answer.text) as { code: string; errors?: { path: string }[] };
      expect(problem.code).toBe(row.code);
      if (row.parameter !== undefined)
        expect(problem.errors?.map((e) => e.path)).toContain(row.parameter);
    },
  );

  it('CONNECT answers 405 with Allow instead of dropping the connection', async () => {
    for (const [target, allow] of [
      ['id.example.com:443', ''],
      ['/api/v1/tokens', 'POST'],
    ] as const) {
      const text = await rawConnect(issuer.url, target);
      expect(text).toMatch(/^HTTP\/1\.1 405 /);
      expect(text).toContain(`\r\nAllow: ${allow}\r\n`);
      expect(text).toContain('"code":"method_not_allowed"');
    }
  });

  it('methods a path does not serve answer 405 with Allow, on every path', async () => {
    const seen: string[] = [];
    // A method the path does serve (DELETE /api/v1/admin/session) is not one to refuse.
    const served = new Set(
      validator.operations.map((o) => `${o.method.toUpperCase()} ${o.template}`),
    );
    for (const operation of validator.operations) {
      const path = operation.template.replace('{clientId}', 'cl_x');
      for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        if (served.has(`${method} ${operation.template}`)) continue;
        const response = await fetch(`${issuer.url}${path}`, { method });
        await response.text();
        if (response.status !== 405 || !response.headers.get('allow'))
          seen.push(`${method} ${path} → ${response.status}`);
      }
    }
    expect(seen).toEqual([]);
  });

  it('property: random text in every parameter of every operation never yields a 5xx', async () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 4 }).map(encodeURIComponent),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('%', '%zz', '+', '&', '=', '%00', '%ED%A0%80', '%C0%80'),
    );
    const text = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
    const cursor = fc
      .tuple(fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53 - 1)), fc.string())
      .map(b64);
    const names = ['jti', 'sub', 'clientId', 'kind', 'since', 'until', 'limit', 'cursor'];
    const targets: ((v: string) => [string, string, Row['key']])[] = [
      (v) => ['GET', `/api/v1/admin/clients/${v || 'x'}`, 'admin'],
      (v) => ['POST', `/api/v1/admin/clients/${v || 'x'}/disable`, 'admin'],
      (v) => ['GET', `/api/v1/admin/credentials/${v || 'x'}`, 'admin'],
      ...names.map(
        (name) => (v: string) => ['GET', `/api/v1/admin/audit?${name}=${v}`, 'admin'] as const,
      ),
      (v) => ['GET', `/oidc/.well-known/jwks?${v}`, 'none'],
      (v) => ['GET', `/readyz?${v}`, 'none'],
    ] as ((v: string) => [string, string, Row['key']])[];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: targets.length - 1 }),
        fc.oneof(text, cursor),
        async (target, value) => {
          const [method, path, key] = (
            targets[target] as (v: string) => [string, string, Row['key']]
          )(value);
          const answer = await send(method, path, key);
          expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  it('every answer above is one the document gives for its operation', () => {
    expect(recorder.exchanges.length).toBeGreaterThan(TABLE.length);
    const problems = recorder.exchanges.flatMap((e) => validator.check(e).problems);
    expect(problems).toEqual([]);
  });
});
