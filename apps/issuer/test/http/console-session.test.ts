import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  DEPLOYMENT,
  issuerOn,
  startTestIssuer,
  type TestIssuer,
} from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

const MINUTE = 60_000;

/** The `name=value` part of a Set-Cookie header. */
function cookiePair(setCookie: string | null): string {
  expect(setCookie).not.toBeNull();
  return (setCookie as string).split(';')[0] as string;
}

describe.each(backends)('console sessions on %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let origin: string;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    origin = new URL(issuer.issuerUrl).origin;
  }, 120_000);
  afterAll(async () => cleanup?.());

  async function signIn(): Promise<string> {
    const answer = await issuer.call('POST', '/api/v1/admin/session', { key: issuer.adminKey });
    expect(answer.status, answer.text).toBe(201);
    return cookiePair(answer.headers.get('set-cookie'));
  }

  /** A call as the console's own script makes it: cookie, Origin and the CSRF header. */
  function asConsole(cookie: string, extra: Record<string, string> = {}) {
    return { cookie, origin, 'x-runid-csrf': '1', ...extra };
  }

  it('exchanges an admin key for an HttpOnly, SameSite=Strict cookie and describes the session', async () => {
    const answer = await issuer.call('POST', '/api/v1/admin/session', { key: issuer.adminKey });
    expect(answer.status).toBe(201);
    const setCookie = answer.headers.get('set-cookie') as string;
    expect(setCookie).toMatch(/^runid_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(issuer.adminKey);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const now = issuer.clock();
    expect(answer.json).toEqual({
      admin: 'bootstrap',
      role: 'admin',
      createdAt: new Date(now).toISOString(),
      idleExpiresAt: new Date(now + 30 * MINUTE).toISOString(),
      expiresAt: new Date(now + 12 * 60 * MINUTE).toISOString(),
      idleTimeoutSeconds: 1800,
      absoluteTimeoutSeconds: 43200,
    });
    const session = await issuer.call('GET', '/api/v1/admin/session', {
      headers: { cookie: cookiePair(setCookie) },
    });
    expect(session.status).toBe(200);
    expect(session.json.admin).toBe('bootstrap');
    // The session works for the admin API (a GET needs no CSRF header).
    const keys = await issuer.call('GET', '/api/v1/admin/keys', {
      headers: { cookie: cookiePair(setCookie) },
    });
    expect(keys.status).toBe(200);
    expect(keys.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a bad admin key, a client key and no key at sign-in', async () => {
    const bad = await issuer.call('POST', '/api/v1/admin/session', {
      key: `rid_admin_${'A'.repeat(43)}`,
    });
    expect(bad.status).toBe(401);
    expect(bad.json.code).toBe('unauthorized');
    expect(bad.headers.get('set-cookie')).toBeNull();
    const none = await issuer.call('POST', '/api/v1/admin/session');
    expect(none.json.code).toBe('unauthorized');
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: `c-${backend}`, grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
    });
    const client = await issuer.call('POST', '/api/v1/admin/session', { key: created.json.key });
    expect(client.status).toBe(403);
    expect(client.json.code).toBe('forbidden');
    // A session never lets a client key in: the client key cannot mint through a cookie.
    const unknown = await issuer.call('GET', '/api/v1/admin/session', {
      headers: { cookie: `runid_session=${'x'.repeat(43)}` },
    });
    expect(unknown.status).toBe(401);
    const malformed = await issuer.call('GET', '/api/v1/admin/session', {
      headers: { cookie: 'runid_session=../../etc' },
    });
    expect(malformed.status).toBe(401);
    const noCookie = await issuer.call('GET', '/api/v1/admin/session');
    expect(noCookie.status).toBe(401);
  });

  it('needs Origin and X-RunID-CSRF for cookie calls that change state; refuses cross-origin POSTs', async () => {
    const cookie = await signIn();
    const body = { name: `csrf-${backend}`, grants: [{ kinds: ['deployment'], orgs: ['acme'] }] };
    const noHeader = await issuer.call('POST', '/api/v1/admin/clients', {
      body,
      headers: { cookie, origin },
    });
    expect(noHeader.status).toBe(403);
    expect(noHeader.json.code).toBe('csrf_refused');
    const noOrigin = await issuer.call('POST', '/api/v1/admin/clients', {
      body,
      headers: { cookie, 'x-runid-csrf': '1' },
    });
    expect(noOrigin.json.code).toBe('csrf_refused');
    const crossOrigin = await issuer.call('POST', '/api/v1/admin/clients', {
      body,
      headers: asConsole(cookie, { origin: 'https://evil.example' }),
    });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.json.code).toBe('csrf_refused');
    // A browser's cross-origin POST is refused even with the admin key in Authorization.
    const keyed = await issuer.call('POST', '/api/v1/admin/keys/rotate', {
      key: issuer.adminKey,
      body: { issuer: 'v1', confirm: true },
      headers: { origin: 'https://evil.example' },
    });
    expect(keyed.json.code).toBe('csrf_refused');
    const signInFromElsewhere = await issuer.call('POST', '/api/v1/admin/session', {
      key: issuer.adminKey,
      headers: { origin: 'https://evil.example' },
    });
    expect(signInFromElsewhere.json.code).toBe('csrf_refused');
    expect(signInFromElsewhere.headers.get('set-cookie')).toBeNull();
    expect(
      (await issuer.call('GET', '/api/v1/admin/clients', { key: issuer.adminKey })).json.items.some(
        (c: { name: string }) => c.name === body.name,
      ),
    ).toBe(false);
    const ok = await issuer.call('POST', '/api/v1/admin/clients', {
      body,
      headers: asConsole(cookie),
    });
    expect(ok.status, ok.text).toBe(201);
    // Preview, a POST the console makes, takes the cookie the same way.
    const preview = await issuer.call('POST', '/api/v1/tokens/preview', {
      body: DEPLOYMENT,
      headers: asConsole(cookie),
    });
    expect(preview.status, preview.text).toBe(200);
    const simulated = await issuer.call('POST', '/api/v1/trust/simulate', {
      body: {
        token: DEPLOYMENT,
        relyingParty: {
          vault: { data: { role_type: 'jwt', user_claim: 'sub', bound_audiences: ['acme'] } },
        },
      },
      headers: asConsole(cookie),
    });
    expect(simulated.status, simulated.text).toBe(200);
    const simulatedNoCsrf = await issuer.call('POST', '/api/v1/trust/simulate', {
      body: { token: DEPLOYMENT, relyingParty: { vault: { data: {} } } },
      headers: { cookie, origin },
    });
    expect(simulatedNoCsrf.json.code).toBe('csrf_refused');
  });

  it('ends a session after the idle timeout (injected clock) and deletes it', async () => {
    const cookie = await signIn();
    issuer.clock.advance(29 * MINUTE);
    expect(
      (await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } })).status,
    ).toBe(200);
    // Activity moved the idle deadline: 29 more minutes are fine, 31 without a call are not.
    issuer.clock.advance(29 * MINUTE);
    expect((await issuer.call('GET', '/api/v1/admin/keys', { headers: { cookie } })).status).toBe(
      200,
    );
    issuer.clock.advance(31 * MINUTE);
    const expired = await issuer.call('GET', '/api/v1/admin/keys', { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe('unauthorized');
    expect(expired.json.detail).toMatch(/expired/);
    // Deleted, not only refused: going back in time does not revive it.
    issuer.clock.advance(-31 * MINUTE);
    expect(
      (await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } })).status,
    ).toBe(401);
  });

  it('ends a session at the absolute timeout whatever the activity', async () => {
    const cookie = await signIn();
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      issuer.clock.advance(20 * MINUTE);
      expect(
        (await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } })).status,
      ).toBe(200);
    }
    issuer.clock.advance(20 * MINUTE);
    const expired = await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect(expired.json.detail).toMatch(/expired/);
  });

  it('signs out: the cookie is cleared and refused from then on', async () => {
    const cookie = await signIn();
    const noCsrf = await issuer.call('DELETE', '/api/v1/admin/session', { headers: { cookie } });
    expect(noCsrf.json.code).toBe('csrf_refused');
    const out = await issuer.call('DELETE', '/api/v1/admin/session', {
      headers: asConsole(cookie),
    });
    expect(out.status).toBe(200);
    expect(out.json).toEqual({ ended: true });
    expect(out.headers.get('set-cookie')).toBe(
      'runid_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict',
    );
    const after = await issuer.call('GET', '/api/v1/admin/clients', { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.json.code).toBe('unauthorized');
    const again = await issuer.call('DELETE', '/api/v1/admin/session', {
      headers: asConsole(cookie),
    });
    expect(again.status).toBe(401);
  });

  it.runIf(backend === 'postgres')(
    'a sign-out on one replica is refused by every other',
    async () => {
      const replica = await startTestIssuer({
        databaseUrl: issuer.env.DATABASE_URL as string,
        clock: issuer.clock,
      });
      try {
        const cookie = await signIn();
        const seen = await replica.call('GET', '/api/v1/admin/session', { headers: { cookie } });
        expect(seen.status).toBe(200);
        const out = await issuer.call('DELETE', '/api/v1/admin/session', {
          headers: asConsole(cookie),
        });
        expect(out.status).toBe(200);
        const after = await replica.call('GET', '/api/v1/admin/keys', { headers: { cookie } });
        expect(after.status).toBe(401);
      } finally {
        await replica.close();
        rmSync(replica.dataDir, { recursive: true, force: true });
      }
    },
  );

  it('answers with a strict CSP, nosniff, no framing, and no-store on the API', async () => {
    for (const path of ['/api/v1/admin/keys', '/healthz', '/oidc/.well-known/jwks', '/nope']) {
      const answer = await issuer.call('GET', path, { key: issuer.adminKey });
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
    }
    expect(
      (await issuer.call('GET', '/api/v1/admin/keys', { key: 'nope' })).headers.get(
        'cache-control',
      ),
    ).toBe('no-store');
    expect(
      (await issuer.call('GET', '/oidc/.well-known/jwks')).headers.get('cache-control'),
    ).toMatch(/^public, max-age=/);
  });
});

