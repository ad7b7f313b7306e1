import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBearer } from '../../src/auth/bearer.js';
import { type Backend, DEPLOYMENT, issuerOn, type TestIssuer } from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';
import { rawRequest } from './raw-http.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Percent-encoded text: characters, lone surrogates, raw bytes (often invalid UTF-8), specials. */
const hostileComponent = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 4 }).map(encodeURIComponent),
      fc.integer({ min: 0, max: 0xffff }).map((u) => {
        const s = String.fromCharCode(u);
        return !(u >= 0xd800 && u <= 0xdfff)
          ? encodeURIComponent(s)
          : `%ED%${(0xa0 + (u & 0x1f)).toString(16)}%80`;
      }),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('%', '%0', '%zz', '+', '%00', '%C0%80', '%EF%BF%BF', 'x'.repeat(300)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe.each(backends)('hostile input on %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let client: { id: string; key: string };

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: 'hostile', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
    });
    expect(created.status, created.text).toBe(201);
    client = created.json;
  }, 120_000);
  afterAll(async () => cleanup?.());

  const get = (path: string) => issuer.call('GET', path, { key: issuer.adminKey });

  function expectRefused(
    answer: { status: number; json: { code?: string; errors?: { path: string }[] } },
    parameter: string,
  ) {
    expect(answer.status, JSON.stringify(answer.json)).toBe(400);
    expect(answer.json.code).toBe('invalid_request');
    expect(answer.json.errors?.map((e) => e.path)).toContain(parameter);
  }

  it.each(['%00', 'a%00b', '%ED%A0%80', '%FF', '%E2%82', '%', 'x'.repeat(201)])(
    'clientId %s → 400 naming clientId (read and disable)',
    async (id) => {
      expectRefused(await get(`/api/v1/admin/clients/${id}`), 'clientId');
      expectRefused(
        await issuer.call('POST', `/api/v1/admin/clients/${id}/disable`, { key: issuer.adminKey }),
        'clientId',
      );
    },
  );

  it('a clientId with an encoded slash or unicode is looked up, not refused (404)', async () => {
    expect((await get('/api/v1/admin/clients/a%2Fb')).status).toBe(404);
    expect((await get('/api/v1/admin/clients/%C3%A9t%C3%A9')).status).toBe(404);
    expect((await get(`/api/v1/admin/clients/${client.id}`)).status).toBe(200);
  });

  it.each([
    ['sub=a%00b', 'sub'],
    ['jti=%00', 'jti'],
    ['clientId=%00x', 'clientId'],
    ['sub=%ED%A0%80', 'sub'],
    ['sub=%FF%FE', 'sub'],
    ['sub=a&sub=b', 'sub'],
    ['since=0000-01-01T00:00:00Z', 'since'],
    ['until=1969-12-31T23:59:59Z', 'until'],
    ['since=2026-01-01T23:59:60Z', 'since'],
    ['since=yesterday', 'since'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['kind=ship', 'kind'],
    ['nope=1', 'nope'],
    [`cursor=${b64([2 ** 53 - 1, 'jti'])}`, 'cursor'],
    [`cursor=${b64([-1, 'jti'])}`, 'cursor'],
    [`cursor=${b64([1, 'a\u0000b'])}`, 'cursor'],
    [`cursor=${b64([1, '\ud800'])}`, 'cursor'],
    [`cursor=${b64([1.5, 'jti'])}`, 'cursor'],
    ['cursor=%00', 'cursor'],
  ])('audit ?%s → 400 naming %s', async (query, parameter) => {
    expectRefused(await get(`/api/v1/admin/audit?${query}`), parameter);
  });

  it('a well-formed audit query still answers 200 (unicode sub, bounds, the cursor)', async () => {
    expect((await get('/api/v1/admin/audit?sub=%C3%A9&limit=1')).status).toBe(200);
    expect(
      (await get('/api/v1/admin/audit?since=1970-01-01T00:00:00Z&until=9999-12-31T23:59:59Z'))
        .status,
    ).toBe(200);
    expect((await get(`/api/v1/admin/audit?cursor=${b64([Date.now(), 'x'])}`)).status).toBe(200);
  });

  it('two Authorization headers (the valid one first) → 401, nothing minted', async () => {
    const body = JSON.stringify(DEPLOYMENT);
    const answer = await rawRequest(
      issuer.url,
      `POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${client.key}\r\n` +
        `Authorization: Bearer ${client.key}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer.status, answer.text).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.parse(answer.body).code).toBe('unauthorized');
    const merged = await issuer.call('POST', '/api/v1/tokens', {
      headers: { authorization: `Bearer ${client.key}, Bearer ${client.key}` },
      body: DEPLOYMENT,
    });
    expect(merged.status).toBe(401);
  });

  it('the bearer parser refuses trailing or doubled whitespace (what reaches it)', () => {
    expect(parseBearer(`Bearer ${client.key}`)).toBe(client.key);
    for (const header of [
      `Bearer ${client.key} `,
      `Bearer  ${client.key}`,
      `Bearer ${client.key}\t`,
      `bearer${client.key}`,
    ])
      expect(parseBearer(header)).toBeUndefined();
  });

  it.each([
    ['Transfer-Encoding: gzip, chunked', true],
    ['Transfer-Encoding: deflate, chunked', true],
    ['Content-Encoding: gzip', false],
    ['Content-Encoding: br', false],
    ['Content-Encoding: identity, gzip', false],
  ])('%s on a body → 415, nothing minted', async (header, chunked) => {
    const body = JSON.stringify(DEPLOYMENT);
    const framing = chunked
      ? `\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`
      : `\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const answer = await rawRequest(
      issuer.url,
      `POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${client.key}\r\n` +
        `Content-Type: application/json\r\nConnection: close\r\n${header}${framing}`,
    );
    expect(answer.status, answer.text).toBe(415);
    expect(JSON.parse(answer.body).code).toBe('unsupported_media_type');
    if (!chunked) expect(answer.headers['accept-encoding']).toBe('identity');
  });

  it('Content-Encoding: identity and plain chunked bodies still mint (201)', async () => {
    const body = JSON.stringify(DEPLOYMENT);
    const answer = await rawRequest(
      issuer.url,
      `POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${client.key}\r\n` +
        'Content-Type: application/json\r\nContent-Encoding: identity\r\nConnection: close\r\n' +
        `Transfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expect(answer.status, answer.text).toBe(201);
  });

  it.each([
    ['CONNECT id.example.com:443', ''],
    ['CONNECT /api/v1/tokens', 'POST'],
    ['CONNECT /oidc/.well-known/jwks', 'GET, HEAD'],
  ])('%s → 405 problem with Allow "%s", connection closed', async (line, allow) => {
    const answer = await rawRequest(issuer.url, `${line} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status, answer.text).toBe(405);
    expect(answer.headers.allow).toBe(allow);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body).code).toBe('method_not_allowed');
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND'])(
    '%s on every route → 405 with Allow',
    async (method) => {
      for (const [path, allow] of [
        ['/api/v1/tokens', 'POST'],
        ['/api/v1/admin/clients', 'POST, GET, HEAD'],
        [`/api/v1/admin/clients/${client.id}`, 'GET, HEAD'],
        ['/api/v1/admin/audit', 'GET, HEAD'],
        ['/oidc/v2/.well-known/openid-configuration', 'GET, HEAD'],
        ['/healthz', 'GET, HEAD'],
      ] as const) {
        const answer = await rawRequest(
          issuer.url,
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        );
        expect(answer.status, `${method} ${path}`).toBe(405);
        expect(answer.headers.allow).toBe(allow);
      }
    },
  );

  it('property: random text in every parameter never yields a 5xx', async () => {
    const targets: ((v: string) => Promise<number>)[] = [
      async (v) => (await get(`/api/v1/admin/clients/${v || 'x'}`)).status,
      async (v) =>
        (
          await issuer.call('POST', `/api/v1/admin/clients/${v || 'x'}/disable`, {
            key: issuer.adminKey,
          })
        ).status,
      ...['jti', 'sub', 'clientId', 'kind', 'since', 'until', 'limit', 'cursor', 'x'].map(
        (name) => async (v: string) => (await get(`/api/v1/admin/audit?${name}=${v}`)).status,
      ),
      async (v) => (await get(`/api/v1/admin/audit?${v}`)).status,
    ];
    const cursors = fc
      .oneof(
        fc.tuple(fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53 - 1)), fc.string()),
        fc.jsonValue(),
      )
      .map(b64);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: targets.length - 1 }),
        fc.oneof(hostileComponent, cursors),
        async (target, value) => {
          const status = await (targets[target] as (v: string) => Promise<number>)(value);
          expect(status, `${target} ${value}`).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    // Headers: visible ASCII, what fetch will send as a header value.
    const headerValue = fc
      .array(fc.integer({ min: 0x20, max: 0x7e }), { maxLength: 80 })
      .map((codes) => String.fromCharCode(...codes));
    await fc.assert(
      fc.asyncProperty(headerValue, async (value) => {
        const auth = await issuer.call('GET', '/api/v1/admin/audit', {
          headers: { authorization: value },
        });
        expect(auth.status).toBe(401);
        const etag = await issuer.call('GET', '/oidc/.well-known/jwks', {
          headers: { 'if-none-match': value },
        });
        expect(etag.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
