import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createVerifier,
  DEFAULT_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  describeFailure,
  type RejectionEvent,
  sanitizeUnverified,
  type VerifySuccess,
} from '../src/index.js';
import { expressVerifier } from '../src/middleware/express.js';
import { documentFetch } from './helpers/fake-fetch.js';
import { jwksOf, mint, testKey } from './helpers/keys.js';

const ISSUER = 'https://login.partner.test';
const JWKS = 'https://login.partner.test/jwks';
const NOW = 1_760_000_000;

describe('safe defaults', () => {
  it('needs neither algorithms nor clockTolerance: RS256/ES256 and 60 s', async () => {
    expect(DEFAULT_ALGORITHMS).toEqual(['RS256', 'ES256']);
    expect(DEFAULT_CLOCK_TOLERANCE_SECONDS).toBe(60);
    const key = await testKey('k1');
    let now = NOW * 1000;
    const verifier = createVerifier({
      issuers: [{ issuer: ISSUER, audience: 'api', jwksUri: JWKS, claims: 'any' }],
      clock: () => now,
      fetch: documentFetch({ [JWKS]: jwksOf(key) }),
    });
    // mint(…, iat) makes a token living one hour from iat.
    const token = await mint(key, { iss: ISSUER, aud: 'api', sub: 's' }, NOW - 3600 - 30);
    expect((await verifier.verify(token)).ok).toBe(true); // 30 s past exp: within 60 s
    now += 31_000;
    expect(await verifier.verify(token)).toMatchObject({ ok: false, code: 'expired' });
  });

  it('bounds clockTolerance', () => {
    const issuers = [{ issuer: ISSUER, audience: 'api', jwksUri: JWKS }];
    expect(() => createVerifier({ issuers, clockTolerance: 301 })).toThrow(/clockTolerance/);
    expect(() => createVerifier({ issuers, clockTolerance: -1 })).toThrow(/clockTolerance/);
    expect(() => createVerifier({ issuers, clockTolerance: 300 })).not.toThrow();
  });

  it('refuses an issuer with a trailing slash at construction, naming the fix', () => {
    expect(() =>
      createVerifier({ issuers: [{ issuer: 'https://id.example.com/oidc/', audience: 'acme' }] }),
    ).toThrow(/must not end with "\/".*use "https:\/\/id\.example\.com\/oidc"/);
    // Generic OIDC issuers may really carry one (Auth0 does).
    expect(() =>
      createVerifier({
        issuers: [{ issuer: 'https://tenant.auth0.test/', audience: 'acme', claims: 'any' }],
      }),
    ).not.toThrow();
  });
});

describe('unknown_issuer names the token iss, safely and outside message', () => {
  it('keeps message fixed and gives a sanitized, bounded unverified.iss', async () => {
    const key = await testKey('k1');
    const verifier = createVerifier({
      issuers: [{ issuer: ISSUER, audience: 'api', jwksUri: JWKS, claims: 'any' }],
      clock: () => NOW * 1000,
      fetch: documentFetch({ [JWKS]: jwksOf(key) }),
    });
    const hostile = `https://evil.test/\u001b[31m\n${'x'.repeat(500)}`;
    const token = await mint(key, { iss: hostile, aud: 'api', sub: 's' }, NOW - 5);
    const result = await verifier.verify(token);
    if (result.ok) throw new Error('expected a failure');
    expect(result.code).toBe('unknown_issuer');
    expect(result.message).toBe('the token issuer is not configured');
    const iss = result.unverified?.iss ?? '';
    expect(iss.startsWith('https://evil.test/\\u001b[31m\\u000a')).toBe(true);
    expect(iss.length).toBeLessThanOrEqual(129);
    expect(iss).toMatch(/^[\x20-\x7e]*…$/);
    expect(describeFailure(result)).toContain('unverified: "https://evil.test/');
    const slash = await mint(key, { iss: `${ISSUER}/`, aud: 'api', sub: 's' }, NOW - 5);
    expect(await verifier.verify(slash)).toMatchObject({
      code: 'issuer_mismatch',
      unverified: { iss: `${ISSUER}/` },
    });
    expect(sanitizeUnverified('plain')).toBe('plain');
  });
});

