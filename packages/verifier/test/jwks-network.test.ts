import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createVerifier,
  type Verifier,
  type VerifierOptions,
  type VerifyResult,
} from '../src/index.js';
import {
  huge,
  json,
  redirect,
  stall,
  stallMidBody,
  status,
  TestServer,
} from './helpers/jwks-server.js';
import { jwksOf, mint, type TestKey, testKey } from './helpers/keys.js';
import { STALL_FETCH_TIMEOUT_MS, TEST_FETCH_TIMEOUT_MS } from './helpers/timeouts.js';

const T0 = 1_760_000_000_000;
const AUD = 'my-service';

let keyA: TestKey;
let keyB: TestKey;
let server: TestServer;
let now: number;
let issuer: string;
let verifier: Verifier;

beforeAll(async () => {
  keyA = await testKey('key-a');
  keyB = await testKey('key-b');
  // The first fetch of a process loads undici; pay that here, outside any timed request.
  const warmUp = await new TestServer().start();
  await (await fetch(`${warmUp.origin}/warm-up`)).text();
  await warmUp.close();
});

beforeEach(async () => {
  server = await new TestServer().start();
  issuer = server.origin;
  now = T0;
});

afterEach(async () => {
  await verifier?.idle();
  await server.close();
});

function make(options: Partial<VerifierOptions> = {}, jwksUri?: string): Verifier {
  verifier = createVerifier({
    issuers: [
      {
        issuer,
        audience: AUD,
        algorithms: ['RS256', 'ES256'],
        claims: 'any',
        ...(jwksUri === undefined ? {} : { jwksUri }),
      },
    ],
    clockTolerance: 30,
    clock: () => now,
    // Only the stall tests need a timeout that fires; they pass a short one.
    fetchTimeoutMs: TEST_FETCH_TIMEOUT_MS,
    ...options,
  });
  return verifier;
}

/** Why a verification failed, with the last fetch error: a failed assertion then says why. */
function why(result: VerifyResult): string {
  if (result.ok) return 'verified';
  return `${result.code}: ${result.message} (last fetch error: ${verifier.status()[0]?.lastError})`;
}

async function expectVerified(t: string, expected: Record<string, unknown> = {}): Promise<void> {
  const result = await verifier.verify(t);
  expect(result, why(result)).toMatchObject({ ok: true, ...expected });
}

const token = (
  key: TestKey,
  header: Record<string, unknown> = {},
  claims: Record<string, unknown> = {},
) => mint(key, { iss: issuer, aud: AUD, ...claims }, Math.floor(now / 1000), header);

function serveDiscovery(jwksPath = '/jwks'): void {
  server.route(
    '/.well-known/openid-configuration',
    json({ issuer, jwks_uri: `${issuer}${jwksPath}` }, { 'cache-control': 'max-age=600' }),
  );
}

describe('discovery', () => {
  it('finds the JWKS through the issuer discovery document, then serves from cache', async () => {
    serveDiscovery();
    server.route('/jwks', json(jwksOf(keyA), { 'cache-control': 'public, max-age=600' }));
    make();
    const t = await token(keyA);
    await expectVerified(t, { kind: undefined, issuer });
    await expectVerified(t);
    expect(server.count('/.well-known/openid-configuration')).toBe(1);
    expect(server.count('/jwks')).toBe(1);
  });

  it('strips a trailing slash from the issuer before appending the well-known path', async () => {
    issuer = `${server.origin}/`;
    server.route(
      '/.well-known/openid-configuration',
      json({ issuer, jwks_uri: `${server.origin}/jwks` }),
    );
    server.route('/jwks', json(jwksOf(keyA)));
    make();
    await expectVerified(await token(keyA));
  });

  it('refuses a discovery document naming another issuer, and never fetches its jwks_uri', async () => {
    server.route(
      '/.well-known/openid-configuration',
      json({ issuer: `${issuer}/`, jwks_uri: `${issuer}/jwks` }),
    );
    server.route('/jwks', json(jwksOf(keyA)));
    make();
    const result = await verifier.verify(await token(keyA));
    expect(result).toMatchObject({ ok: false, code: 'jwks_unavailable' });
    expect(server.count('/jwks')).toBe(0);
    expect(verifier.status()[0]?.lastError).toMatch(/issuer/);
  });

  it('refuses a jwks_uri that is plain http on a non-loopback host', async () => {
    server.route(
      '/.well-known/openid-configuration',
      json({ issuer, jwks_uri: 'http://keys.example.test/jwks' }),
    );
    make();
    expect(await verifier.verify(await token(keyA))).toMatchObject({ code: 'jwks_unavailable' });
    expect(verifier.status()[0]?.lastError).toMatch(/https/);
  });

  it('a configured jwksUri skips discovery', async () => {
    server.route('/keys', json(jwksOf(keyA)));
    make({}, `${server.origin}/keys`);
    await expectVerified(await token(keyA));
    expect(server.count('/.well-known/openid-configuration')).toBe(0);
  });
});

