import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type {
  AdminKeyRecord,
  AuditEventRecord,
  AuditRecord,
  ClientKeyRecord,
  SigningKeyRecord,
} from '../../src/store/records.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createTempDatabase, postgresUrlOrSkip, type TempDatabase } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends = pgUrl === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);

const T0 = Date.UTC(2026, 0, 1);

/** Root with CAP_SYS_ADMIN can mount a small tmpfs to fill (the full-disk case). */
function mountable(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'runid-store-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const canMount = mountable();

function key(overrides: Partial<SigningKeyRecord>): SigningKeyRecord {
  return {
    id: `k-${Math.random().toString(36).slice(2)}`,
    issuer: 'v1',
    kid: `kid-${Math.random().toString(36).slice(2)}`,
    alg: 'RS256',
    state: 'next',
    publicJwk: '{"kty":"RSA"}',
    privateKeyEnc: 'v1.a.b.c',
    createdAt: new Date(T0),
    notBefore: null,
    activatedAt: null,
    retiredAt: null,
    removedAt: null,
    publishUntil: null,
    publishedAt: new Date(T0),
    activation: null,
    compromised: false,
    ...overrides,
  };
}

function clientKey(
  id: string,
  clientId: string,
  keyHash: string,
  createdAt: number,
  expiresAt?: number,
): ClientKeyRecord {
  return {
    id,
    clientId,
    keyHash,
    createdAt: new Date(createdAt),
    expiresAt: expiresAt === undefined ? null : new Date(expiresAt),
    revokedAt: null,
  };
}

function audit(i: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    jti: `jti-${String(i).padStart(3, '0')}`,
    kind: 'deployment',
    iss: 'https://id.example.com/oidc',
    sub: `pulumi:deploy:org:acme:project:p:stack:s${i % 3}:operation:update:scope:write`,
    aud: 'acme',
    clientId: i % 2 === 0 ? 'cl_even' : 'cl_odd',
    kid: 'kid-1',
    // Two records per second, so pagination must break ties on jti.
    iat: new Date(T0 + Math.floor(i / 2) * 1000),
    exp: new Date(T0 + Math.floor(i / 2) * 1000 + 3_600_000),
    ...overrides,
  };
}

const EVENT_TYPES = ['client.created', 'token.refused', 'admin.signed_in'] as const;

function event(i: number, overrides: Partial<AuditEventRecord> = {}): AuditEventRecord {
  return {
    id: `ev-${String(i).padStart(3, '0')}`,
    // Two events per second, so paging must break ties on id.
    at: new Date(T0 + Math.floor(i / 2) * 1000),
    type: EVENT_TYPES[i % 3] as AuditEventRecord['type'],
    actorType: i % 2 === 0 ? 'admin' : 'client',
    actorId: i % 2 === 0 ? 'ad_1' : 'cl_1',
    actorName: i % 2 === 0 ? 'bootstrap' : null,
    targetType: i % 4 === 0 ? 'client' : null,
    targetId: i % 4 === 0 ? `cl_${i}` : null,
    requestId: `req-${i}`,
    source: i % 5 === 0 ? null : '2001:db8::1',
    outcome: i % 3 === 1 ? 'refused' : 'success',
    reason: i % 3 === 1 ? 'grant_denied' : null,
    detail: i % 3 === 1 ? { kind: 'deployment', errors: [{ path: '/org' }], n: i, ok: false } : {},
    ...overrides,
  };
}