describe('Express: onRejected and a typed req.runid', () => {
  it('req.runid type-checks through declaration merging', () => {
    expectTypeOf<Request['runid']>().toEqualTypeOf<VerifySuccess | undefined>();
  });

  it('calls onRejected with the reason; a throwing hook does not change the answer', async () => {
    const key = await testKey('k1');
    const verifier = createVerifier({
      issuers: [{ issuer: ISSUER, audience: 'api', jwksUri: JWKS, claims: 'any' }],
      clock: () => NOW * 1000,
      fetch: documentFetch({ [JWKS]: jwksOf(key) }),
    });
    const events: RejectionEvent[] = [];
    const app = express();
    app.use(
      expressVerifier(verifier, {
        policy: { subject: { glob: 'team:payments:*' } },
        onRejected: (event) => {
          events.push(event);
          throw new Error('logger down');
        },
      }),
    );
    app.get('/', (req, res) => {
      res.json({ sub: req.runid?.claims.sub });
    });
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const ok = await mint(key, { iss: ISSUER, aud: 'api', sub: 'team:payments:w' }, NOW - 5);
      expect(
        await (await fetch(url, { headers: { authorization: `Bearer ${ok}` } })).json(),
      ).toEqual({ sub: 'team:payments:w' });
      expect((await fetch(url)).status).toBe(401);
      const unknown = await mint(key, { iss: 'https://other.test', aud: 'api', sub: 's' }, NOW - 5);
      expect((await fetch(url, { headers: { authorization: `Bearer ${unknown}` } })).status).toBe(
        401,
      );
      const outside = await mint(key, { iss: ISSUER, aud: 'api', sub: 'team:web:w' }, NOW - 5);
      const refused = await fetch(url, { headers: { authorization: `Bearer ${outside}` } });
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain('glob');
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(events.map((e) => e.reason)).toEqual([
      'missing_token',
      'unknown_issuer',
      'policy_refused',
    ]);
    expect(events[1]?.failure?.unverified?.iss).toBe('https://other.test');
    expect(events[2]?.policyFailures?.[0]).toMatch(/glob/);
    expect(events[2]?.result?.claims.sub).toBe('team:web:w');
  });
});

