import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  expressVerifier,
  type TrustPolicy,
  type Verifier,
  type VerifySuccess,
  verifiedFrom,
  verifyRequest,
  withVerifiedToken,
} from '../src/index.js';
import { koaVerifier } from '../src/middleware/koa.js';
import { documentFetch } from './helpers/fake-fetch.js';
import { jwksOf, mint, type TestKey, testKey } from './helpers/keys.js';
import { TEST_FETCH_TIMEOUT_MS } from './helpers/timeouts.js';

const ISSUER = 'https://login.partner.test';
const JWKS = 'https://login.partner.test/jwks';
const NOW = 1_760_000_000;

let key: TestKey;
let other: TestKey;
let verifier: Verifier;
let good: string;
let forged: string;
let expired: string;
const servers: Server[] = [];

const policy: TrustPolicy = { subject: { glob: 'team:payments:*' } };

beforeAll(async () => {
  key = await testKey('k1');
  other = await testKey('k1');
  verifier = createVerifier({
    issuers: [
      { issuer: ISSUER, audience: 'api', algorithms: ['RS256'], jwksUri: JWKS, claims: 'any' },
    ],
    clockTolerance: 0,
    fetchTimeoutMs: TEST_FETCH_TIMEOUT_MS,
    clock: () => NOW * 1000,
    fetch: documentFetch({ [JWKS]: jwksOf(key) }),
  });
  good = await mint(key, { iss: ISSUER, aud: 'api', sub: 'team:payments:worker' }, NOW - 5);
  forged = await mint(other, { iss: ISSUER, aud: 'api', sub: 'team:payments:worker' }, NOW - 5);
  expired = await mint(key, { iss: ISSUER, aud: 'api', sub: 'team:payments:worker' }, NOW - 7200);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Call = (headers: Record<string, string>) => Promise<Response>;

function contract(name: string, setup: () => Promise<{ call: Call; trustedCall: Call }>): void {
  describe(name, () => {
    let call: Call;
    let trustedCall: Call;
    beforeAll(async () => {
      ({ call, trustedCall } = await setup());
    });

    it('passes a valid token through and exposes the verified claims', async () => {
      const response = await call({ authorization: `Bearer ${good}` });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ sub: 'team:payments:worker', iss: ISSUER });
    });

    it('accepts the scheme in any case', async () => {
      expect((await call({ authorization: `bearer ${good}` })).status).toBe(200);
    });

    it('answers 401 with a bare challenge when no token is sent', async () => {
      const response = await call({});
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="payments"');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    it('treats another scheme as no bearer token', async () => {
      const response = await call({ authorization: 'Basic dXNlcjpwYXNz' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="payments"');
    });

    it('answers 400 invalid_request for a malformed Authorization header', async () => {
      for (const authorization of ['Bearer', 'Bearer a b', 'Bearer tok"en', 'Bearer\ttoken']) {
        const response = await call({ authorization });
        expect(response.status, authorization).toBe(400);
        expect(response.headers.get('www-authenticate')).toMatch(
          /^Bearer realm="payments", error="invalid_request"/,
        );
      }
    });

    it('answers 401 invalid_token with a description for a bad signature', async () => {
      const response = await call({ authorization: `Bearer ${forged}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="payments", error="invalid_token", error_description="the token signature is invalid"',
      );
      const body = await response.json();
      expect(body).toMatchObject({
        type: 'https://runid.dev/problems/unauthorized',
        status: 401,
        code: 'unauthorized',
        errors: [{ path: 'authorization', code: 'bad_signature' }],
      });
      expect(JSON.stringify(body)).not.toContain(forged.split('.')[1]);
    });

    it('answers 401 expired for an expired token', async () => {
      const response = await call({ authorization: `Bearer ${expired}` });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errors: [{ code: 'expired' }] });
    });

    it('answers 403 insufficient_scope when the policy does not trust the token', async () => {
      const denied = await mint(
        key,
        { iss: ISSUER, aud: 'api', sub: 'team:billing:worker' },
        NOW - 5,
      );
      const response = await trustedCall({ authorization: `Bearer ${denied}` });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
      expect(await response.text()).not.toContain('team:payments');
      expect((await trustedCall({ authorization: `Bearer ${good}` })).status).toBe(200);
    });
  });
}

contract('Koa', async () => {
  const app = (withPolicy: boolean) => {
    const koa = new Koa();
    koa.use(koaVerifier(verifier, { realm: 'payments', ...(withPolicy ? { policy } : {}) }));
    koa.use((ctx) => {
      const verified = ctx.state.runid as VerifySuccess;
      ctx.body = { sub: verified.claims.sub, iss: verified.issuer };
    });
    return koa;
  };
  const plain = await listen(createServer(app(false).callback()));
  const trusted = await listen(createServer(app(true).callback()));
  return {
    call: (headers) => fetch(plain, { headers }),
    trustedCall: (headers) => fetch(trusted, { headers }),
  };
});

contract('Express', async () => {
  const app = (withPolicy: boolean) => {
    const server = express();
    server.use(expressVerifier(verifier, { realm: 'payments', ...(withPolicy ? { policy } : {}) }));
    server.get('/', (req, res) => {
      const verified = verifiedFrom(req);
      expect(res.locals.runid).toBe(verified);
      res.json({ sub: verified?.claims.sub, iss: verified?.issuer });
    });
    return server;
  };
  const plain = await listen(createServer(app(false)));
  const trusted = await listen(createServer(app(true)));
  return {
    call: (headers) => fetch(plain, { headers }),
    trustedCall: (headers) => fetch(trusted, { headers }),
  };
});

contract('fetch-style handler', async () => {
  const handler = (withPolicy: boolean) =>
    withVerifiedToken(
      verifier,
      (_request: Request, verified) =>
        Response.json({ sub: verified.claims.sub, iss: verified.issuer }),
      { realm: 'payments', ...(withPolicy ? { policy } : {}) },
    );
  const plain = handler(false);
  const trusted = handler(true);
  return {
    call: (headers) => plain(new Request('http://local/', { headers })),
    trustedCall: (headers) => trusted(new Request('http://local/', { headers })),
  };
});

describe('verifyRequest', () => {
  it('refuses two Authorization values joined by Headers', async () => {
    const headers = new Headers();
    headers.append('authorization', `Bearer ${good}`);
    headers.append('authorization', `Bearer ${good}`);
    const result = await verifyRequest(verifier, new Request('http://local/', { headers }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.response.status).toBe(400);
  });

  it('answers 503 with Retry-After when the issuer keys are unavailable', async () => {
    const down = createVerifier({
      issuers: [
        { issuer: ISSUER, audience: 'api', algorithms: ['RS256'], jwksUri: JWKS, claims: 'any' },
      ],
      clockTolerance: 0,
      clock: () => NOW * 1000,
      fetch: documentFetch({}),
    });
    const result = await verifyRequest(
      down,
      new Request('http://local/', { headers: { authorization: `Bearer ${good}` } }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(503);
      expect(result.response.headers.get('retry-after')).toBe('30');
      expect(await result.response.json()).toMatchObject({ code: 'jwks_unavailable' });
    }
  });

  it('rejects a bad policy when the middleware is created, not per request', () => {
    expect(() => koaVerifier(verifier, { policy: {} })).toThrow(/at least one condition/);
    expect(() => expressVerifier(verifier, { policy: { subject: { glob: '**' } } })).toThrow(
      /invalid trust policy/,
    );
    expect(() =>
      withVerifiedToken(verifier, () => new Response(), { policy: { claims: [] } as never }),
    ).toThrow();
  });
});
