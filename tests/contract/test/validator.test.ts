import { describe, expect, it } from 'vitest';
import { createOpenApiValidator } from './helpers/openapi-validator.js';
import type { Exchange } from './helpers/recorder.js';

// The validator is what makes the contract suite able to fail: prove it refuses each kind of drift.
const validator = createOpenApiValidator();

function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Exchange {
  return {
    method,
    url: new URL(path, 'http://127.0.0.1:1'),
    requestContentType: null,
    status,
    headers: new Headers(headers),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const minted = {
  token: 'a.b.c',
  expiresAt: '2030-01-01T00:00:00Z',
  claims: { iss: 'i', sub: 's', aud: 'a', iat: 1, nbf: 1, exp: 2, jti: 'j', deployment: 3 },
};
const problem = {
  type: 'https://runid.dev/problems/not_found',
  title: 'Not found',
  status: 404,
  code: 'not_found',
  detail: 'no',
};

describe('the OpenAPI validator', () => {
  it('accepts documented answers', () => {
    expect(validator.check(exchange('POST', '/api/v1/tokens', 201, minted)).problems).toEqual([]);
    expect(
      validator.check(
        exchange('GET', '/api/v1/admin/clients/abc', 404, problem, {
          'content-type': 'application/problem+json',
        }),
      ).problems,
    ).toEqual([]);
    expect(
      validator.check(
        exchange('GET', '/metrics', 200, 'x 1\n', { 'content-type': 'text/plain; version=0.0.4' }),
      ).problems,
    ).toEqual([]);
    expect(
      validator.check(exchange('GET', '/oidc/.well-known/jwks', 304, '', { etag: '"e"' }))
        .operationId,
    ).toBe('getJwksV1');
  });

  it('refuses an undocumented status, path or method', () => {
    expect(validator.check(exchange('POST', '/api/v1/tokens', 200, minted)).problems[0]).toMatch(
      /status 200 is not documented for mintToken/,
    );
    expect(validator.check(exchange('GET', '/healthz', 500, problem)).problems[0]).toMatch(
      /not documented/,
    );
    expect(validator.check(exchange('GET', '/api/v1/nothing', 200, {})).problems[0]).toMatch(
      /no such operation/,
    );
    expect(
      validator.check(exchange('DELETE', '/api/v1/admin/clients/x', 200, {})).problems[0],
    ).toMatch(/no such operation/);
  });

  it('refuses an undocumented content type, or a body where none is documented', () => {
    expect(
      validator.check(
        exchange('POST', '/api/v1/tokens', 201, minted, { 'content-type': 'text/html' }),
      ).problems[0],
    ).toMatch(/content type text\/html/);
    expect(
      validator.check(exchange('GET', '/api/v1/admin/clients/x', 404, problem)).problems[0],
    ).toMatch(/application\/json is not one of application\/problem\+json/);
    expect(
      validator.check(exchange('GET', '/oidc/.well-known/jwks', 304, '{}')).problems[0],
    ).toMatch(/without a body/);
  });

  it('refuses bodies that break the schema, following $refs and formats', () => {
    const { expiresAt: _, ...noExpiry } = minted;
    expect(validator.check(exchange('POST', '/api/v1/tokens', 201, noExpiry)).problems[0]).toMatch(
      /expiresAt/,
    );
    expect(
      validator.check(exchange('POST', '/api/v1/tokens', 201, { ...minted, expiresAt: 'tomorrow' }))
        .problems[0],
    ).toMatch(/date-time/);
    expect(
      validator.check(exchange('POST', '/api/v1/tokens', 201, { ...minted, extra: 1 })).problems[0],
    ).toMatch(/extra is not a known field/);
    expect(
      validator.check(
        exchange('POST', '/api/v1/tokens', 201, {
          ...minted,
          claims: { ...minted.claims, aud: ['a'] },
        }),
      ).problems[0],
    ).toMatch(/aud/);
    const badCode = { ...problem, code: 'teapot' };
    expect(
      validator.check(
        exchange('GET', '/api/v1/admin/clients/x', 404, badCode, {
          'content-type': 'application/problem+json',
        }),
      ).problems[0],
    ).toMatch(/code/);
    expect(validator.check(exchange('GET', '/healthz', 200, 'not json')).problems[0]).toMatch(
      /not JSON/,
    );
  });

  it('refuses a documented header with a bad value', () => {
    const headers = { 'content-type': 'application/problem+json', 'retry-after': 'soon' };
    const unavailable = { ...problem, status: 503, code: 'store_unavailable' };
    expect(
      validator.check(exchange('POST', '/api/v1/tokens', 503, unavailable, headers)).problems[0],
    ).toMatch(/Retry-After/i);
  });
});
