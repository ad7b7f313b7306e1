import { rmSync } from 'node:fs';
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
const GRANTS = [{ kinds: ['deployment'], orgs: ['acme'] }];

interface Credential {
  id: string;
  name: string;
  role: 'admin' | 'auditor';
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
  key?: string;
}

describe.each(backends)('admin credentials on %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let origin: string;
  const admin = () => issuer.adminKey;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    origin = new URL(issuer.issuerUrl).origin;
  }, 120_000);
  afterAll(async () => cleanup?.());

  async function create(body: Record<string, unknown>, key = admin()): Promise<Credential> {
    const answer = await issuer.call('POST', '/api/v1/admin/credentials', { key, body });
    expect(answer.status, answer.text).toBe(201);
    return answer.json as Credential;
  }

  async function get(id: string): Promise<Credential> {
    const answer = await issuer.call('GET', `/api/v1/admin/credentials/${id}`, { key: admin() });
    expect(answer.status, answer.text).toBe(200);
    return answer.json as Credential;
  }

  async function signIn(key: string): Promise<string> {
    const answer = await issuer.call('POST', '/api/v1/admin/session', { key });
    expect(answer.status, answer.text).toBe(201);
    return (answer.headers.get('set-cookie') as string).split(';')[0] as string;
  }

  it('lists the bootstrap key as the credential `bootstrap` with the admin role', async () => {
    const list = await issuer.call('GET', '/api/v1/admin/credentials', { key: admin() });
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([
      {
        id: expect.stringMatching(/^adm_/),
        name: 'bootstrap',
        role: 'admin',
        state: 'active',
        createdAt: expect.any(String),
        lastUsedAt: new Date(issuer.clock()).toISOString(),
      },
    ]);
  });

  it('creates a credential: the key once (no-store), only its hash kept; lists and reads it', async () => {
    const created = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: admin(),
      body: { name: 'reader', role: 'auditor' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.json).toEqual({
      id: expect.stringMatching(/^adm_/),
      name: 'reader',
      role: 'auditor',
      state: 'active',
      createdAt: new Date(issuer.clock()).toISOString(),
      key: expect.stringMatching(/^rid_admin_[\w-]{43}$/),
    });
    const { key, ...view } = created.json as Credential;
    expect(await get(view.id)).toEqual(view);
    const list = await issuer.call('GET', '/api/v1/admin/credentials', { key: admin() });
    expect(list.text).not.toContain(key as string);
    expect(list.json.items).toContainEqual(view);
    expect(issuer.logs.text()).not.toContain(key as string);
  });

  it('an auditor reads everything and changes nothing (403 naming the role needed)', async () => {
    const auditor = (await create({ name: 'audit-bot', role: 'auditor' })).key as string;
    const client = await issuer.call('POST', '/api/v1/admin/clients', {
      key: admin(),
      body: { name: 'for-auditor', grants: GRANTS },
    });
    expect(client.status).toBe(201);
    for (const path of [
      '/api/v1/admin/clients',
      `/api/v1/admin/clients/${client.json.id}`,
      '/api/v1/admin/keys',
      '/api/v1/admin/runs',
      '/api/v1/admin/audit',
      '/api/v1/admin/credentials',
    ]) {
      const read = await issuer.call('GET', path, { key: auditor });
      expect(read.status, `${path}: ${read.text}`).toBe(200);
    }
    const preview = await issuer.call('POST', '/api/v1/tokens/preview', {
      key: auditor,
      body: DEPLOYMENT,
    });
    expect(preview.status).toBe(200);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/admin/clients', { name: 'nope', grants: GRANTS }],
      ['POST', `/api/v1/admin/clients/${client.json.id}/disable`, undefined],
      ['POST', '/api/v1/admin/keys/rotate', { issuer: 'v1', confirm: true }],
      ['POST', '/api/v1/admin/runs/run_x/revoke', undefined],
      ['POST', '/api/v1/admin/credentials', { name: 'escalate', role: 'admin' }],
      ['POST', '/api/v1/admin/credentials/adm_x/revoke', undefined],
    ];
    for (const [method, path, body] of writes) {
      const refused = await issuer.call(method, path, { key: auditor, body });
      expect(refused.status, `${path}: ${refused.text}`).toBe(403);
      expect(refused.json.code).toBe('forbidden');
      expect(refused.json.detail).toBe(
        "This operation needs the admin role; the admin credential 'audit-bot' has the auditor role (read-only).",
      );
    }
    // Nothing changed.
    expect(
      (await issuer.call('GET', `/api/v1/admin/clients/${client.json.id}`, { key: admin() })).json
        .disabled,
    ).toBe(false);
    const names = (
      await issuer.call('GET', '/api/v1/admin/clients', { key: admin() })
    ).json.items.map((c: { name: string }) => c.name);
    expect(names).not.toContain('nope');
  });

  it('a console session acts with its credential role', async () => {
    const auditor = (await create({ name: 'console-reader', role: 'auditor' })).key as string;
    const cookie = await signIn(auditor);
    const session = await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } });
    expect(session.json).toMatchObject({ admin: 'console-reader', role: 'auditor' });
    const list = await issuer.call('GET', '/api/v1/admin/clients', { headers: { cookie } });
    expect(list.status).toBe(200);
    const refused = await issuer.call('POST', '/api/v1/admin/clients', {
      body: { name: 'via-cookie', grants: GRANTS },
      headers: { cookie, origin, 'x-runid-csrf': '1' },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toContain('needs the admin role');
    // Signing out is the auditor's own session: allowed.
    const out = await issuer.call('DELETE', '/api/v1/admin/session', {
      headers: { cookie, origin, 'x-runid-csrf': '1' },
    });
    expect(out.status).toBe(200);
  });

  it('names are unique among credentials not revoked (409); a revoked name is free again', async () => {
    const first = await create({ name: 'ci-admin', role: 'admin' });
    const clash = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: admin(),
      body: { name: 'ci-admin', role: 'auditor' },
    });
    expect(clash.status).toBe(409);
    expect(clash.json.code).toBe('conflict');
    expect(clash.json.detail).toContain("'ci-admin'");
    const revoked = await issuer.call('POST', `/api/v1/admin/credentials/${first.id}/revoke`, {
      key: admin(),
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({
      state: 'revoked',
      revokedAt: new Date(issuer.clock()).toISOString(),
    });
    const again = await create({ name: 'ci-admin', role: 'auditor' });
    expect(again.id).not.toBe(first.id);
  });

  it('an expired credential does not hold its name: reusing it revokes the expired one', async () => {
    const old = await create({ name: 'temp-reader', role: 'auditor', expiresIn: '2m' });
    const taken = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: admin(),
      body: { name: 'temp-reader', role: 'auditor' },
    });
    expect(taken.status).toBe(409);
    issuer.clock.advance(2 * MINUTE);
    const reused = await create({ name: 'temp-reader', role: 'auditor' });
    expect(reused.state).toBe('active');
    expect(await get(old.id)).toMatchObject({
      state: 'revoked',
      revokedAt: new Date(issuer.clock()).toISOString(),
    });
    const events = await issuer.services.store.queryEvents({
      types: ['admin_credential.revoked'],
      targetId: old.id,
      limit: 5,
    });
    expect(events.map((e) => e.detail)).toEqual([
      { name: 'temp-reader', role: 'auditor', why: 'expired; its name was reused' },
    ]);
  });

  it('refuses bad bodies: unknown role, both expiries, expiries out of range (400)', async () => {
    const now = issuer.clock();
    for (const body of [
      { name: 'x', role: 'root' },
      { name: 'x' },
      { name: 'x', role: 'admin', extra: 1 },
      { name: '', role: 'admin' },
      {
        name: 'x',
        role: 'admin',
        expiresIn: '1h',
        expiresAt: new Date(now + 7_200_000).toISOString(),
      },
      { name: 'x', role: 'admin', expiresIn: '30s' },
      { name: 'x', role: 'admin', expiresIn: '3651d' },
      { name: 'x', role: 'admin', expiresIn: '1h1h' },
      { name: 'x', role: 'admin', expiresIn: 'soon' },
      { name: 'x', role: 'admin', expiresAt: new Date(now - 1000).toISOString() },
      { name: 'x', role: 'admin', expiresAt: 'tomorrow' },
    ]) {
      const answer = await issuer.call('POST', '/api/v1/admin/credentials', { key: admin(), body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.code).toBe('invalid_request');
      expect(answer.json.errors.length).toBeGreaterThan(0);
    }
    const unknown = await issuer.call('GET', '/api/v1/admin/credentials/adm_nope', {
      key: admin(),
    });
    expect(unknown.status).toBe(404);
    const unknownRevoke = await issuer.call('POST', '/api/v1/admin/credentials/adm_nope/revoke', {
      key: admin(),
    });
    expect(unknownRevoke.status).toBe(404);
  });

  it('a credential expires by itself (injected clock): 401 for the key, its session ends', async () => {
    const expiring = await create({ name: 'temp', role: 'admin', expiresIn: '1h' });
    expect(expiring.expiresAt).toBe(new Date(issuer.clock() + 60 * MINUTE).toISOString());
    const dated = await create({
      name: 'dated',
      role: 'auditor',
      expiresAt: new Date(issuer.clock() + 2 * 60 * MINUTE).toISOString(),
    });
    expect(dated.expiresAt).toBe(new Date(issuer.clock() + 120 * MINUTE).toISOString());
    const key = expiring.key as string;
    const cookie = await signIn(key);
    issuer.clock.advance(60 * MINUTE - 1000);
    expect((await issuer.call('GET', '/api/v1/admin/keys', { key })).status).toBe(200);
    issuer.clock.advance(1000);
    const refused = await issuer.call('GET', '/api/v1/admin/keys', { key });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toBe('The admin credential has expired.');
    const viaSession = await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } });
    expect(viaSession.status).toBe(401);
    expect(viaSession.json.detail).toContain('has expired');
    expect((await get(expiring.id)).state).toBe('expired');
    expect((await get(dated.id)).state).toBe('active');
  });

  it('revoking ends access at once: the key answers 401 and its console session ends', async () => {
    const created = await create({ name: 'leaving', role: 'admin' });
    const key = created.key as string;
    const cookie = await signIn(key);
    expect((await issuer.call('GET', '/api/v1/admin/keys', { key })).status).toBe(200);
    const revoked = await issuer.call('POST', `/api/v1/admin/credentials/${created.id}/revoke`, {
      key: admin(),
    });
    expect(revoked.status).toBe(200);
    const refused = await issuer.call('GET', '/api/v1/admin/keys', { key });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toBe('The admin credential has been revoked.');
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const session = await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } });
    expect(session.status).toBe(401);
    // Idempotent: the first time is kept.
    issuer.clock.advance(1000);
    const again = await issuer.call('POST', `/api/v1/admin/credentials/${created.id}/revoke`, {
      key: admin(),
    });
    expect(again.json).toEqual(revoked.json);
  });

  it('records the last use at most once a minute, for keys and sessions alike', async () => {
    const created = await create({ name: 'busy', role: 'auditor' });
    const key = created.key as string;
    expect((await get(created.id)).lastUsedAt).toBeUndefined();
    const t0 = issuer.clock();
    await issuer.call('GET', '/api/v1/admin/clients', { key });
    expect((await get(created.id)).lastUsedAt).toBe(new Date(t0).toISOString());
    issuer.clock.advance(30_000);
    await issuer.call('GET', '/api/v1/admin/clients', { key });
    expect((await get(created.id)).lastUsedAt).toBe(new Date(t0).toISOString());
    issuer.clock.advance(30_000);
    const cookie = await signIn(key);
    await issuer.call('GET', '/api/v1/admin/session', { headers: { cookie } });
    expect((await get(created.id)).lastUsedAt).toBe(new Date(t0 + MINUTE).toISOString());
  });

  it('records admin_credential.created and .revoked audit events (actor, request id, source)', async () => {
    const created = await create({ name: 'audited', role: 'auditor', expiresIn: '1d' });
    const revoked = await issuer.call('POST', `/api/v1/admin/credentials/${created.id}/revoke`, {
      key: admin(),
    });
    expect(revoked.status).toBe(200);
    // A repeat changes nothing and records nothing.
    issuer.clock.advance(1000);
    await issuer.call('POST', `/api/v1/admin/credentials/${created.id}/revoke`, { key: admin() });
    const events = await issuer.services.store.queryEvents({
      types: ['admin_credential.created', 'admin_credential.revoked'],
      targetId: created.id,
      order: 'asc',
      limit: 10,
    });
    const bootstrap = (
      (await issuer.call('GET', '/api/v1/admin/credentials', { key: admin() })).json
        .items as Credential[]
    ).find((c) => c.name === 'bootstrap') as Credential;
    // Both at the test clock's same instant: in the order of their type.
    events.sort((a, b) => a.type.localeCompare(b.type));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'admin_credential.created',
        actorType: 'admin',
        actorId: bootstrap.id,
        actorName: 'bootstrap',
        targetType: 'admin_credential',
        targetId: created.id,
        outcome: 'success',
        requestId: expect.any(String),
        source: expect.stringMatching(/127\.0\.0\.1/),
        detail: { name: 'audited', role: 'auditor', expiresAt: created.expiresAt },
      }),
      expect.objectContaining({
        type: 'admin_credential.revoked',
        actorId: bootstrap.id,
        targetId: created.id,
        outcome: 'success',
        detail: { name: 'audited', role: 'auditor' },
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(created.key as string);
  });

  it('never revokes the last active admin credential (409 last_admin_credential)', async () => {
    // Revoke every admin but the bootstrap one, so it is the last.
    const all = (await issuer.call('GET', '/api/v1/admin/credentials', { key: admin() })).json
      .items as Credential[];
    const bootstrap = all.find((c) => c.name === 'bootstrap') as Credential;
    for (const c of all) {
      if (c.role === 'admin' && c.state === 'active' && c.id !== bootstrap.id) {
        const r = await issuer.call('POST', `/api/v1/admin/credentials/${c.id}/revoke`, {
          key: admin(),
        });
        expect(r.status).toBe(200);
      }
    }
    const last = await issuer.call('POST', `/api/v1/admin/credentials/${bootstrap.id}/revoke`, {
      key: admin(),
    });
    expect(last.status).toBe(409);
    expect(last.json.code).toBe('last_admin_credential');
    expect(last.json.title).toBe('Last admin credential');
    expect(last.json.detail).toContain("'bootstrap' is the last admin credential");
    // Best effort (never waits): present once the recorder has flushed.
    await expect
      .poll(async () =>
        (
          await issuer.services.store.queryEvents({
            types: ['admin_credential.revoked'],
            targetId: bootstrap.id,
            limit: 5,
          })
        ).map((e) => [e.outcome, e.reason]),
      )
      .toContainEqual(['refused', 'last_admin_credential']);
    // An expired admin does not count: it would not let anyone in.
    await create({ name: 'short-admin', role: 'admin', expiresIn: '2m' });
    issuer.clock.advance(2 * MINUTE);
    const stillLast = await issuer.call(
      'POST',
      `/api/v1/admin/credentials/${bootstrap.id}/revoke`,
      { key: admin() },
    );
    expect(stillLast.json.code).toBe('last_admin_credential');
    // With another admin the bootstrap key may go; the new one is then the last.
    const successor = await create({ name: 'successor', role: 'admin' });
    const gone = await issuer.call('POST', `/api/v1/admin/credentials/${bootstrap.id}/revoke`, {
      key: successor.key as string,
    });
    expect(gone.status).toBe(200);
    expect((await issuer.call('GET', '/api/v1/admin/keys', { key: admin() })).status).toBe(401);
    const self = await issuer.call('POST', `/api/v1/admin/credentials/${successor.id}/revoke`, {
      key: successor.key as string,
    });
    expect(self.status).toBe(409);
    expect(self.json.code).toBe('last_admin_credential');
  });
});

