import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  DEPLOYMENT,
  ENVIRONMENT,
  issuerOn,
  OIDC,
  type TestIssuer,
} from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

describe.each(backends)('admin API on %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  const admin = () => issuer.adminKey;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
  }, 120_000);
  afterAll(async () => cleanup?.());

  async function createClient(name: string, grants: unknown[]) {
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: admin(),
      body: { name, grants },
    });
    expect(created.status, created.text).toBe(201);
    return created.json as { id: string; key: string };
  }

  describe('clients', () => {
    it('creates a client, shows its key once, lists and reads it without the key', async () => {
      const created = await issuer.call('POST', '/api/v1/admin/clients', {
        key: admin(),
        body: { name: 'deploy-bot', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('cache-control')).toBe('no-store');
      expect(created.json).toEqual({
        id: expect.stringMatching(/^cl_/),
        name: 'deploy-bot',
        key: expect.stringMatching(/^rid_client_[\w-]{43}$/),
        keyId: expect.stringMatching(/^ck_/),
        grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
        disabled: false,
        createdAt: new Date(issuer.clock()).toISOString(),
      });
      const list = await issuer.call('GET', '/api/v1/admin/clients', { key: admin() });
      expect(list.status).toBe(200);
      const listed = list.json.items.find((c: { id: string }) => c.id === created.json.id);
      const { key: _key, keyId, ...client } = created.json;
      expect(listed).toEqual({
        ...client,
        keys: [{ id: keyId, status: 'active', createdAt: client.createdAt }],
      });
      expect(list.text).not.toContain(created.json.key);
      const one = await issuer.call('GET', `/api/v1/admin/clients/${created.json.id}`, {
        key: admin(),
      });
      expect(one.json).toEqual(listed);
    });

    it('disables a client at once, idempotently; its key is refused from then on', async () => {
      const client = await createClient('short-lived', [{ kinds: ['deployment'], orgs: ['acme'] }]);
      expect(
        (await issuer.call('POST', '/api/v1/tokens', { key: client.key, body: DEPLOYMENT })).status,
      ).toBe(201);
      const disabled = await issuer.call('POST', `/api/v1/admin/clients/${client.id}/disable`, {
        key: admin(),
      });
      expect(disabled.status).toBe(200);
      expect(disabled.json).toMatchObject({
        disabled: true,
        disabledAt: new Date(issuer.clock()).toISOString(),
      });
      issuer.clock.advance(60_000);
      const again = await issuer.call('POST', `/api/v1/admin/clients/${client.id}/disable`, {
        key: admin(),
      });
      expect(again.json.disabledAt).toBe(disabled.json.disabledAt);
      const refused = await issuer.call('POST', '/api/v1/tokens', {
        key: client.key,
        body: DEPLOYMENT,
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="runid"');
    });

    it('refuses a duplicate name with 409', async () => {
      await createClient('twin', [{ kinds: ['deployment'], orgs: ['acme'] }]);
      const second = await issuer.call('POST', '/api/v1/admin/clients', {
        key: admin(),
        body: { name: 'twin', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
      });
      expect(second.status).toBe(409);
      expect(second.json.code).toBe('conflict');
    });

    it.each([
      { name: 'no grants', body: { name: 'a', grants: [] }, path: 'grants' },
      {
        name: 'grant without orgs',
        body: { name: 'a', grants: [{ kinds: ['deployment'] }] },
        path: 'grants[0].orgs',
      },
      {
        name: 'unknown kind',
        body: { name: 'a', grants: [{ kinds: ['root'], orgs: ['acme'] }] },
        path: 'grants[0].kinds[0]',
      },
      {
        name: 'unknown grant field',
        body: { name: 'a', grants: [{ kinds: ['oidc'], orgs: ['acme'], admin: true }] },
        path: 'grants[0].admin',
      },
      {
        name: 'glob with a colon',
        body: { name: 'a', grants: [{ kinds: ['deployment'], orgs: ['ac:me'] }] },
        path: 'grants[0].orgs[0]',
      },
      {
        name: 'bad maxDuration',
        body: {
          name: 'a',
          grants: [{ kinds: ['deployment'], orgs: ['acme'], maxDuration: 'forever' }],
        },
        path: 'grants[0].maxDuration',
      },
      {
        name: 'zero maxDuration',
        body: { name: 'a', grants: [{ kinds: ['deployment'], orgs: ['acme'], maxDuration: '0s' }] },
        path: 'grants[0].maxDuration',
      },
      {
        name: 'bad name',
        body: { name: ' spaces first', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
        path: 'name',
      },
      {
        name: 'a key field',
        body: {
          name: 'a',
          key: 'rid_client_x',
          grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
        },
        path: 'key',
      },
    ])('refuses $name with 400 invalid_request naming $path', async ({ body, path }) => {
      const before = (await issuer.call('GET', '/api/v1/admin/clients', { key: admin() })).json
        .items.length;
      const answer = await issuer.call('POST', '/api/v1/admin/clients', { key: admin(), body });
      expect(answer.status).toBe(400);
      expect(answer.json.code).toBe('invalid_request');
      expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
      const after = (await issuer.call('GET', '/api/v1/admin/clients', { key: admin() })).json.items
        .length;
      expect(after).toBe(before);
    });

    it('answers 404 for an unknown client', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/admin/clients/cl_nope'],
        ['POST', '/api/v1/admin/clients/cl_nope/disable'],
      ] as const) {
        const answer = await issuer.call(method, path, { key: admin() });
        expect(answer.status).toBe(404);
        expect(answer.json.code).toBe('not_found');
      }
    });

    it('keeps the admin API to admin keys', async () => {
      const client = await createClient('not-an-admin', [
        { kinds: ['deployment'], orgs: ['acme'] },
      ]);
      for (const [method, path] of [
        ['GET', '/api/v1/admin/clients'],
        ['POST', '/api/v1/admin/clients'],
        ['GET', '/api/v1/admin/keys'],
        ['GET', '/api/v1/admin/audit'],
        ['POST', `/api/v1/admin/clients/${client.id}/disable`],
      ] as const) {
        const body = method === 'POST' ? { body: {} } : {};
        const asClient = await issuer.call(method, path, { key: client.key, ...body });
        expect(asClient.status, `${method} ${path}`).toBe(403);
        expect(asClient.json.code).toBe('forbidden');
        const anonymous = await issuer.call(method, path, body);
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="runid"');
      }
    });
  });

  describe('grants over HTTP', () => {
    let key: string;
    beforeAll(async () => {
      ({ key } = await createClient('scoped', [
        {
          kinds: ['deployment'],
          orgs: ['acme'],
          projects: ['web'],
          stacks: ['dev', 'staging-*'],
          maxDuration: '30m',
        },
        { kinds: ['environment'], orgs: ['acme'], environments: ['web/*'], platforms: ['aws'] },
        { kinds: ['oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] },
      ]));
    });

    it.each([
      { name: 'a granted deployment', body: { ...DEPLOYMENT, duration: '30m' }, status: 201 },
      {
        name: 'a glob-granted stack',
        body: { ...DEPLOYMENT, stack: 'staging-eu', duration: '10m' },
        status: 201,
      },
      {
        name: 'the default lifetime over maxDuration',
        body: DEPLOYMENT,
        status: 403,
        field: 'grants[0].maxDuration',
      },
      {
        name: 'a longer duration than maxDuration (never clamped)',
        body: { ...DEPLOYMENT, duration: '31m' },
        status: 403,
        field: 'grants[0].maxDuration',
      },
      {
        name: 'another stack',
        body: { ...DEPLOYMENT, stack: 'prod', duration: '10m' },
        status: 403,
        field: 'grants[0].stacks',
      },
      {
        name: 'another project',
        body: { ...DEPLOYMENT, project: 'api', duration: '10m' },
        status: 403,
        field: 'grants[0].projects',
      },
      {
        name: "another organization's deployment",
        body: { ...DEPLOYMENT, org: 'globex', duration: '10m' },
        status: 403,
        field: 'grants[0].orgs',
      },
      { name: 'a granted environment', body: ENVIRONMENT, status: 201 },
      {
        name: 'another platform',
        body: { ...ENVIRONMENT, platform: 'gcp' },
        status: 403,
        field: 'grants[1].platforms',
      },
      {
        name: 'an environment outside the glob',
        body: { ...ENVIRONMENT, currentEnvironment: 'api/dev' },
        status: 403,
        field: 'grants[1].environments',
      },
      {
        name: 'a root environment outside the glob',
        body: { ...ENVIRONMENT, rootEnvironment: 'api/prod' },
        status: 403,
        field: 'grants[1].environments',
      },
      { name: 'a granted audience', body: OIDC, status: 201 },
      {
        name: 'an audience not granted',
        body: { ...OIDC, audience: 'api://AzureADTokenExchange' },
        status: 403,
        field: 'grants[2].audiences',
      },
      {
        name: "another organization's audience",
        body: { ...OIDC, org: 'globex', audience: 'sts.amazonaws.com' },
        status: 403,
        field: 'grants[2].orgs',
      },
    ])('$name → $status', async ({ body, status, field }) => {
      const before = await issuer.services.store.countAudit();
      const answer = await issuer.call('POST', '/api/v1/tokens', { key, body });
      expect(answer.status, answer.text).toBe(status);
      if (status === 403) {
        expect(answer.json.code).toBe('grant_denied');
        expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(field);
        expect(answer.json.detail).toContain(field);
        expect(await issuer.services.store.countAudit()).toBe(before);
      } else {
        expect(await issuer.services.store.countAudit()).toBe(before + 1);
      }
    });
  });

  describe('audit', () => {
    let a: { id: string; key: string };
    let b: { id: string; key: string };
    const minted: Array<{ jti: string; sub: string; client: string; iat: number; kind: string }> =
      [];

    beforeAll(async () => {
      a = await createClient('audit-a', [{ kinds: ['deployment', 'environment'], orgs: ['acme'] }]);
      b = await createClient('audit-b', [{ kinds: ['deployment'], orgs: ['acme'] }]);
      for (let i = 0; i < 7; i++) {
        issuer.clock.advance(10_000);
        // Client a mints the even ones and one environment token; client b the odd deployments.
        const client = i % 2 === 0 || i === 3 ? a : b;
        const body = i === 3 ? ENVIRONMENT : { ...DEPLOYMENT, stack: `s${i}`, duration: '10m' };
        const token = await issuer.call('POST', '/api/v1/tokens', { key: client.key, body });
        expect(token.status).toBe(201);
        minted.push({
          jti: token.json.claims.jti,
          sub: token.json.claims.sub,
          client: client.id,
          iat: token.json.claims.iat,
          kind: body.kind,
        });
      }
    });

    it('pages through every record newest first with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `clientId=${a.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await issuer.call('GET', `/api/v1/admin/audit?${query}`, { key: admin() });
        expect(page.status).toBe(200);
        expect(page.json.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.json.items.map((r: { jti: string }) => r.jti));
        cursor = page.json.nextCursor;
        pages++;
      } while (cursor !== null && pages < 10);
      const expected = minted.filter((m) => m.client === a.id);
      expect(seen.length).toBeGreaterThanOrEqual(expected.length);
      for (const m of expected) expect(seen).toContain(m.jti);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('filters by jti, subject, client, kind and time range', async () => {
      const target = minted[4] as (typeof minted)[number];
      const byJti = await issuer.call('GET', `/api/v1/admin/audit?jti=${target.jti}`, {
        key: admin(),
      });
      expect(byJti.json.items.map((r: { jti: string }) => r.jti)).toEqual([target.jti]);
      const bySub = await issuer.call(
        'GET',
        `/api/v1/admin/audit?sub=${encodeURIComponent(target.sub)}`,
        { key: admin() },
      );
      expect(bySub.json.items.every((r: { sub: string }) => r.sub === target.sub)).toBe(true);
      expect(bySub.json.items.map((r: { jti: string }) => r.jti)).toContain(target.jti);
      const byClient = await issuer.call('GET', `/api/v1/admin/audit?clientId=${b.id}&limit=500`, {
        key: admin(),
      });
      expect(byClient.json.items.every((r: { clientId: string }) => r.clientId === b.id)).toBe(
        true,
      );
      expect(byClient.json.items).toHaveLength(minted.filter((m) => m.client === b.id).length);
      const byKind = await issuer.call('GET', '/api/v1/admin/audit?kind=environment&limit=500', {
        key: admin(),
      });
      expect(byKind.json.items.every((r: { kind: string }) => r.kind === 'environment')).toBe(true);
      const since = new Date((minted[2] as (typeof minted)[number]).iat * 1000).toISOString();
      const until = new Date((minted[5] as (typeof minted)[number]).iat * 1000).toISOString();
      const range = await issuer.call(
        'GET',
        `/api/v1/admin/audit?since=${since}&until=${until}&limit=500`,
        { key: admin() },
      );
      const jtis = range.json.items.map((r: { jti: string }) => r.jti);
      expect(jtis).toEqual(expect.arrayContaining(minted.slice(2, 5).map((m) => m.jti)));
      expect(jtis).not.toContain(minted[5]?.jti);
      expect(jtis).not.toContain(minted[1]?.jti);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['kind=root', 'kind'],
      ['since=yesterday', 'since'],
      ['cursor=not-a-cursor', 'cursor'],
      ['tenant=x', 'tenant'],
    ])('refuses %s with 400 naming %s', async (query, path) => {
      const answer = await issuer.call('GET', `/api/v1/admin/audit?${query}`, { key: admin() });
      expect(answer.status).toBe(400);
      expect(answer.json.code).toBe('invalid_request');
      expect(answer.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    });
  });
});
