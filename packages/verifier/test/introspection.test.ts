import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  type IntrospectionOptions,
  statusForCode,
  VerifierError,
  type VerifierOptions,
  verifyRequest,
} from '../src/index.js';
import { jwksOf, mint, type TestKey, testKey } from './helpers/keys.js';

const ISSUER = 'https://id.example.com/oidc';
const ENDPOINT = `${ISSUER}/introspect`;
const AUD = 'acme';
const T0 = 1_760_000_000_000;
const CREDENTIAL = 'rid_client_test-credential';

let key: TestKey;

beforeAll(async () => {
  key = await testKey('k1');
});

interface Post {
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: string;
}

/**
 * Discovery and JWKS from memory, and an introspection endpoint whose answer a test chooses per
 * token. Counts the POSTs.
 */
function issuerFetch(
  answer: (token: string) => Response | Promise<Response>,
  discovery: Record<string, unknown> = { introspection_endpoint: ENDPOINT },
) {
  const posts: Post[] = [];
  const fetch = async (
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string; redirect: string },
  ): Promise<Response> => {
    if (init.method === 'POST') {
      posts.push({ url, headers: init.headers, body: init.body ?? '', redirect: init.redirect });
      return answer(new URLSearchParams(init.body).get('token') ?? '');
    }
    if (url === `${ISSUER}/.well-known/openid-configuration`) {
      return Response.json({
        issuer: ISSUER,
        jwks_uri: `${ISSUER}/.well-known/jwks`,
        ...discovery,
      });
    }
    if (url === `${ISSUER}/.well-known/jwks`) return Response.json(jwksOf(key));
    return new Response('not found', { status: 404 });
  };
  return Object.assign(fetch, { posts });
}

function verifierWith(
  fetch: ReturnType<typeof issuerFetch>,
  introspection: Partial<IntrospectionOptions> | null = {},
  clock: () => number = () => T0,
  extra: Partial<VerifierOptions> = {},
) {
  return createVerifier({
    issuers: [
      {
        issuer: ISSUER,
        audience: AUD,
        algorithms: ['RS256'],
        claims: 'any',
        ...(introspection !== null && {
          introspection: { credential: CREDENTIAL, ...introspection },
        }),
      },
    ],
    fetch: fetch as never,
    fetchTimeoutMs: 500,
    clock,
    ...extra,
  });
}

const token = (claims: Record<string, unknown> = {}) =>
  mint(key, { iss: ISSUER, aud: AUD, jti: 'jti-1', ...claims }, T0 / 1000);

const active = (extra: Record<string, unknown> = {}) =>
  Response.json({ active: true, iss: ISSUER, jti: 'jti-1', client_id: 'cl_1', ...extra });

