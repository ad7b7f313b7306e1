import type { OperationId } from '@runid/contract';
import { ContractValidator, findOperation, resolveRef } from '@runid/contract/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT, issuerOn, OIDC, type TestIssuer } from '../support/issuer.js';

const validator = new ContractValidator();

/** Checks one answer against what the contract documents for its operation and status. */
function expectDocumented(
  path: string,
  method: string,
  answer: { status: number; headers: Headers; text: string },
) {
  const concrete = path.replace('{clientId}', 'cl_x');
  const operation = findOperation(method, concrete);
  expect(operation?.template, `${method.toUpperCase()} ${path} is not in the contract`).toBe(path);
  const operationId = operation?.operationId as OperationId;
  const problems = validator.checkAnswer({
    operationId,
    status: answer.status,
    mediaType: (answer.headers.get('content-type') ?? '').split(';')[0] || undefined,
    body: answer.text,
    header: (name) => answer.headers.get(name),
  });
  expect(problems, `${method.toUpperCase()} ${path} → ${answer.status}`).toEqual([]);
  // Every header the answer documents is sent (the shared check only judges present ones).
  const responses = operation?.operation.responses as Record<string, unknown>;
  const response = resolveRef(responses[String(answer.status)]);
  for (const name of Object.keys((response.headers as object | undefined) ?? {})) {
    expect(answer.headers.get(name), `header ${name}`).not.toBeNull();
  }
}

describe('every answer matches the contract', () => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let client: { id: string; key: string };

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn('sqlite', undefined));
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: {
        name: 'contract',
        grants: [
          { kinds: ['deployment', 'oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] },
        ],
      },
    });
    expectDocumented('/api/v1/admin/clients', 'post', created);
    client = created.json;
  });
  afterAll(async () => cleanup?.());

  const cases: Array<{
    path: string;
    method: string;
    call: () => Promise<{ status: number; headers: Headers; json: unknown; text: string }>;
  }> = [
    {
      path: '/oidc/.well-known/openid-configuration',
      method: 'get',
      call: () => issuer.call('GET', '/oidc/.well-known/openid-configuration'),
    },
    {
      path: '/oidc/.well-known/jwks',
      method: 'get',
      call: () => issuer.call('GET', '/oidc/.well-known/jwks'),
    },
    {
      path: '/oidc/v2/.well-known/openid-configuration',
      method: 'get',
      call: () => issuer.call('GET', '/oidc/v2/.well-known/openid-configuration'),
    },
    {
      path: '/oidc/v2/.well-known/jwks',
      method: 'get',
      call: () => issuer.call('GET', '/oidc/v2/.well-known/jwks'),
    },
    {
      path: '/api/v1/tokens',
      method: 'post',
      call: () => issuer.call('POST', '/api/v1/tokens', { key: client.key, body: DEPLOYMENT }),
    },
    {
      path: '/api/v1/tokens',
      method: 'post',
      call: () => issuer.call('POST', '/api/v1/tokens', { key: client.key, body: OIDC }),
    },
    {
      path: '/api/v1/tokens',
      method: 'post',
      call: () =>
        issuer.call('POST', '/api/v1/tokens', { key: client.key, body: { ...DEPLOYMENT, x: 1 } }),
    },
    {
      path: '/api/v1/tokens',
      method: 'post',
      call: () => issuer.call('POST', '/api/v1/tokens', { body: DEPLOYMENT }),
    },
    {
      path: '/api/v1/tokens',
      method: 'post',
      call: () => issuer.call('POST', '/api/v1/tokens', { key: issuer.adminKey, body: DEPLOYMENT }),
    },
    {
      path: '/api/v1/tokens',
      method: 'post',
      call: () =>
        issuer.call('POST', '/api/v1/tokens', {
          key: client.key,
          raw: 'x',
          headers: { 'content-type': 'text/plain' },
        }),
    },
    {
      path: '/api/v1/tokens/preview',
      method: 'post',
      call: () => issuer.call('POST', '/api/v1/tokens/preview', { key: client.key, body: OIDC }),
    },
    {
      path: '/api/v1/tokens/preview',
      method: 'post',
      call: () =>
        issuer.call('POST', '/api/v1/tokens/preview', {
          key: client.key,
          body: { ...OIDC, org: 'globex' },
        }),
    },
    {
      path: '/api/v1/admin/clients',
      method: 'get',
      call: () => issuer.call('GET', '/api/v1/admin/clients', { key: issuer.adminKey }),
    },
    {
      path: '/api/v1/admin/clients',
      method: 'post',
      call: () =>
        issuer.call('POST', '/api/v1/admin/clients', {
          key: issuer.adminKey,
          body: { name: 'contract', grants: [{ kinds: ['oidc'], orgs: ['a'] }] },
        }),
    },
    {
      path: '/api/v1/admin/clients/{clientId}',
      method: 'get',
      call: () =>
        issuer.call('GET', `/api/v1/admin/clients/${client.id}`, { key: issuer.adminKey }),
    },
    {
      path: '/api/v1/admin/clients/{clientId}',
      method: 'get',
      call: () => issuer.call('GET', '/api/v1/admin/clients/nope', { key: issuer.adminKey }),
    },
    {
      path: '/api/v1/admin/keys',
      method: 'get',
      call: () => issuer.call('GET', '/api/v1/admin/keys', { key: issuer.adminKey }),
    },
    {
      path: '/api/v1/admin/audit',
      method: 'get',
      call: () => issuer.call('GET', '/api/v1/admin/audit?limit=1', { key: issuer.adminKey }),
    },
    {
      path: '/api/v1/admin/audit',
      method: 'get',
      call: () => issuer.call('GET', '/api/v1/admin/audit?limit=0', { key: issuer.adminKey }),
    },
    { path: '/healthz', method: 'get', call: () => issuer.call('GET', '/healthz') },
    { path: '/readyz', method: 'get', call: () => issuer.call('GET', '/readyz') },
    { path: '/livez', method: 'get', call: () => issuer.call('GET', '/livez') },
    {
      path: '/readyz/discovery',
      method: 'get',
      call: () => issuer.call('GET', '/readyz/discovery'),
    },
    { path: '/metrics', method: 'get', call: () => issuer.call('GET', '/metrics') },
    {
      path: '/api/v1/admin/clients/{clientId}/disable',
      method: 'post',
      call: () =>
        issuer.call('POST', `/api/v1/admin/clients/${client.id}/disable`, { key: issuer.adminKey }),
    },
  ];

  it.each(cases.map((c, i) => ({ ...c, i })))(
    '#$i $method $path',
    async ({ path, method, call }) => {
      const answer = await call();
      if (path === '/metrics') {
        expect(answer.status).toBe(200);
        return;
      }
      expectDocumented(path, method, answer);
    },
  );
});