describe.runIf(pgUrl !== undefined)('admin credentials on two postgres replicas', () => {
  let issuer: TestIssuer;
  let replica: TestIssuer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn('postgres', pgUrl));
    replica = await startTestIssuer({
      databaseUrl: issuer.env.DATABASE_URL as string,
      clock: issuer.clock,
    });
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    if (replica !== undefined) rmSync(replica.dataDir, { recursive: true, force: true });
    await cleanup?.();
  });

  it('a revoke on one replica stops the key and its sessions on the other within 1 s', async () => {
    const created = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: issuer.adminKey,
      body: { name: 'roaming', role: 'admin' },
    });
    const key = created.json.key as string;
    // Warm the other replica's cache with the credential, and sign in there.
    expect((await replica.call('GET', '/api/v1/admin/keys', { key })).status).toBe(200);
    const signIn = await replica.call('POST', '/api/v1/admin/session', { key });
    const cookie = (signIn.headers.get('set-cookie') as string).split(';')[0] as string;
    const revoked = await issuer.call(
      'POST',
      `/api/v1/admin/credentials/${created.json.id}/revoke`,
      { key: issuer.adminKey },
    );
    expect(revoked.status).toBe(200);
    const start = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - start < 3_000) {
      status = (await replica.call('GET', '/api/v1/admin/keys', { key })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    // CREDENTIALS_CACHE_MS bounds it (NOTIFY is usually much faster); a margin for a loaded machine.
    expect(Date.now() - start).toBeLessThan(1_500);
    const session = await replica.call('GET', '/api/v1/admin/session', { headers: { cookie } });
    expect(session.status).toBe(401);
  });

  it('uses on both replicas within a minute write the last use once', async () => {
    const created = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: issuer.adminKey,
      body: { name: 'both-replicas', role: 'auditor' },
    });
    const key = created.json.key as string;
    const t0 = issuer.clock();
    await issuer.call('GET', '/api/v1/admin/clients', { key });
    issuer.clock.advance(20_000);
    await replica.call('GET', '/api/v1/admin/clients', { key });
    const seen = await replica.call('GET', `/api/v1/admin/credentials/${created.json.id}`, {
      key: issuer.adminKey,
    });
    expect(seen.json.lastUsedAt).toBe(new Date(t0).toISOString());
  });

  it('two revokes at once of the last two admins, on two replicas: exactly one succeeds', async () => {
    const list = await issuer.call('GET', '/api/v1/admin/credentials', { key: issuer.adminKey });
    const bootstrap = (list.json.items as Credential[]).find((c) => c.name === 'bootstrap');
    const other = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: issuer.adminKey,
      body: { name: 'other-admin', role: 'admin' },
    });
    const answers = await Promise.all([
      issuer.call('POST', `/api/v1/admin/credentials/${bootstrap?.id}/revoke`, {
        key: other.json.key,
      }),
      replica.call('POST', `/api/v1/admin/credentials/${other.json.id}/revoke`, {
        key: issuer.adminKey,
      }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    // The loser answers 409, or 401 when the winner revoked the very key it was called with.
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const after = await replica.call('GET', '/api/v1/admin/credentials', {
      key: answers[0]?.status === 200 ? other.json.key : issuer.adminKey,
    });
    const active = (after.json.items as Credential[]).filter(
      (c) => c.role === 'admin' && c.state === 'active',
    );
    expect(active).toHaveLength(1);
  });
});