describe('algorithms from the issuer discovery document', () => {
  const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;
  const discovery = (algs?: unknown): Record<string, unknown> => ({
    issuer: ISSUER,
    jwks_uri: JWKS,
    ...(algs === undefined ? {} : { id_token_signing_alg_values_supported: algs }),
  });
  const setup = async (algs: unknown, algorithms?: ('RS256' | 'ES256' | 'PS256')[]) => {
    const rsa = await testKey('rsa', 'RS256');
    const ec = await testKey('ec', 'ES256');
    const fetch = documentFetch({ [DISCOVERY]: discovery(algs), [JWKS]: jwksOf(rsa, ec) });
    const verifier = createVerifier({
      issuers: [
        { issuer: ISSUER, audience: 'api', claims: 'any', ...(algorithms ? { algorithms } : {}) },
      ],
      clock: () => NOW * 1000,
      fetch,
    });
    const claims = { iss: ISSUER, aud: 'api', sub: 's' };
    return {
      verifier,
      fetch,
      rs: await mint(rsa, claims, NOW - 5),
      es: await mint(ec, claims, NOW - 5),
    };
  };

  it('without algorithms: the advertised list within RS256/ES256', async () => {
    const { verifier, rs, es } = await setup(['ES256', 'PS256']);
    expect(verifier.status()[0]?.algorithms).toEqual(['RS256', 'ES256']); // not discovered yet
    expect(await verifier.verify(rs)).toMatchObject({
      ok: false,
      code: 'algorithm_not_allowed',
      message: "the token algorithm is not one the issuer's discovery document advertises",
    });
    expect((await verifier.verify(es)).ok).toBe(true);
    // PS256 is advertised but outside the default allow-list.
    expect(verifier.status()[0]?.algorithms).toEqual(['ES256']);
    // Instants in the public types are Dates (max-age=600 from the injected clock).
    expect(verifier.status()[0]?.expiresAt).toEqual(new Date((NOW + 600) * 1000));
  });

  it('an advertised list with none of the allowed algorithms refuses every token', async () => {
    const { verifier, rs, es } = await setup(['PS256', 'HS256']);
    expect(await verifier.verify(rs)).toMatchObject({ code: 'algorithm_not_allowed' });
    expect(await verifier.verify(es)).toMatchObject({ code: 'algorithm_not_allowed' });
    expect(verifier.status()[0]?.algorithms).toEqual([]);
  });

  it('a document without the member keeps the allow-list', async () => {
    const { verifier, rs, es } = await setup(undefined);
    expect((await verifier.verify(rs)).ok).toBe(true);
    expect((await verifier.verify(es)).ok).toBe(true);
  });

  it('a malformed list fails discovery (no key is fetched)', async () => {
    const { verifier, fetch, rs } = await setup('RS256');
    expect(await verifier.verify(rs)).toMatchObject({ code: 'jwks_unavailable' });
    expect(verifier.status()[0]?.lastError).toMatch(/id_token_signing_alg_values_supported/);
    expect(fetch.calls).toEqual([DISCOVERY]);
  });

  it('explicit algorithms are the caller’s decision: discovery does not narrow them', async () => {
    const { verifier, rs } = await setup(['ES256'], ['RS256']);
    expect((await verifier.verify(rs)).ok).toBe(true);
    expect(verifier.status()[0]?.algorithms).toEqual(['RS256']);
  });

  it('an algorithm outside the allow-list is refused before any fetch', async () => {
    const { verifier, fetch } = await setup(['RS256', 'PS256']);
    const segment = (value: object): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${segment({ alg: 'PS256', kid: 'rsa', typ: 'JWT' })}.${segment({ iss: ISSUER, aud: 'api', exp: NOW + 60 })}.${'A'.repeat(342)}`;
    expect(await verifier.verify(token)).toMatchObject({ code: 'algorithm_not_allowed' });
    expect(fetch.calls).toEqual([]);
  });
});

describe('audience_mismatch names the token aud, outside message', () => {
  it('lists the sanitized, bounded audiences and never the token', async () => {
    const key = await testKey('k1');
    const verifier = createVerifier({
      issuers: [{ issuer: ISSUER, audience: 'api', jwksUri: JWKS, claims: 'any' }],
      clock: () => NOW * 1000,
      fetch: documentFetch({ [JWKS]: jwksOf(key) }),
    });
    const single = await mint(key, { iss: ISSUER, aud: 'payments', sub: 's' }, NOW - 5);
    const result = await verifier.verify(single);
    if (result.ok) throw new Error('expected a failure');
    expect(result).toMatchObject({ code: 'audience_mismatch', audience: ['payments'] });
    expect(result.message).toBe('the token audience is not one this verifier accepts');
    expect(describeFailure(result)).toBe(`${result.message} (the token's aud: "payments")`);
    expect(JSON.stringify(result)).not.toContain(single.split('.')[1]);
    const many = Array.from({ length: 12 }, (_, i) => `aud-${i}\n`);
    const listed = await verifier.verify(await mint(key, { iss: ISSUER, aud: many }, NOW - 5));
    if (listed.ok) throw new Error('expected a failure');
    expect(listed.audience).toHaveLength(10);
    expect(listed.audience?.[0]).toBe('aud-0\\u000a');
  });
});

describe('Koa: onRejected and ctx.state.runid', () => {
  it('calls onRejected with why; a rejecting hook does not change the answer', async () => {
    const { default: Koa } = await import('koa');
    const { koaVerifier } = await import('../src/middleware/koa.js');
    const key = await testKey('k1');
    const verifier = createVerifier({
      issuers: [{ issuer: ISSUER, audience: 'api', jwksUri: JWKS, claims: 'any' }],
      clock: () => NOW * 1000,
      fetch: documentFetch({ [JWKS]: jwksOf(key) }),
    });
    const events: RejectionEvent[] = [];
    const app = new Koa();
    app.use(
      koaVerifier(verifier, {
        onRejected: async (event) => {
          events.push(event);
          throw new Error('logger down');
        },
      }),
    );
    app.use((ctx) => {
      ctx.body = { sub: ctx.state.runid?.claims.sub };
    });
    const server = createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const ok = await mint(key, { iss: ISSUER, aud: 'api', sub: 'svc' }, NOW - 5);
      expect(
        await (await fetch(url, { headers: { authorization: `Bearer ${ok}` } })).json(),
      ).toEqual({ sub: 'svc' });
      const other = await mint(key, { iss: ISSUER, aud: 'payments', sub: 'svc' }, NOW - 5);
      expect((await fetch(url, { headers: { authorization: `Bearer ${other}` } })).status).toBe(
        401,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(events.map((e) => e.reason)).toEqual(['audience_mismatch']);
    expect(events[0]?.failure?.audience).toEqual(['payments']);
    expect(events[0]?.body.detail).toBe('the token audience is not one this verifier accepts');
  });
});