describe.each(backends)('store conformance: %s', (backend) => {
  let store: Store;
  let dataDir: string;
  let database: TempDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runid-store-'));
    if (backend === 'postgres') database = await createTempDatabase(pgUrl as string);
    store = await openStore({ databaseUrl: database?.url, dataDir });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports its backend and answers a ping', async () => {
    expect(store.backend).toBe(backend);
    await store.ping();
  });

  it('migrates idempotently', async () => {
    expect(await store.migrate()).toEqual([]);
  });

  it('records the deployment settings once (first writer wins, also when racing), replaces them on demand', async () => {
    expect(await store.readDeployment()).toBeUndefined();
    const first = {
      issuerUrl: 'https://id.example.com',
      signingAlg: 'RS256',
      subjectNamespace: 'pulumi',
      claimNamespace: 'https://pulumi.com/',
    } as const;
    const second = {
      issuerUrl: 'https://other.example.com',
      signingAlg: 'ES256',
      subjectNamespace: 'acme',
      claimNamespace: 'https://acme.example/',
    } as const;
    const raced = await Promise.all([
      store.recordDeployment(first, new Date(T0)),
      store.recordDeployment(second, new Date(T0 + 1)),
    ]);
    expect(raced[0]).toEqual({ ...first, recordedAt: new Date(T0) });
    expect(raced[1]).toEqual(raced[0]);
    expect(await store.recordDeployment(second, new Date(T0 + 2))).toEqual(raced[0]);
    expect(await store.readDeployment()).toEqual(raced[0]);

    expect(await store.replaceDeployment(second, new Date(T0 + 3))).toEqual({
      ...second,
      recordedAt: new Date(T0 + 3),
    });
    expect(await store.readDeployment()).toEqual({ ...second, recordedAt: new Date(T0 + 3) });

    // A record made by a version that did not record the namespaces yet: the next start fills
    // them in (and only them).
    const clear = 'update deployment_settings set subject_namespace = null, claim_namespace = null';
    if (backend === 'sqlite') (store as SqliteStore).database.exec(clear);
    else {
      const client = new pg.Client({ connectionString: database?.url });
      await client.connect();
      await client.query(clear);
      await client.end();
    }
    expect(await store.recordDeployment(first, new Date(T0 + 4))).toEqual({
      ...second,
      subjectNamespace: first.subjectNamespace,
      claimNamespace: first.claimNamespace,
      recordedAt: new Date(T0 + 3),
    });
    await store.replaceDeployment(first, new Date(T0));
  });

  it('stores keys with states and timestamps, one current per issuer', async () => {
    const current = key({ state: 'current', activatedAt: new Date(T0), createdAt: new Date(T0) });
    const next = key({
      state: 'next',
      createdAt: new Date(T0 + 1000),
      publishUntil: new Date(T0 + 9e9),
    });
    const other = key({ issuer: 'v2', state: 'current', activatedAt: new Date(T0) });
    await store.withKeyLock(async (tx) => {
      await tx.insertKey(current);
      await tx.insertKey(next);
      await tx.insertKey(other);
      expect((await tx.listKeys('v1')).map((k) => k.id)).toEqual([current.id, next.id]);
    });
    const listed = await store.listKeys();
    expect(listed.find((k) => k.id === next.id)).toEqual(next);
    expect(listed[listed.length - 1]?.createdAt.getTime()).toBe(T0);

    await expect(
      store.withKeyLock(async (tx) =>
        tx.insertKey(key({ state: 'current', activatedAt: new Date(T0) })),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });

    await store.withKeyLock(async (tx) => {
      await tx.updateKey(current.id, { state: 'retired', retiredAt: new Date(T0 + 5000) });
      await tx.updateKey(next.id, { state: 'current', activatedAt: new Date(T0 + 5000) });
    });
    const after = await store.listKeys();
    expect(after.find((k) => k.id === current.id)).toMatchObject({
      state: 'retired',
      retiredAt: new Date(T0 + 5000),
    });
    expect(after.find((k) => k.id === next.id)).toMatchObject({
      state: 'current',
      activatedAt: new Date(T0 + 5000),
    });
  });

  it('re-seals a key in place (KEK rotation): only its sealed form changes', async () => {
    const sealed = key({ issuer: 'v2', state: 'retired', retiredAt: new Date(T0) });
    await store.withKeyLock((tx) => tx.insertKey(sealed));
    await store.withKeyLock((tx) => tx.updateKeyEncryption(sealed.id, 'v1.new.sealed.form'));
    const after = (await store.listKeys()).find((k) => k.id === sealed.id);
    expect(after).toEqual({ ...sealed, privateKeyEnc: 'v1.new.sealed.form' });
  });

  it('rolls a failed key transaction back entirely', async () => {
    const before = (await store.listKeys()).length;
    await expect(
      store.withKeyLock(async (tx) => {
        await tx.insertKey(key({ issuer: 'v2', state: 'next' }));
        await tx.insertEvents([event(500, { id: 'ev-key-rolled-back', type: 'key.generated' })]);
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow();
    expect(await store.listKeys()).toHaveLength(before);
    // A key change's audit events share its transaction: gone with it, kept with it.
    expect(await store.queryEvents({ types: ['key.generated'], limit: 10 })).toEqual([]);
    await store.withKeyLock(async (tx) => {
      await tx.insertEvents([
        event(501, {
          id: 'ev-key-committed',
          type: 'key.generated',
          at: new Date(T0 - 86_400_000),
        }),
      ]);
    });
    const kept = await store.queryEvents({ types: ['key.generated'], limit: 10 });
    expect(kept.map((e) => e.id)).toEqual(['ev-key-committed']);
    // Leave the events table as the later cases expect it.
    expect(await store.purgeEvents(new Date(T0), 10)).toBe(1);
  });

  it('creates, finds, lists and disables clients', async () => {
    const base = {
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      disabled: false,
      disabledAt: null,
    };
    await store.insertClient(
      { id: 'cl_1', name: 'one', createdAt: new Date(T0), ...base },
      clientKey('ck_1', 'cl_1', 'h1', T0),
    );
    await store.insertClient(
      { id: 'cl_2', name: 'two', createdAt: new Date(T0 + 1), ...base },
      clientKey('ck_2', 'cl_2', 'h2', T0 + 1, T0 + 9_000),
    );
    await expect(
      store.insertClient(
        { id: 'cl_3', name: 'one', createdAt: new Date(T0), ...base },
        clientKey('ck_3', 'cl_3', 'h3', T0),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    // Nothing of the refused client was kept: not its key either.
    expect(await store.findClientByKeyHash('h3')).toBeUndefined();
    const listed = await store.listClients();
    expect(listed.map((c) => c.id)).toEqual(['cl_1', 'cl_2']);
    expect(listed[1]?.keys).toEqual([clientKey('ck_2', 'cl_2', 'h2', T0 + 1, T0 + 9_000)]);
    expect(await store.findClientByKeyHash('h2')).toEqual({
      client: { id: 'cl_2', name: 'two', createdAt: new Date(T0 + 1), ...base },
      key: clientKey('ck_2', 'cl_2', 'h2', T0 + 1, T0 + 9_000),
    });
    expect(await store.findClientByKeyHash('nope')).toBeUndefined();
    expect(await store.getClient('cl_nope')).toBeUndefined();
    expect(await store.getClientFields('cl_2')).toEqual({
      id: 'cl_2',
      name: 'two',
      createdAt: new Date(T0 + 1),
      ...base,
    });
    expect(await store.getClientFields('cl_nope')).toBeUndefined();
    const disabled = await store.disableClient('cl_1', new Date(T0 + 50));
    expect(disabled).toMatchObject({ disabled: true, disabledAt: new Date(T0 + 50) });
    expect(disabled?.keys.map((k) => k.id)).toEqual(['ck_1']);
    expect((await store.disableClient('cl_1', new Date(T0 + 99)))?.disabledAt).toEqual(
      new Date(T0 + 50),
    );
    expect(await store.disableClient('cl_nope', new Date(T0))).toBeUndefined();
    expect((await store.findClientByKeyHash('h1'))?.client.disabled).toBe(true);

    const enabled = await store.enableClient('cl_1');
    expect(enabled).toMatchObject({ changed: true, client: { disabled: false, disabledAt: null } });
    expect((await store.enableClient('cl_1'))?.changed).toBe(false);
    expect(await store.enableClient('cl_nope')).toBeUndefined();
    expect((await store.findClientByKeyHash('h1'))?.client.disabled).toBe(false);
  });

  it("replaces a client's grants and answers the ones before", async () => {
    const grants = [{ kinds: ['oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] }];
    const replaced = await store.replaceClientGrants('cl_2', grants);
    expect(replaced?.previous).toEqual([{ kinds: ['deployment'], orgs: ['acme'] }]);
    expect(replaced?.client.grants).toEqual(grants);
    expect((await store.findClientByKeyHash('h2'))?.client.grants).toEqual(grants);
    expect(await store.replaceClientGrants('cl_nope', grants)).toBeUndefined();
  });

  it('rotates client keys: the valid ones expire after the overlap, earlier expiries kept, at most N valid', async () => {
    const at = T0 + 1_000;
    const rotate = (id: string, hash: string, overlapMs: number, now = at) =>
      store.rotateClientKey({
        clientId: 'cl_2',
        key: clientKey(id, 'cl_2', hash, now),
        oldKeysExpireAt: new Date(now + overlapMs),
        at: new Date(now),
        maxValidKeys: 3,
      });
    // ck_2 expires at T0 + 9000, before the overlap ends: it keeps that expiry.
    const first = await rotate('ck_2b', 'h2b', 60_000);
    if (typeof first === 'string') throw new Error(first);
    expect(first.keys.map((k) => [k.id, k.expiresAt?.getTime() ?? null])).toEqual([
      ['ck_2b', null],
      ['ck_2', T0 + 9_000],
    ]);
    const second = await rotate('ck_2c', 'h2c', 60_000);
    if (typeof second === 'string') throw new Error(second);
    expect(second.keys.map((k) => [k.id, k.expiresAt?.getTime() ?? null])).toEqual([
      ['ck_2c', null],
      ['ck_2b', at + 60_000],
      ['ck_2', T0 + 9_000],
    ]);
    // Three valid already: a fourth with an overlap is refused and changes nothing.
    expect(await rotate('ck_2d', 'h2d', 60_000)).toBe('too_many_keys');
    expect(await store.findClientByKeyHash('h2d')).toBeUndefined();
    expect((await store.getClient('cl_2'))?.keys).toEqual(second.keys);
    // Overlap 0 ends every valid key at once, so it always fits.
    const third = await rotate('ck_2d', 'h2d', 0);
    if (typeof third === 'string') throw new Error(third);
    expect(third.keys.map((k) => [k.id, k.expiresAt?.getTime() ?? null])).toEqual([
      ['ck_2d', null],
      ['ck_2c', at],
      ['ck_2b', at],
      ['ck_2', at],
    ]);
    expect(
      await store.rotateClientKey({
        clientId: 'cl_nope',
        key: clientKey('ck_x', 'cl_nope', 'hx', at),
        oldKeysExpireAt: new Date(at),
        at: new Date(at),
        maxValidKeys: 3,
      }),
    ).toBe('not_found');
    expect(await store.findClientByKeyHash('hx')).toBeUndefined();
  });

  it('revokes one client key, idempotently, and only of its own client', async () => {
    const revoked = await store.revokeClientKey('cl_2', 'ck_2d', new Date(T0 + 5_000));
    expect(revoked?.keys.find((k) => k.id === 'ck_2d')?.revokedAt).toEqual(new Date(T0 + 5_000));
    const again = await store.revokeClientKey('cl_2', 'ck_2d', new Date(T0 + 6_000));
    expect(again?.keys.find((k) => k.id === 'ck_2d')?.revokedAt).toEqual(new Date(T0 + 5_000));
    expect((await store.findClientByKeyHash('h2d'))?.key.revokedAt).toEqual(new Date(T0 + 5_000));
    expect(await store.revokeClientKey('cl_1', 'ck_2c', new Date(T0))).toBeUndefined();
    expect(await store.revokeClientKey('cl_2', 'ck_nope', new Date(T0))).toBeUndefined();
    expect((await store.findClientByKeyHash('h2c'))?.key.revokedAt).toBeNull();
  });

  function adminKey(overrides: Partial<AdminKeyRecord>): AdminKeyRecord {
    return {
      id: `a-${Math.random().toString(36).slice(2)}`,
      name: 'bootstrap',
      keyHash: `h-${Math.random().toString(36).slice(2)}`,
      role: 'admin',
      createdAt: new Date(T0),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      ...overrides,
    };
  }

  it('keeps one bootstrap admin key, replaced by name', async () => {
    expect(await store.countAdminKeys(new Date(T0))).toBe(0);
    await store.putAdminKey(adminKey({ id: 'a1', keyHash: 'ha' }));
    await store.putAdminKey(adminKey({ id: 'a2', keyHash: 'hb', createdAt: new Date(T0 + 1) }));
    expect(await store.countAdminKeys(new Date(T0))).toBe(1);
    expect(await store.findAdminKeyByHash('ha')).toBeUndefined();
    expect(await store.findAdminKeyByHash('hb')).toEqual({
      id: 'a1',
      name: 'bootstrap',
      keyHash: 'hb',
      role: 'admin',
      createdAt: new Date(T0 + 1),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it('admin credentials: names unique among those not revoked, listed oldest first, read by id', async () => {
    const auditor = adminKey({
      id: 'c-aud',
      name: 'auditor-1',
      keyHash: 'h-aud',
      role: 'auditor',
      createdAt: new Date(T0 + 10),
      expiresAt: new Date(T0 + 3_600_000),
    });
    await store.insertAdminKey(auditor);
    await expect(
      store.insertAdminKey(adminKey({ name: 'auditor-1', createdAt: new Date(T0 + 11) })),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      store.insertAdminKey(adminKey({ name: 'other', keyHash: 'h-aud' })),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.getAdminKey('c-aud')).toEqual(auditor);
    expect(await store.getAdminKey('nope')).toBeUndefined();
    expect(await store.findAdminKeyByHash('h-aud')).toEqual(auditor);
    const listed = await store.listAdminKeys();
    expect(listed.map((k) => k.id)).toEqual(['a1', 'c-aud']);
    // Auditors do not count as admins.
    expect(await store.countAdminKeys(new Date(T0))).toBe(1);

    const session = {
      idHash: 's-aud',
      adminKeyHash: 'h-aud',
      adminName: 'auditor-1',
      createdAt: new Date(T0),
      lastSeenAt: new Date(T0),
      expiresAt: new Date(T0 + 3_600_000),
    };
    await store.insertSession(session);
    expect(await store.findSession('s-aud')).toEqual(session);
    expect(await store.revokeAdminKey('c-aud', new Date(T0 + 20))).toMatchObject({
      id: 'c-aud',
      revokedAt: new Date(T0 + 20),
    });
    // Its console sessions end with it.
    expect(await store.findSession('s-aud')).toBeUndefined();
    // Idempotent: the first time is kept.
    expect(await store.revokeAdminKey('c-aud', new Date(T0 + 30))).toMatchObject({
      revokedAt: new Date(T0 + 20),
    });
    expect(await store.revokeAdminKey('nope', new Date(T0))).toBe('not_found');
    // The name is free again.
    await store.insertAdminKey(adminKey({ id: 'c-aud2', name: 'auditor-1', role: 'auditor' }));
    expect((await store.findAdminKeyByHash('h-aud'))?.revokedAt).toEqual(new Date(T0 + 20));
  });

  it('refuses to revoke the last active admin credential, counting expiry at the revoke time', async () => {
    // a1 (bootstrap, admin) is the only admin so far.
    expect(await store.revokeAdminKey('a1', new Date(T0 + 40))).toBe('last_admin');
    await store.insertAdminKey(
      adminKey({ id: 'c-exp', name: 'expiring', expiresAt: new Date(T0 + 100) }),
    );
    expect(await store.countAdminKeys(new Date(T0 + 50))).toBe(2);
    expect(await store.countAdminKeys(new Date(T0 + 100))).toBe(1);
    // At T0+100 the other admin has expired: a1 is the last one.
    expect(await store.revokeAdminKey('a1', new Date(T0 + 100))).toBe('last_admin');
    // An expired admin is not the last active one: it may go.
    expect(await store.revokeAdminKey('c-exp', new Date(T0 + 100))).toMatchObject({
      revokedAt: new Date(T0 + 100),
    });
    await store.insertAdminKey(adminKey({ id: 'c-adm', name: 'second-admin' }));
    // Two revokes at once of the last two admins: exactly one succeeds.
    const both = await Promise.all([
      store.revokeAdminKey('a1', new Date(T0 + 200)),
      store.revokeAdminKey('c-adm', new Date(T0 + 200)),
    ]);
    expect(both.filter((r) => r === 'last_admin')).toHaveLength(1);
    expect(await store.countAdminKeys(new Date(T0 + 200))).toBe(1);
  });

  it('records an admin credential use only when the stored one is older than `since`', async () => {
    await store.insertAdminKey(adminKey({ id: 'c-use', name: 'user', keyHash: 'h-use' }));
    await store.touchAdminKey('c-use', new Date(T0 + 1000), new Date(T0 + 1000 - 60_000));
    expect((await store.getAdminKey('c-use'))?.lastUsedAt).toEqual(new Date(T0 + 1000));
    // Within the minute: unchanged (another replica wrote it already).
    await store.touchAdminKey('c-use', new Date(T0 + 30_000), new Date(T0 + 30_000 - 60_000));
    expect((await store.getAdminKey('c-use'))?.lastUsedAt).toEqual(new Date(T0 + 1000));
    await store.touchAdminKey('c-use', new Date(T0 + 61_001), new Date(T0 + 1001));
    expect((await store.getAdminKey('c-use'))?.lastUsedAt).toEqual(new Date(T0 + 61_001));
  });

  it('stores console sessions by id hash; touch never moves back; expired ones are purged', async () => {
    const session = {
      idHash: 's1',
      adminKeyHash: 'hb',
      adminName: 'bootstrap',
      createdAt: new Date(T0),
      lastSeenAt: new Date(T0),
      expiresAt: new Date(T0 + 3_600_000),
    };
    await store.insertSession(session);
    await store.insertSession({ ...session, idHash: 's2', expiresAt: new Date(T0 + 10) });
    await expect(store.insertSession(session)).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.findSession('s1')).toEqual(session);
    expect(await store.findSession('nope')).toBeUndefined();
    await store.touchSession('s1', new Date(T0 + 5_000));
    await store.touchSession('s1', new Date(T0 + 1_000));
    expect((await store.findSession('s1'))?.lastSeenAt).toEqual(new Date(T0 + 5_000));
    expect(await store.deleteExpiredSessions(new Date(T0 + 11))).toBe(1);
    expect(await store.findSession('s2')).toBeUndefined();
    expect(await store.deleteSession('s1')).toBe(true);
    expect(await store.deleteSession('s1')).toBe(false);
    expect(await store.findSession('s1')).toBeUndefined();
  });

  it('a sign-out through one store handle is seen at once by every other (replicas)', async () => {
    // SQLite has one process per data directory: its "other replica" is the same handle.
    const other =
      backend === 'postgres' ? await openStore({ databaseUrl: database?.url, dataDir }) : store;
    try {
      const session = {
        idHash: 'r1',
        adminKeyHash: 'hb',
        adminName: 'bootstrap',
        createdAt: new Date(T0),
        lastSeenAt: new Date(T0),
        expiresAt: new Date(T0 + 3_600_000),
      };
      await store.insertSession(session);
      expect(await other.findSession('r1')).toEqual(session);
      expect(await other.deleteSession('r1')).toBe(true);
      expect(await store.findSession('r1')).toBeUndefined();
    } finally {
      if (other !== store) await other.close();
    }
  });

  it('writes audit records all or nothing and pages through them by (iat, jti)', async () => {
    const records = Array.from({ length: 11 }, (_, i) => audit(i));
    await store.insertAudit(records.slice(0, 6));
    await store.insertAudit(records.slice(6));
    await expect(store.insertAudit([audit(50), audit(0)])).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await store.countAudit()).toBe(11);
    expect(await store.queryAudit({ jti: 'jti-050', limit: 10 })).toEqual([]);

    const seen: string[] = [];
    let after: { iat: Date; jti: string } | undefined;
    for (;;) {
      const page = await store.queryAudit({ limit: 3, ...(after && { after }) });
      seen.push(...page.map((r) => r.jti));
      const last = page[page.length - 1];
      if (page.length < 3 || last === undefined) break;
      after = { iat: last.iat, jti: last.jti };
    }
    expect(seen).toEqual(records.map((r) => r.jti).reverse());
    expect(await store.queryAudit({ jti: 'jti-004', limit: 5 })).toEqual([records[4]]);
  });

  it('filters audit records by subject, client, kind and time range', async () => {
    const bySub = await store.queryAudit({ sub: audit(1).sub, limit: 50 });
    expect(bySub.every((r) => r.sub === audit(1).sub)).toBe(true);
    expect(bySub).toHaveLength(4);
    expect(
      (await store.queryAudit({ clientId: 'cl_even', limit: 50 })).every(
        (r) => r.clientId === 'cl_even',
      ),
    ).toBe(true);
    expect(await store.queryAudit({ kind: 'oidc', limit: 50 })).toEqual([]);
    const range = await store.queryAudit({
      since: new Date(T0 + 1000),
      until: new Date(T0 + 3000),
      limit: 50,
    });
    expect(range.map((r) => r.jti).sort()).toEqual(['jti-002', 'jti-003', 'jti-004', 'jti-005']);
  });

  it('appends audit events all or nothing and pages through them by (at, id) both ways', async () => {
    const events = Array.from({ length: 13 }, (_, i) => event(i));
    await store.insertEvents(events.slice(0, 7));
    await store.insertEvents(events.slice(7));
    await store.insertEvents([]);
    await expect(store.insertEvents([event(90), event(3)])).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await store.queryEvents({ limit: 100 })).toHaveLength(13);

    for (const order of ['desc', 'asc'] as const) {
      const seen: AuditEventRecord[] = [];
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const page = await store.queryEvents({ limit: 4, order, ...(after && { after }) });
        seen.push(...page);
        const last = page[page.length - 1];
        if (page.length < 4 || last === undefined) break;
        after = { at: last.at, id: last.id };
      }
      expect(seen).toEqual(order === 'asc' ? events : [...events].reverse());
    }
  });

  it('filters audit events by type, actor, target and time range', async () => {
    const refused = await store.queryEvents({ types: ['token.refused'], limit: 50 });
    expect(refused.map((e) => e.id)).toEqual(['ev-010', 'ev-007', 'ev-004', 'ev-001']);
    expect(refused[3]).toEqual(event(1));
    const two = await store.queryEvents({ types: ['token.refused', 'admin.signed_in'], limit: 50 });
    expect(two).toHaveLength(8);
    expect(await store.queryEvents({ types: [], limit: 50 })).toEqual([]);
    expect(await store.queryEvents({ types: ['key.rotated'], limit: 50 })).toEqual([]);
    const byAdmin = await store.queryEvents({ actorId: 'ad_1', limit: 50 });
    expect(byAdmin).toHaveLength(7);
    expect(byAdmin.every((e) => e.actorType === 'admin')).toBe(true);
    expect((await store.queryEvents({ targetId: 'cl_8', limit: 50 })).map((e) => e.id)).toEqual([
      'ev-008',
    ]);
    const range = await store.queryEvents({
      since: new Date(T0 + 1000),
      until: new Date(T0 + 3000),
      order: 'asc',
      limit: 50,
    });
    expect(range.map((e) => e.id)).toEqual(['ev-002', 'ev-003', 'ev-004', 'ev-005']);
    const combined = await store.queryEvents({
      types: ['client.created'],
      actorId: 'ad_1',
      since: new Date(T0 + 2000),
      limit: 50,
    });
    expect(combined.map((e) => e.id)).toEqual(['ev-012', 'ev-006']);
  });

  it('purges events by time and token records by expiry, oldest first, in bounded batches', async () => {
    const base = T0 + 10 * 86_400_000;
    const old = Array.from({ length: 7 }, (_, i) =>
      event(200 + i, { id: `purge-ev-${i}`, at: new Date(base + i * 1000) }),
    );
    await store.insertEvents(old);
    const tokens = Array.from({ length: 7 }, (_, i) =>
      audit(700 + i, {
        jti: `purge-jti-${i}`,
        iat: new Date(base - 3_600_000),
        exp: new Date(base + i * 1000),
      }),
    );
    await store.insertAudit(tokens);
    const eventIds = async () =>
      (await store.queryEvents({ since: new Date(base), limit: 50, order: 'asc' })).map(
        (e) => e.id,
      );
    // Before base + 5 s: five of each, at most two per call, the oldest first.
    const cut = new Date(base + 5000);
    const wipeOlder = await store.purgeEvents(new Date(base), 500);
    expect(wipeOlder).toBeGreaterThanOrEqual(0);
    expect(await store.purgeEvents(cut, 2)).toBe(2);
    expect(await eventIds()).toEqual(old.slice(2).map((e) => e.id));
    expect(await store.purgeEvents(cut, 10)).toBe(3);
    expect(await store.purgeEvents(cut, 10)).toBe(0);
    expect(await eventIds()).toEqual(old.slice(5).map((e) => e.id));
    expect(await store.purgeTokens(cut, 3)).toBeGreaterThanOrEqual(3);
    while ((await store.purgeTokens(cut, 3)) > 0) {
      // until nothing expired before the cut is left
    }
    const left = await store.queryAudit({ since: new Date(base - 3_600_000), limit: 50 });
    expect(
      left
        .filter((r) => r.jti.startsWith('purge-'))
        .map((r) => r.jti)
        .sort(),
    ).toEqual(['purge-jti-5', 'purge-jti-6']);
    expect(left.every((r) => r.exp >= cut)).toBe(true);
  });

  it('tryKeyLock commits like withKeyLock, logs transitions and notifies after commit only', async () => {
    let notified = 0;
    const off = store.onKeysChanged(() => {
      notified += 1;
    });
    // PostgreSQL: the LISTEN connection, once up, signals one catch-up refresh of its own.
    await new Promise((resolve) => setTimeout(resolve, 500));
    notified = 0;
    const rolledBack = store.tryKeyLock(async (tx) => {
      await tx.insertKey(key({ issuer: 'v2', state: 'retired' }));
      throw new Error('crash before commit');
    });
    await expect(rolledBack).rejects.toThrow();
    expect(notified).toBe(0);
    const row = key({ issuer: 'v2', state: 'retired' });
    const done = await store.tryKeyLock(async (tx) => {
      await tx.insertKey(row);
      await tx.recordTransition({
        issuer: 'v2',
        type: 'generate-next',
        keyId: row.id,
        reason: 'test',
        replica: 'r1',
        at: new Date(T0),
      });
      return 'ok';
    });
    expect(done).toEqual({ acquired: true, value: 'ok' });
    expect(notified).toBeGreaterThanOrEqual(1);
    const log = await store.listTransitions('v2');
    expect(log.at(-1)).toEqual({
      issuer: 'v2',
      type: 'generate-next',
      keyId: row.id,
      reason: 'test',
      replica: 'r1',
      at: new Date(T0),
    });
    off();
  });

  it.runIf(backend === 'postgres')(
    'gives the key lock to one replica at a time and tells the others through NOTIFY',
    async () => {
      const peer = await openStore({ databaseUrl: database?.url, dataDir, migrate: false });
      try {
        let heard = 0;
        peer.onKeysChanged(() => {
          heard += 1;
        });
        // Let the LISTEN connection settle (it triggers one refresh of its own).
        await new Promise((resolve) => setTimeout(resolve, 500));
        heard = 0;
        let release: () => void = () => undefined;
        let entered: () => void = () => undefined;
        const inside = new Promise<void>((resolve) => {
          entered = resolve;
        });
        const holder = store.tryKeyLock(async (tx) => {
          entered();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          await tx.updateKey('no-such-key', { state: 'retired' });
          await tx.insertKey(key({ issuer: 'v1', state: 'retired' }));
        });
        await inside;
        expect(await peer.tryKeyLock(async () => 'ran')).toEqual({ acquired: false });
        release();
        expect(await holder).toMatchObject({ acquired: true });
        expect(await peer.tryKeyLock(async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
        const deadline = Date.now() + 5_000;
        while (heard === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(heard).toBeGreaterThanOrEqual(1);
      } finally {
        await peer.close();
      }
    },
    30_000,
  );

  it.runIf(backend === 'postgres')(
    'a connection killed mid-transaction (pg_terminate_backend) is store_unavailable, rolls back, and the store recovers without a restart',
    async () => {
      const admin = new pg.Client({ connectionString: database?.url });
      await admin.connect();
      const row = key({ issuer: 'v2', state: 'retired' });
      try {
        await expect(
          store.withKeyLock(async (tx) => {
            await tx.insertKey(row);
            await admin.query(
              'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
            );
            await tx.listKeys('v2');
          }),
        ).rejects.toMatchObject({ code: 'store_unavailable' });
      } finally {
        await admin.end();
      }
      // No restart: the pool replaces the dead connections.
      await store.ping();
      expect((await store.listKeys()).some((k) => k.id === row.id)).toBe(false);
      await store.insertAudit([audit(300)]);
      expect(await store.queryAudit({ jti: 'jti-300', limit: 1 })).toHaveLength(1);
    },
    30_000,
  );

  it.runIf(backend === 'sqlite' && canMount)(
    'a full disk is store_unavailable for a whole audit batch (none of it kept), and writes recover once space is freed',
    async () => {
      const mnt = mkdtempSync(join(tmpdir(), 'runid-store-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mnt]);
      const full = await openStore({ dataDir: mnt });
      try {
        await full.insertAudit([audit(400)]);
        const filler = join(mnt, 'filler');
        try {
          writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024));
        } catch (error) {
          expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        }
        const batch = Array.from({ length: 500 }, (_, i) => audit(1000 + i));
        await expect(full.insertAudit(batch)).rejects.toMatchObject({ code: 'store_unavailable' });
        // Reads still answer; the batch left nothing behind.
        expect(await full.countAudit()).toBe(1);
        rmSync(filler);
        await full.ping();
        await full.insertAudit(batch);
        expect(await full.countAudit()).toBe(501);
      } finally {
        await full.close();
        execFileSync('umount', ['-l', mnt]);
        rmSync(mnt, { recursive: true, force: true });
      }
    },
    30_000,
  );

  it('fails with store_unavailable once closed', async () => {
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.insertAudit([audit(99)])).rejects.toMatchObject({
      code: 'store_unavailable',
    });
    await store.close();
  });
});