describe('introspection option: validation', () => {
  it.each([
    [{ credential: '' }, 'issuers[0].introspection.credential'],
    [{ credential: 'has space' }, 'issuers[0].introspection.credential'],
    [{ credential: 'x\n' }, 'issuers[0].introspection.credential'],
    [{ credential: 'k', cacheSeconds: 61 }, 'issuers[0].introspection.cacheSeconds'],
    [{ credential: 'k', cacheSeconds: -1 }, 'issuers[0].introspection.cacheSeconds'],
    [{ credential: 'k', cacheSeconds: Number.NaN }, 'issuers[0].introspection.cacheSeconds'],
    [{ credential: 'k', fetch: 'no' }, 'issuers[0].introspection.fetch'],
    ['yes', 'issuers[0].introspection'],
  ])('%j is invalid_config at %s', (introspection, path) => {
    const make = () =>
      createVerifier({
        issuers: [{ issuer: ISSUER, audience: AUD, introspection: introspection as never }],
      });
    expect(make).toThrow(VerifierError);
    try {
      make();
    } catch (error) {
      expect((error as VerifierError).code).toBe('invalid_config');
      expect((error as VerifierError).issues.map((i) => i.path)).toContain(path);
    }
  });

  it('needs discovery: a configured jwksUri is refused', () => {
    expect(() =>
      createVerifier({
        issuers: [
          {
            issuer: ISSUER,
            audience: AUD,
            jwksUri: `${ISSUER}/.well-known/jwks`,
            introspection: { credential: 'k' },
          },
        ],
      }),
    ).toThrow(/introspection needs the issuer's discovery document/);
  });

  it('accepts cacheSeconds 0 and 60', () => {
    for (const cacheSeconds of [0, 60]) {
      expect(() =>
        verifierWith(
          issuerFetch(() => active()),
          { cacheSeconds },
        ),
      ).not.toThrow();
    }
  });
});

describe('introspection option: verify', () => {
  it('is off by default: nothing is posted', async () => {
    const fetch = issuerFetch(() => active());
    const result = await verifierWith(fetch, null).verify(await token());
    expect(result.ok).toBe(true);
    expect(result.ok && result.introspection).toBeUndefined();
    expect(fetch.posts).toEqual([]);
  });

  it('accepts an active token with the answer, posting the form to the discovered endpoint', async () => {
    const fetch = issuerFetch(() => active({ run: { id: 'run_1', state: 'running' } }));
    const jwt = await token();
    const result = await verifierWith(fetch).verify(jwt);
    expect(result).toMatchObject({
      ok: true,
      introspection: { active: true, client_id: 'cl_1', run: { id: 'run_1', state: 'running' } },
    });
    expect(fetch.posts).toHaveLength(1);
    const [post] = fetch.posts;
    expect(post?.url).toBe(ENDPOINT);
    expect(post?.redirect).toBe('manual');
    expect(post?.headers).toMatchObject({
      authorization: `Bearer ${CREDENTIAL}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(new URLSearchParams(post?.body).get('token')).toBe(jwt);
  });

  it('refuses an inactive token with token_inactive (401)', async () => {
    const fetch = issuerFetch(() => Response.json({ active: false }));
    const result = await verifierWith(fetch).verify(await token());
    expect(result).toMatchObject({ ok: false, code: 'token_inactive' });
    expect(statusForCode('token_inactive')).toBe(401);
  });

  it.each([
    ['a 500', () => new Response('boom', { status: 500 })],
    ['a 401 (a bad credential)', () => Response.json({ code: 'unauthorized' }, { status: 401 })],
    ['a 403', () => Response.json({ code: 'grant_denied' }, { status: 403 })],
    ['a redirect', () => new Response(null, { status: 302, headers: { location: '/x' } })],
    ['not JSON', () => new Response('<html>', { status: 200 })],
    ['no active member', () => Response.json({ iss: ISSUER })],
    ['active as a string', () => Response.json({ active: 'true' })],
    ['an answer about another token', () => active({ jti: 'other' })],
    [
      'a network failure',
      () => {
        throw new TypeError('fetch failed');
      },
    ],
    ['a timeout', () => new Promise<Response>(() => {})],
  ])('%s is introspection_unavailable (503), never an accept', async (_name, answer) => {
    const fetch = issuerFetch(answer);
    const result = await verifierWith(fetch).verify(await token());
    expect(result).toMatchObject({ ok: false, code: 'introspection_unavailable' });
    expect(statusForCode('introspection_unavailable')).toBe(503);
    if (!result.ok) expect(result.message).not.toContain(CREDENTIAL);
  });

  it.each([
    ['no introspection_endpoint', {}],
    [
      'an endpoint on another origin',
      { introspection_endpoint: 'https://evil.example/introspect' },
    ],
    ['a plain-http endpoint', { introspection_endpoint: 'http://id.example.com/oidc/introspect' }],
    ['a non-string endpoint', { introspection_endpoint: 42 }],
  ])(
    'discovery with %s: introspection_unavailable, the credential is not sent',
    async (_name, doc) => {
      const fetch = issuerFetch(() => active(), doc);
      const result = await verifierWith(fetch).verify(await token());
      expect(result).toMatchObject({ ok: false, code: 'introspection_unavailable' });
      expect(fetch.posts).toEqual([]);
    },
  );

  it('never introspects a token that fails a local check', async () => {
    const fetch = issuerFetch(() => active());
    const verifier = verifierWith(fetch);
    expect(await verifier.verify(await token({ exp: T0 / 1000 - 3600 }))).toMatchObject({
      code: 'expired',
    });
    expect(await verifier.verify(await token({ aud: 'other' }))).toMatchObject({
      code: 'audience_mismatch',
    });
    expect(fetch.posts).toEqual([]);
  });

  it('reuses an answer for cacheSeconds (default 10 s), then asks again; failures are not kept', async () => {
    let now = T0;
    let live = true;
    let fail = false;
    const fetch = issuerFetch(() =>
      fail ? new Response('down', { status: 503 }) : Response.json({ active: live }),
    );
    const verifier = verifierWith(fetch, {}, () => now);
    const jwt = await token();
    expect((await verifier.verify(jwt)).ok).toBe(true);
    live = false;
    now += 9_999;
    expect((await verifier.verify(jwt)).ok).toBe(true);
    expect(fetch.posts).toHaveLength(1);
    now += 1;
    expect(await verifier.verify(jwt)).toMatchObject({ code: 'token_inactive' });
    expect(fetch.posts).toHaveLength(2);
    // An inactive answer is kept too; purge drops it.
    expect(await verifier.verify(jwt)).toMatchObject({ code: 'token_inactive' });
    expect(fetch.posts).toHaveLength(2);
    verifier.purge();
    fail = true;
    expect(await verifier.verify(jwt)).toMatchObject({ code: 'introspection_unavailable' });
    expect(await verifier.verify(jwt)).toMatchObject({ code: 'introspection_unavailable' });
    expect(fetch.posts).toHaveLength(4);
  });

  it('cacheSeconds 0 asks every time; concurrent verifies of one token share one request', async () => {
    const fetch = issuerFetch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return active();
    });
    const verifier = verifierWith(fetch, { cacheSeconds: 0 });
    const jwt = await token();
    const results = await Promise.all([1, 2, 3].map(() => verifier.verify(jwt)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fetch.posts).toHaveLength(1);
    await verifier.verify(jwt);
    expect(fetch.posts).toHaveLength(2);
  });

  it("uses introspection.fetch when given, else the verifier's fetch", async () => {
    const documents = issuerFetch(() => new Response('wrong fetch', { status: 500 }));
    const own = issuerFetch(() => active());
    const verifier = verifierWith(documents, { fetch: own as never });
    expect((await verifier.verify(await token())).ok).toBe(true);
    expect(own.posts).toHaveLength(1);
    expect(documents.posts).toEqual([]);
  });

  it('the middleware answers 503 with Retry-After when introspection is unavailable, 401 when inactive', async () => {
    const jwt = await token();
    const request = () =>
      new Request('http://local/', { headers: { authorization: `Bearer ${jwt}` } });
    const down = await verifyRequest(
      verifierWith(issuerFetch(() => new Response('down', { status: 502 }))),
      request(),
    );
    expect(down.ok).toBe(false);
    if (!down.ok) {
      expect(down.response.status).toBe(503);
      expect(down.response.headers.get('retry-after')).toBeTruthy();
      expect(await down.response.json()).toMatchObject({ code: 'introspection_unavailable' });
    }
    const inactive = await verifyRequest(
      verifierWith(issuerFetch(() => Response.json({ active: false }))),
      request(),
    );
    expect(!inactive.ok && inactive.response.status).toBe(401);
  });
});