describe('console sessions on an https issuer', () => {
  it('sets a __Host- cookie with Secure', async () => {
    const { issuer, cleanup } = await issuerOn('sqlite', undefined, {
      env: { RUNID_ISSUER_URL: 'https://id.example.com' },
    });
    try {
      const answer = await issuer.call('POST', '/api/v1/admin/session', { key: issuer.adminKey });
      expect(answer.headers.get('set-cookie')).toMatch(
        /^__Host-runid_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
      );
      const cookie = cookiePair(answer.headers.get('set-cookie'));
      // Only the https origin is the issuer's: the listening address is not.
      const local = await issuer.call('POST', '/api/v1/admin/clients', {
        body: { name: 'x', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
        headers: { cookie, origin: issuer.url, 'x-runid-csrf': '1' },
      });
      expect(local.json.code).toBe('csrf_refused');
      const own = await issuer.call('POST', '/api/v1/admin/clients', {
        body: { name: 'x', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
        headers: { cookie, origin: 'https://id.example.com', 'x-runid-csrf': '1' },
      });
      expect(own.status).toBe(201);
      // The plain-http cookie name is not this issuer's cookie.
      const other = await issuer.call('GET', '/api/v1/admin/session', {
        headers: { cookie: cookie.replace('__Host-', '') },
      });
      expect(other.status).toBe(401);
    } finally {
      await cleanup();
    }
  });

  it('honours RUNID_SESSION_IDLE_TIMEOUT and refuses an absolute timeout below it', async () => {
    const { issuer, cleanup } = await issuerOn('sqlite', undefined, {
      env: { RUNID_SESSION_IDLE_TIMEOUT: '5m', RUNID_SESSION_ABSOLUTE_TIMEOUT: '1h' },
    });
    try {
      const answer = await issuer.call('POST', '/api/v1/admin/session', { key: issuer.adminKey });
      expect(answer.json.idleTimeoutSeconds).toBe(300);
      expect(answer.json.absoluteTimeoutSeconds).toBe(3600);
      const cookie = cookiePair(answer.headers.get('set-cookie'));
      issuer.clock.advance(5 * MINUTE);
      expect(
        (await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } })).status,
      ).toBe(401);
    } finally {
      await cleanup();
    }
    await expect(
      issuerOn('sqlite', undefined, {
        env: { RUNID_SESSION_IDLE_TIMEOUT: '2h', RUNID_SESSION_ABSOLUTE_TIMEOUT: '1h' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_config' });
  });
});

describe('the console build at /console/', () => {
  it('serves the build with the console CSP, falls back to index.html for pages, 404s without a build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runid-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>RunID</title>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), 'console.log(1)');
    const { issuer, cleanup } = await issuerOn('sqlite', undefined, {
      env: { RUNID_CONSOLE_DIR: dir },
    });
    try {
      const page = await issuer.call('GET', '/console/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect((await issuer.call('GET', '/console/clients')).text).toContain('<title>RunID');
      const script = await issuer.call('GET', '/console/assets/app-abc.js');
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('cache-control')).toContain('immutable');
      expect((await issuer.call('GET', '/console/assets/missing.js')).status).toBe(404);
      expect((await issuer.call('GET', '/console/../package.json')).status).toBe(404);
      const bare = await fetch(`${issuer.url}/console`, { redirect: 'manual' });
      expect(bare.status).toBe(308);
      expect(bare.headers.get('location')).toBe('/console/');
    } finally {
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
    const empty = mkdtempSync(join(tmpdir(), 'runid-console-empty-'));
    const missing = await issuerOn('sqlite', undefined, { env: { RUNID_CONSOLE_DIR: empty } });
    try {
      expect((await missing.issuer.call('GET', '/console/')).status).toBe(404);
      expect(missing.issuer.logs.text()).toContain('console not served');
    } finally {
      await missing.cleanup();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