describe('refetch on unknown kid', () => {
  beforeEach(() => {
    serveDiscovery();
    server.route('/jwks', json(jwksOf(keyA)));
  });

  it('picks up a rotated-in key once the cooldown has passed', async () => {
    make();
    await expectVerified(await token(keyA));
    server.route('/jwks', json(jwksOf(keyA, keyB)));
    const withB = await token(keyB);
    now += 5_000;
    expect(await verifier.verify(withB)).toMatchObject({ ok: false, code: 'unknown_kid' });
    expect(server.count('/jwks')).toBe(1);
    now += 26_000;
    await expectVerified(withB);
    expect(server.count('/jwks')).toBe(2);
  });

  it('single-flight: concurrent verifications of unknown kids cause one fetch', async () => {
    make();
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => token(keyA, { kid: `unknown-${i}` })),
    );
    // Cold cache: all of them wait for the same first fetch.
    const first = await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(first.every((r) => !r.ok && r.code === 'unknown_kid')).toBe(true);
    expect(server.count('/jwks')).toBe(1);
    now += 31_000;
    const second = await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(second.every((r) => !r.ok && r.code === 'unknown_kid')).toBe(true);
    expect(server.count('/jwks')).toBe(2);
  });

  it('cooldown: at most one refetch per 30 s however many unknown kids arrive', async () => {
    make();
    await verifier.verify(await token(keyA));
    expect(server.count('/jwks')).toBe(1);
    for (let second = 1; second < 30; second++) {
      now = T0 + second * 1000;
      await verifier.verify(await token(keyA, { kid: `storm-${second}` }));
    }
    expect(server.count('/jwks')).toBe(1);
    now = T0 + 30_000;
    await verifier.verify(await token(keyA, { kid: 'after-cooldown' }));
    expect(server.count('/jwks')).toBe(2);
    now = T0 + 45_000;
    await verifier.verify(await token(keyA, { kid: 'again' }));
    expect(server.count('/jwks')).toBe(2);
  });

  it('the cooldown is configurable', async () => {
    make({ refetchCooldownSeconds: 5 });
    await verifier.verify(await token(keyA));
    now += 6_000;
    await verifier.verify(await token(keyA, { kid: 'x' }));
    expect(server.count('/jwks')).toBe(2);
  });

  it('a malformed kid never triggers a refetch', async () => {
    make();
    await verifier.verify(await token(keyA));
    now += 60_000;
    for (const kid of ['k'.repeat(300), 42, '', 'tab\tkid', ['key-a']]) {
      expect(await verifier.verify(await token(keyA, { kid }))).toMatchObject({
        code: 'malformed',
      });
    }
    expect(server.count('/jwks')).toBe(1);
  });

  it('a known kid with a bad signature never triggers a refetch', async () => {
    make();
    await verifier.verify(await token(keyA));
    now += 60_000;
    // Signed by B but naming A.
    const forged = await token(keyB, { kid: 'key-a' });
    for (let i = 0; i < 5; i++) {
      expect(await verifier.verify(forged)).toMatchObject({ code: 'bad_signature' });
    }
    expect(server.count('/jwks')).toBe(1);
  });

  it('an unconfigured issuer is refused before any network I/O', async () => {
    make();
    const foreign = await mint(
      keyA,
      { iss: 'https://evil.test', aud: AUD },
      Math.floor(now / 1000),
    );
    expect(await verifier.verify(foreign)).toMatchObject({ code: 'unknown_issuer' });
    expect(server.total()).toBe(0);
  });

  it('a key removed by a rotation stops verifying after the next refresh', async () => {
    server.route('/jwks', json(jwksOf(keyA, keyB), { 'cache-control': 'max-age=60' }));
    make();
    const withA = await token(keyA);
    await expectVerified(withA);
    server.route('/jwks', json(jwksOf(keyB), { 'cache-control': 'max-age=60' }));
    now += 61_000;
    // Stale: answered from the last set while one refresh runs in the background.
    await expectVerified(withA);
    await verifier.idle();
    expect(server.count('/jwks')).toBe(2);
    expect(await verifier.verify(withA)).toMatchObject({ code: 'unknown_kid' });
  });
});

