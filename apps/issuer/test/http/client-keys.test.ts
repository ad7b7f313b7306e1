import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventType } from '../../src/audit/event-types.js';
import { type Backend, DEPLOYMENT, issuerOn, type TestIssuer } from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];
const HOUR = 3_600_000;
const GRANTS = [{ kinds: ['deployment'], orgs: ['acme'] }];

describe.each(backends)('client keys, grants and re-enabling on %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let counter = 0;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
  }, 120_000);
  afterAll(async () => cleanup?.());

  const admin = (method: string, path: string, body?: unknown) =>
    issuer.call(method, `/api/v1/admin/clients${path}`, {
      key: issuer.adminKey,
      ...(body !== undefined && { body }),
    });
  /** The events of this type about this client, oldest first. */
  async function eventsOf(type: AuditEventType, clientId: string) {
    await issuer.services.events.flush();
    const all = await issuer.services.store.queryEvents({
      types: [type],
      order: 'asc',
      limit: 500,
    });
    return all.filter((e) => e.targetId === clientId);
  }
  const mint = async (key: string) =>
    (await issuer.call('POST', '/api/v1/tokens', { key, body: DEPLOYMENT })).status;

  async function create(extra: Record<string, unknown> = {}, name = `bot-${++counter}`) {
    const created = await admin('POST', '', { name, grants: GRANTS, ...extra });
    expect(created.status, created.text).toBe(201);
    return created.json as { id: string; key: string; keyId: string; keyExpiresAt?: string };
  }

  async function rotate(id: string, body: Record<string, unknown> = {}) {
    // Keys are listed newest first: a new key is created after the older ones.
    issuer.clock.advance(1_000);
    const rotated = await admin('POST', `/${id}/keys`, body);
    expect(rotated.status, rotated.text).toBe(201);
    return rotated.json as {
      key: string;
      keyId: string;
      keys: { id: string; status: string; expiresAt?: string }[];
    };
  }

  describe('expiry', () => {
    it('a key created with keyExpiresIn works until then and answers 401 from that instant', async () => {
      const client = await create({ keyExpiresIn: '1h' });
      expect(client.keyExpiresAt).toBe(new Date(issuer.clock() + HOUR).toISOString());
      expect(await mint(client.key)).toBe(201);
      issuer.clock.advance(HOUR - 1);
      // Cached on the embedded store: the cache is bounded by the key's expiry.
      expect(await mint(client.key)).toBe(201);
      issuer.clock.advance(1);
      const refused = await issuer.call('POST', '/api/v1/tokens', {
        key: client.key,
        body: DEPLOYMENT,
      });
      expect(refused.status).toBe(401);
      expect(refused.json.detail).toBe('The key has expired.');
      const shown = await admin('GET', `/${client.id}`);
      expect(shown.json.keys).toEqual([
        expect.objectContaining({ id: client.keyId, status: 'expired' }),
      ]);
    });

    it('a key created with keyExpiresAt stops at that time', async () => {
      const at = new Date(issuer.clock() + 2 * HOUR).toISOString();
      const client = await create({ keyExpiresAt: at });
      expect(client.keyExpiresAt).toBe(at);
      expect(await mint(client.key)).toBe(201);
      issuer.clock.advance(2 * HOUR);
      expect(await mint(client.key)).toBe(401);
    });

    it.each([
      {
        name: 'both forms',
        body: { keyExpiresIn: '1h', keyExpiresAt: '2030-01-01T00:00:00Z' },
        path: 'keyExpiresAt',
      },
      { name: 'under a minute', body: { keyExpiresIn: '30s' }, path: 'keyExpiresIn' },
      { name: 'a zero duration', body: { keyExpiresIn: '0s' }, path: 'keyExpiresIn' },
      {
        name: 'a time in the past',
        body: { keyExpiresAt: '2020-01-01T00:00:00Z' },
        path: 'keyExpiresAt',
      },
      { name: 'not a time', body: { keyExpiresAt: 'tomorrow' }, path: 'keyExpiresAt' },
    ])('refuses an expiry with $name (400, nothing created)', async ({ body, path }) => {
      const name = `refused-${++counter}`;
      const refused = await admin('POST', '', { name, grants: GRANTS, ...body });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.code).toBe('invalid_request');
      expect(refused.json.errors.map((e: { path: string }) => e.path)).toContain(path);
      const listed = await admin('GET', '');
      expect(listed.json.items.map((c: { name: string }) => c.name)).not.toContain(name);
    });
  });

  describe('rotation', () => {
    it('issues a new key; the old one keeps working for the default 24h overlap, then 401', async () => {
      const client = await create();
      expect(await mint(client.key)).toBe(201);
      const rotated = await rotate(client.id);
      expect(rotated.key).toMatch(/^rid_client_/);
      const until = new Date(issuer.clock() + 24 * HOUR).toISOString();
      expect(rotated.keys).toEqual([
        expect.objectContaining({ id: rotated.keyId, status: 'active' }),
        expect.objectContaining({ id: client.keyId, status: 'active', expiresAt: until }),
      ]);
      expect(JSON.stringify(rotated.keys)).not.toContain(rotated.key);
      expect(await mint(client.key)).toBe(201);
      expect(await mint(rotated.key)).toBe(201);
      const [event] = await eventsOf('client.key_rotated', client.id);
      expect(event).toMatchObject({
        actorType: 'admin',
        targetType: 'client',
        outcome: 'success',
        detail: {
          keyId: rotated.keyId,
          keyExpiresAt: null,
          overlapSeconds: 86_400,
          previousKeys: [{ id: client.keyId, expiresAt: until }],
        },
      });
      expect(JSON.stringify(event)).not.toContain(rotated.key);
      issuer.clock.advance(24 * HOUR);
      expect(await mint(client.key)).toBe(401);
      expect(await mint(rotated.key)).toBe(201);
    });

    it('with overlap 0 the old key is refused at once (also when it was cached)', async () => {
      const client = await create();
      expect(await mint(client.key)).toBe(201);
      const rotated = await rotate(client.id, { overlap: '0' });
      expect(await mint(client.key)).toBe(401);
      expect(await mint(rotated.key)).toBe(201);
    });

    it('gives the new key its own expiry and never extends an earlier one', async () => {
      const client = await create({ keyExpiresIn: '1h' });
      const rotated = await rotate(client.id, { overlap: '48h', keyExpiresIn: '720h' });
      expect(rotated.keys).toEqual([
        expect.objectContaining({
          id: rotated.keyId,
          expiresAt: new Date(issuer.clock() + 720 * HOUR).toISOString(),
        }),
        expect.objectContaining({ id: client.keyId, expiresAt: client.keyExpiresAt }),
      ]);
    });

    it('refuses a sixth valid key with 409 and changes nothing', async () => {
      const client = await create();
      for (let i = 0; i < 4; i++) await rotate(client.id, { overlap: '1h' });
      const refused = await admin('POST', `/${client.id}/keys`, { overlap: '1h' });
      expect(refused.status).toBe(409);
      expect(refused.json.code).toBe('conflict');
      expect((await admin('GET', `/${client.id}`)).json.keys).toHaveLength(5);
      // Overlap 0 always fits: it ends the others.
      await rotate(client.id, { overlap: '0' });
    });

    it.each([
      { name: 'over 720h', body: { overlap: '721h' }, status: 400 },
      { name: 'not a duration', body: { overlap: '1 day' }, status: 400 },
      { name: 'an unknown field', body: { overlap: '1h', key: 'mine' }, status: 400 },
    ])('refuses an overlap $name', async ({ body, status }) => {
      const client = await create();
      const refused = await admin('POST', `/${client.id}/keys`, body);
      expect(refused.status, refused.text).toBe(status);
      expect((await admin('GET', `/${client.id}`)).json.keys).toHaveLength(1);
    });

    it('answers 404 for an unknown client', async () => {
      expect((await admin('POST', '/cl_nope/keys', {})).status).toBe(404);
    });
  });

  describe('revocation', () => {
    it('refuses a revoked key at once, idempotently, and leaves the other keys working', async () => {
      const client = await create();
      const rotated = await rotate(client.id);
      expect(await mint(client.key)).toBe(201);
      const revoked = await admin('POST', `/${client.id}/keys/${client.keyId}/revoke`);
      expect(revoked.status).toBe(200);
      const revokedAt = new Date(issuer.clock()).toISOString();
      expect(revoked.json.keys).toEqual([
        expect.objectContaining({ id: rotated.keyId, status: 'active' }),
        expect.objectContaining({ id: client.keyId, status: 'revoked', revokedAt }),
      ]);
      const refused = await issuer.call('POST', '/api/v1/tokens', {
        key: client.key,
        body: DEPLOYMENT,
      });
      expect(refused.status).toBe(401);
      expect(refused.json.detail).toBe('The key was revoked.');
      expect(await mint(rotated.key)).toBe(201);
      issuer.clock.advance(1_000);
      const again = await admin('POST', `/${client.id}/keys/${client.keyId}/revoke`);
      expect(again.json.keys[1].revokedAt).toBe(revokedAt);
      expect((await eventsOf('client.key_revoked', client.id)).map((e) => e.detail)).toEqual([
        expect.objectContaining({ keyId: client.keyId, alreadyRevoked: false }),
        expect.objectContaining({ keyId: client.keyId, alreadyRevoked: true }),
      ]);
    });

    it("answers 404 for an unknown key or another client's key", async () => {
      const one = await create();
      const two = await create();
      expect((await admin('POST', `/${one.id}/keys/ck_nope/revoke`)).status).toBe(404);
      expect((await admin('POST', `/${one.id}/keys/${two.keyId}/revoke`)).status).toBe(404);
      expect(await mint(two.key)).toBe(201);
    });
  });

  describe('grants', () => {
    it('replaces the grants; the next mint is judged by the new ones', async () => {
      const client = await create();
      expect(await mint(client.key)).toBe(201);
      const grants = [{ kinds: ['deployment'], orgs: ['other'] }];
      const replaced = await admin('PUT', `/${client.id}/grants`, { grants });
      expect(replaced.status, replaced.text).toBe(200);
      expect(replaced.json.grants).toEqual(grants);
      const refused = await issuer.call('POST', '/api/v1/tokens', {
        key: client.key,
        body: DEPLOYMENT,
      });
      expect(refused.status).toBe(403);
      expect(refused.json.code).toBe('grant_denied');
      expect((await admin('GET', `/${client.id}`)).json.grants).toEqual(grants);
      const [event] = await eventsOf('client.grants_changed', client.id);
      expect(event).toMatchObject({
        actorType: 'admin',
        detail: { before: GRANTS, after: grants },
      });
    });

    it.each([
      { name: 'no grants', body: { grants: [] } },
      { name: 'a grant without orgs', body: { grants: [{ kinds: ['deployment'] }] } },
      {
        name: 'a bad maxDuration',
        body: { grants: [{ kinds: ['oidc'], orgs: ['a'], maxDuration: '0s' }] },
      },
      { name: 'no grants field', body: {} },
    ])('refuses $name with 400 and keeps the old grants', async ({ body }) => {
      const client = await create();
      const refused = await admin('PUT', `/${client.id}/grants`, body);
      expect(refused.status, refused.text).toBe(400);
      expect(await eventsOf('client.grants_changed', client.id)).toEqual([]);
      expect((await admin('GET', `/${client.id}`)).json.grants).toEqual(GRANTS);
      expect(await mint(client.key)).toBe(201);
    });

    it('answers 404 for an unknown client', async () => {
      expect((await admin('PUT', '/cl_nope/grants', { grants: GRANTS })).status).toBe(404);
    });
  });

  describe('disabled clients keep their name', () => {
    it('a new client with the name gets 409 pointing at enable; enabling restores the key', async () => {
      const name = `keeper-${++counter}`;
      const client = await create({}, name);
      await admin('POST', `/${client.id}/disable`);
      expect(await mint(client.key)).toBe(401);
      const taken = await admin('POST', '', { name, grants: GRANTS });
      expect(taken.status).toBe(409);
      expect(taken.json.detail).toContain(`/api/v1/admin/clients/${client.id}/enable`);
      const enabled = await admin('POST', `/${client.id}/enable`);
      expect(enabled.status).toBe(200);
      expect(enabled.json).toMatchObject({ id: client.id, name, disabled: false });
      expect(enabled.json.disabledAt).toBeUndefined();
      expect(await mint(client.key)).toBe(201);
      // Events are listed by time: the second enable comes later.
      issuer.clock.advance(1_000);
      expect((await admin('POST', `/${client.id}/enable`)).status).toBe(200);
      expect((await eventsOf('client.enabled', client.id)).map((e) => e.detail)).toEqual([
        { name, alreadyEnabled: false },
        { name, alreadyEnabled: true },
      ]);
      expect((await admin('POST', '/cl_nope/enable')).status).toBe(404);
    });
  });
});
