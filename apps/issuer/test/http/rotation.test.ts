import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT, startTestIssuer, type TestIssuer } from '../support/issuer.js';

let issuer: TestIssuer;
let clientKey: string;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const created = await issuer.call('POST', '/api/v1/admin/clients', {
    key: issuer.adminKey,
    body: {
      name: `c-${randomBytes(4).toString('hex')}`,
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    },
  });
  clientKey = created.json.key;
}, 60_000);

afterAll(async () => {
  await issuer.close();
  rmSync(issuer.dataDir, { recursive: true, force: true });
});

async function keysOf(version: 'v1' | 'v2') {
  const list = await issuer.call('GET', '/api/v1/admin/keys', { key: issuer.adminKey });
  // biome-ignore lint/suspicious/noExplicitAny: JSON answer
  return (list.json.items as any[]).filter((k) => k.issuer === version);
}

async function jwks(path = '/oidc/.well-known/jwks') {
  const answer = await issuer.call('GET', path);
  return {
    kids: (answer.json.keys as { kid: string }[]).map((k) => k.kid),
    etag: answer.headers.get('etag'),
    cacheControl: answer.headers.get('cache-control'),
    json: answer.json,
  };
}

describe('POST /api/v1/admin/keys/rotate (emergency rotation)', () => {
  it('serves the JWKS with the schedule’s max-age, current and next keys published', async () => {
    const served = await jwks();
    expect(served.cacheControl).toBe('public, max-age=600');
    const keys = await keysOf('v1');
    expect(keys.map((k) => k.state).sort()).toEqual(['current', 'next']);
    expect(new Set(served.kids)).toEqual(new Set(keys.map((k) => k.kid)));
  });

  it('refuses without confirm: true, explaining the consequences, and changes nothing', async () => {
    const before = await keysOf('v1');
    for (const body of [{ issuer: 'v1' }, { issuer: 'v1', confirm: false }]) {
      const refused = await issuer.call('POST', '/api/v1/admin/keys/rotate', {
        key: issuer.adminKey,
        body,
      });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('confirmation_required');
      expect(refused.json.detail).toMatch(/stops signing now but stays published until/);
      expect(refused.json.detail).toMatch(
        /reject new tokens until they refetch|should already hold/,
      );
    }
    const compromised = await issuer.call('POST', '/api/v1/admin/keys/rotate', {
      key: issuer.adminKey,
      body: { issuer: 'v1', removeCompromised: true },
    });
    expect(compromised.json.detail).toMatch(
      /leaves the JWKS now.*keep trusting it until their cache expires/,
    );
    expect(await keysOf('v1')).toEqual(before);
  });

  it('refuses bad bodies and non-admin callers', async () => {
    const path = '/api/v1/admin/keys/rotate';
    const bad = await issuer.call('POST', path, {
      key: issuer.adminKey,
      body: { issuer: 'v3', confirm: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid_request');
    const extra = await issuer.call('POST', path, {
      key: issuer.adminKey,
      body: { issuer: 'v1', confirm: 'yes' },
    });
    expect(extra.json.code).toBe('invalid_request');
    const client = await issuer.call('POST', path, {
      key: clientKey,
      body: { issuer: 'v1', confirm: true },
    });
    expect(client.status).toBe(403);
    expect(
      (await issuer.call('POST', path, { body: { issuer: 'v1', confirm: true } })).status,
    ).toBe(401);
    const text = await issuer.call('POST', path, {
      key: issuer.adminKey,
      raw: 'issuer=v1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('promotes the next key at once, retires the old one, publishes a fresh next key', async () => {
    const before = await keysOf('v1');
    const oldCurrent = before.find((k) => k.state === 'current');
    const oldNext = before.find((k) => k.state === 'next');
    const oldJwks = await jwks();
    const v2Before = await jwks('/oidc/v2/.well-known/jwks');
    const rotated = await issuer.call('POST', '/api/v1/admin/keys/rotate', {
      key: issuer.adminKey,
      body: { issuer: 'v1', confirm: true },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.issuer).toBe('v1');
    expect(rotated.json.consequences.length).toBeGreaterThan(1);
    expect(rotated.json.explanation).toBe(rotated.json.consequences.join('\n'));
    const states = Object.fromEntries(
      rotated.json.keys.map((k: { kid: string; state: string }) => [k.kid, k.state]),
    );
    expect(states[oldCurrent.kid]).toBe('retired');
    expect(states[oldNext.kid]).toBe('current');
    expect(Object.values(states).filter((s) => s === 'next')).toHaveLength(1);
    // This replica serves the new set at once: three keys, new ETag; v2 is untouched.
    const served = await jwks();
    expect(served.kids).toHaveLength(3);
    expect(served.kids).toContain(oldCurrent.kid);
    expect(served.etag).not.toBe(oldJwks.etag);
    expect((await jwks('/oidc/v2/.well-known/jwks')).etag).toBe(v2Before.etag);
    // New tokens are signed by the promoted key and verify against the served JWKS.
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: clientKey,
      body: DEPLOYMENT,
    });
    expect(minted.status).toBe(201);
    const { protectedHeader } = await jwtVerify(minted.json.token, createLocalJWKSet(served.json), {
      currentDate: new Date(issuer.clock()),
    });
    expect(protectedHeader.kid).toBe(oldNext.kid);
    const log = await issuer.services.store.listTransitions('v1');
    expect(log.slice(-2).map((t) => t.type)).toEqual(['activate', 'generate-next']);
  });

  it('removes a compromised key from the JWKS immediately', async () => {
    const before = await keysOf('v1');
    const current = before.find((k) => k.state === 'current');
    const rotated = await issuer.call('POST', '/api/v1/admin/keys/rotate', {
      key: issuer.adminKey,
      body: { issuer: 'v1', confirm: true, removeCompromised: true },
    });
    expect(rotated.status).toBe(200);
    const removed = rotated.json.keys.find((k: { kid: string }) => k.kid === current.kid);
    expect(removed.state).toBe('removed');
    const served = await jwks();
    expect(served.kids).not.toContain(current.kid);
    expect(served.kids.length).toBeLessThanOrEqual(5);
  });
});