describe('Cache-Control', () => {
  beforeEach(() => serveDiscovery());

  async function fetchesAfter(cacheControl: string, offsets: number[]): Promise<number[]> {
    server.route('/jwks', json(jwksOf(keyA), { 'cache-control': cacheControl }));
    make({ cache: { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 } });
    const t = await mint(keyA, { iss: issuer, aud: AUD }, Math.floor(T0 / 1000), {});
    const counts: number[] = [];
    for (const offset of offsets) {
      now = T0 + offset * 1000;
      // Tokens live 1 h; keep them valid by re-minting at the current time when needed.
      const current = offset < 3000 ? t : await token(keyA);
      await expectVerified(current);
      await verifier.idle();
      counts.push(server.count('/jwks'));
    }
    return counts;
  }

  it('honours max-age', async () => {
    expect(await fetchesAfter('public, max-age=120', [0, 119, 121, 200])).toEqual([1, 1, 2, 2]);
  });

  it('clamps a tiny max-age to the minimum', async () => {
    expect(await fetchesAfter('max-age=1', [0, 30, 59, 61])).toEqual([1, 1, 1, 2]);
  });

  it('clamps a huge max-age to the maximum', async () => {
    expect(await fetchesAfter('max-age=999999999', [0, 3599, 3601])).toEqual([1, 1, 2]);
  });

  it('treats no-store as the minimum, never as "fetch on every token"', async () => {
    expect(await fetchesAfter('no-store', [0, 10, 59, 61])).toEqual([1, 1, 1, 2]);
  });

  it('subtracts Age', async () => {
    server.route('/jwks', json(jwksOf(keyA), { 'cache-control': 'max-age=300', age: '200' }));
    make({ cache: { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 } });
    const t = await token(keyA);
    await verifier.verify(t);
    now += 99_000;
    await verifier.verify(t);
    await verifier.idle();
    expect(server.count('/jwks')).toBe(1);
    now += 2_000;
    await verifier.verify(t);
    await verifier.idle();
    expect(server.count('/jwks')).toBe(2);
  });

  it('uses the default lifetime without Cache-Control', async () => {
    expect(await fetchesAfter('', [0, 599, 601])).toEqual([1, 1, 2]);
  });
});

