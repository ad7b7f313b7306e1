import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRetention } from '../../src/audit/retention.js';
import { loadConfig } from '../../src/config/load.js';
import type { AuditEventRecord, AuditRecord } from '../../src/store/records.js';
import { type Backend, DEPLOYMENT, issuerOn, type TestIssuer } from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function oldEvent(i: number, at: number): AuditEventRecord {
  return {
    id: `ev_old_${String(i).padStart(5, '0')}`,
    at: new Date(at),
    type: 'token.refused',
    actorType: 'anonymous',
    actorId: 'anonymous',
    actorName: null,
    targetType: null,
    targetId: null,
    requestId: null,
    source: '192.0.2.1',
    outcome: 'refused',
    reason: 'unauthorized',
    detail: { status: 401 },
  };
}

function oldToken(i: number, iat: number, lifetimeMs: number): AuditRecord {
  return {
    jti: `jti_old_${String(i).padStart(5, '0')}`,
    kind: 'deployment',
    iss: 'https://id.example.com/oidc',
    sub: 'pulumi:deploy:org:acme:project:web:stack:dev:operation:update:scope:write',
    aud: 'acme',
    clientId: 'cl_old',
    kid: 'kid-old',
    iat: new Date(iat),
    exp: new Date(iat + lifetimeMs),
  };
}

describe('RUNID_AUDIT_RETENTION', () => {
  it('is a duration of at least 1h; unset keeps the trail forever', () => {
    expect(loadConfig({ RUNID_DATA_DIR: '/tmp/x' }).auditRetentionMs).toBeUndefined();
    expect(
      loadConfig({ RUNID_DATA_DIR: '/tmp/x', RUNID_AUDIT_RETENTION: '90d' }).auditRetentionMs,
    ).toBe(90 * DAY);
    expect(() => loadConfig({ RUNID_DATA_DIR: '/tmp/x', RUNID_AUDIT_RETENTION: '30m' })).toThrow(
      /RUNID_AUDIT_RETENTION must be between 1h and 36500d/,
    );
    expect(() =>
      loadConfig({ RUNID_DATA_DIR: '/tmp/x', RUNID_AUDIT_RETENTION: 'forever' }),
    ).toThrow(/RUNID_AUDIT_RETENTION must be a duration/);
  });
});

describe.each(backends)('audit retention: %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let clientKey: string;

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl, {
      env: { RUNID_AUDIT_RETENTION: '30d' },
    }));
    const created = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: 'load', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
    });
    clientKey = created.json.key;
  }, 120_000);
  afterAll(async () => cleanup?.());

  it('is configured from RUNID_AUDIT_RETENTION and started by serve', () => {
    expect(issuer.services.config.auditRetentionMs).toBe(30 * DAY);
    expect(issuer.services.retention).toBeInstanceOf(AuditRetention);
  });

  it('deletes events past the retention and tokens only once expiry + retention has passed (injected clock)', async () => {
    const store = issuer.services.store;
    const now = issuer.clock();
    await store.insertEvents([oldEvent(1, now - 31 * DAY), oldEvent(2, now - 29 * DAY)]);
    await store.insertAudit([
      // Issued 31 days ago, expired 31 days ago minus an hour: past expiry + retention.
      oldToken(1, now - 31 * DAY, HOUR),
      // Issued 31 days ago but valid for 2 days: expiry + retention is a day from now.
      oldToken(2, now - 31 * DAY, 2 * DAY),
    ]);
    const pauses: number[] = [];
    const retention = new AuditRetention({
      store,
      retentionMs: 30 * DAY,
      clock: issuer.clock,
      events: issuer.services.events,
      batchSize: 1,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    const first = await retention.runOnce();
    expect(first.events).toBeGreaterThanOrEqual(1);
    expect(first.tokens).toBe(1);
    expect(pauses.length).toBeGreaterThanOrEqual(2);
    const ids = (await store.queryEvents({ limit: 500 })).map((e) => e.id);
    expect(ids).not.toContain('ev_old_00001');
    expect(ids).toContain('ev_old_00002');
    expect(await store.queryAudit({ jti: 'jti_old_00001', limit: 1 })).toEqual([]);
    expect(await store.queryAudit({ jti: 'jti_old_00002', limit: 1 })).toHaveLength(1);
    const [purged] = await store.queryEvents({ types: ['audit.purged'], limit: 1 });
    expect(purged).toMatchObject({ actorType: 'system', actorId: 'retention' });
    expect(purged?.detail).toMatchObject({ tokens: 1, retentionMs: 30 * DAY });

    // Two days later both remaining rows are past it; a purge with nothing due records nothing.
    issuer.clock.advance(2 * DAY);
    const second = await retention.runOnce();
    expect(second.tokens).toBe(1);
    expect(await store.queryAudit({ jti: 'jti_old_00002', limit: 1 })).toEqual([]);
    expect((await store.queryEvents({ limit: 500 })).map((e) => e.id)).not.toContain(
      'ev_old_00002',
    );
    const purges = (await store.queryEvents({ types: ['audit.purged'], limit: 10 })).length;
    expect(await retention.runOnce()).toEqual({ events: 0, tokens: 0 });
    expect((await store.queryEvents({ types: ['audit.purged'], limit: 10 })).length).toBe(purges);
  });

  it('a purge of thousands of rows under a mint load fails no mint and leaves every new record', async () => {
    const store = issuer.services.store;
    const now = issuer.clock();
    const OLD = 4000;
    for (let start = 0; start < OLD; start += 500) {
      await store.insertEvents(
        Array.from({ length: 500 }, (_, i) =>
          oldEvent(1000 + start + i, now - 40 * DAY + start + i),
        ),
      );
      await store.insertAudit(
        Array.from({ length: 500 }, (_, i) =>
          oldToken(1000 + start + i, now - 40 * DAY + start + i, HOUR),
        ),
      );
    }
    const retention = new AuditRetention({
      store,
      retentionMs: 30 * DAY,
      clock: issuer.clock,
      batchSize: 500,
      pauseMs: 5,
    });
    const purging = retention.runOnce();
    const statuses: number[] = [];
    const jtis: string[] = [];
    let done = false;
    void purging.finally(() => {
      done = true;
    });
    // Waves of concurrent mints for as long as the purge runs (and at least three waves).
    for (let wave = 0; wave < 3 || !done; wave += 1) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          issuer.call('POST', '/api/v1/tokens', { key: clientKey, body: DEPLOYMENT }),
        ),
      );
      for (const a of answers) {
        statuses.push(a.status);
        if (a.status === 201) jtis.push(a.json.claims.jti);
      }
      if (wave > 200) break;
    }
    const purged = await purging;
    expect(
      statuses.every((s) => s === 201),
      JSON.stringify(statuses.filter((s) => s !== 201)),
    ).toBe(true);
    expect(purged.events).toBeGreaterThanOrEqual(OLD);
    expect(purged.tokens).toBeGreaterThanOrEqual(OLD);
    const left = await store.queryAudit({ clientId: 'cl_old', limit: 10 });
    expect(left).toEqual([]);
    for (const jti of jtis) {
      expect(await store.queryAudit({ jti, limit: 1 }), jti).toHaveLength(1);
    }
  }, 120_000);
});