describe('the bootstrap credential across restarts', () => {
  it('when every admin credential has expired, a start without RUNID_BOOTSTRAP_ADMIN_KEY prints a new one', async () => {
    const key = `rid_admin_${'7'.repeat(43)}`;
    const first = await startTestIssuer({ env: { RUNID_BOOTSTRAP_ADMIN_KEY: key } });
    const { dataDir, clock } = first;
    try {
      const temp = await first.call('POST', '/api/v1/admin/credentials', {
        key,
        body: { name: 'temp-admin', role: 'admin', expiresIn: '2m' },
      });
      const list = await first.call('GET', '/api/v1/admin/credentials', { key });
      const bootstrap = list.json.items.find((c: { name: string }) => c.name === 'bootstrap');
      const gone = await first.call('POST', `/api/v1/admin/credentials/${bootstrap.id}/revoke`, {
        key: temp.json.key,
      });
      expect(gone.status).toBe(200);
      clock.advance(2 * MINUTE);
      expect((await first.call('GET', '/api/v1/admin/keys', { key: temp.json.key })).status).toBe(
        401,
      );
      await first.close();

      const again = await startTestIssuer({ dataDir, clock });
      try {
        expect(again.adminKeyGenerated).toBe(true);
        expect(again.adminKey).toMatch(/^rid_admin_/);
        expect(
          (await again.call('GET', '/api/v1/admin/keys', { key: again.adminKey })).status,
        ).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('RUNID_BOOTSTRAP_ADMIN_KEY never revives a revoked key; a new value makes a new bootstrap credential', async () => {
    const key = (n: number) => `rid_admin_${String(n).repeat(43)}`;
    const first = await startTestIssuer({ env: { RUNID_BOOTSTRAP_ADMIN_KEY: key(1) } });
    const { dataDir } = first;
    try {
      const other = await first.call('POST', '/api/v1/admin/credentials', {
        key: key(1),
        body: { name: 'keeper', role: 'admin' },
      });
      const list = await first.call('GET', '/api/v1/admin/credentials', { key: key(1) });
      const bootstrap = list.json.items.find((c: { name: string }) => c.name === 'bootstrap');
      expect(bootstrap).toMatchObject({ role: 'admin', state: 'active' });
      const revoked = await first.call('POST', `/api/v1/admin/credentials/${bootstrap.id}/revoke`, {
        key: other.json.key,
      });
      expect(revoked.status).toBe(200);
      await first.close();

      const again = await startTestIssuer({ dataDir, env: { RUNID_BOOTSTRAP_ADMIN_KEY: key(1) } });
      try {
        expect(again.adminKey).toBe('');
        expect(again.logs.text()).toContain('is the key of a revoked admin credential');
        expect((await again.call('GET', '/api/v1/admin/keys', { key: key(1) })).status).toBe(401);
      } finally {
        await again.close();
      }

      const renewed = await startTestIssuer({
        dataDir,
        env: { RUNID_BOOTSTRAP_ADMIN_KEY: key(2) },
      });
      try {
        expect((await renewed.call('GET', '/api/v1/admin/keys', { key: key(2) })).status).toBe(200);
        const items = (await renewed.call('GET', '/api/v1/admin/credentials', { key: key(2) })).json
          .items as Credential[];
        // Both were created at the test clock's same instant: order by state.
        expect(
          items
            .filter((c) => c.name === 'bootstrap')
            .map((c) => c.state)
            .sort(),
        ).toEqual(['active', 'revoked']);
      } finally {
        await renewed.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