describe('misbehaving JWKS endpoints', () => {
  beforeEach(() => serveDiscovery());

  // Only the stalls need the timeout to fire; every other endpoint answers at once.
  const stalling: Partial<VerifierOptions> = { fetchTimeoutMs: STALL_FETCH_TIMEOUT_MS };
  const failures: Array<[string, () => void, RegExp, Partial<VerifierOptions>?]> = [
    ['500', () => server.route('/jwks', status(500)), /500/],
    ['404', () => server.route('/jwks', status(404)), /404/],
    ['a stall before the headers', () => server.route('/jwks', stall()), /timed out/, stalling],
    [
      'a stall in the middle of the body',
      () => server.route('/jwks', stallMidBody()),
      /timed out/,
      stalling,
    ],
    [
      'a redirect (never followed)',
      () => {
        server.route('/jwks', redirect('/jwks-elsewhere'));
        server.route('/jwks-elsewhere', json(jwksOf(keyA)));
      },
      /redirect/,
    ],
    [
      'a 301 redirect',
      () => server.route('/jwks', redirect('https://evil.test/jwks', 301)),
      /redirect/,
    ],
    ['HTML junk', () => server.route('/jwks', json('<html>oops</html>')), /JSON/],
    ['JSON without keys', () => server.route('/jwks', json({ hello: 'world' })), /keys/],
    ['"keys" not an array', () => server.route('/jwks', json({ keys: 'nope' })), /keys/],
    ['an empty key set', () => server.route('/jwks', json({ keys: [] })), /usable/],
    [
      'only unusable keys (symmetric, private, no kid)',
      () =>
        server.route(
          '/jwks',
          json({
            keys: [
              { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
              { ...keyA.jwk, kid: undefined },
              { ...keyA.jwk, d: 'AAAA' },
            ],
          }),
        ),
      /usable/,
    ],
    [
      'a JWKS with duplicate members',
      () => server.route('/jwks', json(`{"keys":[],"keys":[${JSON.stringify(keyA.jwk)}]}`)),
      /duplicate/,
    ],
    [
      'a huge body with Content-Length',
      () => server.route('/jwks', huge(2 * 1024 * 1024, true)),
      /larger/,
    ],
    ['a huge chunked body', () => server.route('/jwks', huge(2 * 1024 * 1024, false)), /larger/],
    [
      'more than 100 keys',
      () =>
        server.route(
          '/jwks',
          json({ keys: Array.from({ length: 101 }, (_, i) => ({ ...keyA.jwk, kid: `k${i}` })) }),
        ),
      /100/,
    ],
  ];

  it.each(failures)(
    'cold cache, %s: jwks_unavailable, and no retry inside the cooldown',
    async (_name, arrange, reason, options) => {
      arrange();
      make(options);
      const t = await token(keyA);
      expect(await verifier.verify(t)).toMatchObject({ ok: false, code: 'jwks_unavailable' });
      expect(verifier.status()[0]?.lastError).toMatch(reason);
      const hits = server.count('/jwks');
      expect(hits).toBe(1);
      now += 10_000;
      expect(await verifier.verify(t)).toMatchObject({ code: 'jwks_unavailable' });
      expect(server.count('/jwks')).toBe(1);
      expect(server.count('/jwks-elsewhere')).toBe(0);
    },
  );

  it.each(failures)(
    'warm cache, %s: the last good set is kept',
    async (_name, arrange, reason, options) => {
      server.route('/jwks', json(jwksOf(keyA), { 'cache-control': 'max-age=60' }));
      make(options);
      const t = await token(keyA);
      await expectVerified(t);
      arrange();
      now += 61_000;
      await expectVerified(t);
      await verifier.idle();
      expect(server.count('/jwks')).toBe(2);
      expect(verifier.status()[0]).toMatchObject({ keys: 1 });
      expect(verifier.status()[0]?.lastError).toMatch(reason);
      // reload() reports the failure and keeps the set too.
      const [report] = await verifier.reload();
      expect(report).toMatchObject({ ok: false, keys: 1 });
      await expectVerified(t);
    },
  );

  it('recovers once the endpoint is healthy again', async () => {
    server.route('/jwks', status(503));
    make();
    const t = await token(keyA);
    expect(await verifier.verify(t)).toMatchObject({ code: 'jwks_unavailable' });
    server.route('/jwks', json(jwksOf(keyA)));
    now += 30_000;
    await expectVerified(t);
    expect(verifier.status()[0]?.lastError).toBeUndefined();
  });

  it('a failing discovery endpoint keeps the last discovered jwks_uri', async () => {
    server.route(
      '/.well-known/openid-configuration',
      json({ issuer, jwks_uri: `${issuer}/jwks` }, { 'cache-control': 'max-age=60' }),
    );
    server.route('/jwks', json(jwksOf(keyA), { 'cache-control': 'max-age=60' }));
    make();
    await expectVerified(await token(keyA));
    server.route('/.well-known/openid-configuration', status(500));
    server.route('/jwks', json(jwksOf(keyA, keyB), { 'cache-control': 'max-age=60' }));
    now += 61_000;
    expect((await verifier.reload())[0]).toMatchObject({ ok: true, keys: 2 });
    await expectVerified(await token(keyB));
  });
});

describe('purge and reload', () => {
  beforeEach(() => {
    serveDiscovery();
    server.route('/jwks', json(jwksOf(keyA)));
  });

  it('purge() forgets keys and discovery; the next token fetches both again', async () => {
    make();
    const t = await token(keyA);
    await verifier.verify(t);
    verifier.purge();
    expect(verifier.status()[0]).toMatchObject({ keys: 0, expiresAt: undefined });
    await expectVerified(t);
    expect(server.count('/.well-known/openid-configuration')).toBe(2);
    expect(server.count('/jwks')).toBe(2);
  });

  it('reload() fetches now, ignoring the cooldown, and reports', async () => {
    make();
    await verifier.verify(await token(keyA));
    server.route('/jwks', json(jwksOf(keyA, keyB)));
    expect(await verifier.reload()).toEqual([{ issuer, ok: true, keys: 2 }]);
    expect(server.count('/jwks')).toBe(2);
    await expectVerified(await token(keyB));
  });

  it('concurrent reloads share one fetch', async () => {
    make();
    await Promise.all([verifier.reload(), verifier.reload(), verifier.reload()]);
    expect(server.count('/jwks')).toBe(1);
  });
});
