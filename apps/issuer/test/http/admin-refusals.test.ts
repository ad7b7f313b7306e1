import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventRecord } from '../../src/store/records.js';
import { type Backend, createTestClient, issuerOn, type TestIssuer } from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

describe.each(backends)('refused admin actions are audit events: %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let auditor: string;

  async function refusal(requestId: string): Promise<AuditEventRecord> {
    await issuer.services.events.flush();
    const found = (
      await issuer.services.store.queryEvents({
        types: ['admin.action_refused'],
        order: 'asc',
        limit: 500,
      })
    ).filter((e) => e.requestId === requestId);
    expect(found, requestId).toHaveLength(1);
    return found[0] as AuditEventRecord;
  }

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    const created = await issuer.call('POST', '/api/v1/admin/credentials', {
      key: issuer.adminKey,
      body: { name: 'siem-reader', role: 'auditor' },
    });
    expect(created.status).toBe(201);
    auditor = created.json.key;
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('an auditor trying to change something: 403, recorded with its credential, the operation and the reason', async () => {
    const answer = await issuer.call('POST', '/api/v1/admin/clients', {
      key: auditor,
      body: { name: 'sneaky', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
      headers: { 'x-request-id': 'req-auditor-create' },
    });
    expect([answer.status, answer.json.code]).toEqual([403, 'forbidden']);
    expect(await refusal('req-auditor-create')).toMatchObject({
      actorType: 'admin',
      actorName: 'siem-reader',
      outcome: 'refused',
      reason: 'forbidden',
      source: '127.0.0.1',
      detail: { status: 403, operation: 'createClient' },
    });
  });

  it('no credential, a bad body and a conflict are recorded too; a success is not a refusal', async () => {
    const unauthenticated = await issuer.call('POST', '/api/v1/admin/runs/run_x/revoke', {
      headers: { 'x-request-id': 'req-anon-revoke' },
    });
    expect(unauthenticated.status).toBe(401);
    expect(await refusal('req-anon-revoke')).toMatchObject({
      actorType: 'anonymous',
      reason: 'unauthorized',
      detail: { status: 401, presented: 'none', operation: 'revokeRun' },
    });
    const bad = await issuer.call('POST', '/api/v1/admin/keys/rotate', {
      key: issuer.adminKey,
      body: { issuer: 'v3' },
      headers: { 'x-request-id': 'req-bad-rotate' },
    });
    expect(bad.status).toBe(400);
    expect(await refusal('req-bad-rotate')).toMatchObject({
      actorName: 'bootstrap',
      reason: 'invalid_request',
      detail: { operation: 'rotateKeys', errors: [expect.objectContaining({ path: 'issuer' })] },
    });
    await createTestClient(issuer, 'taken', [{ kinds: ['deployment'], orgs: ['acme'] }]);
    const clash = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: 'taken', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
      headers: { 'x-request-id': 'req-clash' },
    });
    expect(clash.status).toBe(409);
    expect(await refusal('req-clash')).toMatchObject({ reason: 'conflict', outcome: 'refused' });
    const ok = await issuer.call('POST', '/api/v1/admin/clients', {
      key: issuer.adminKey,
      body: { name: 'fine', grants: [{ kinds: ['deployment'], orgs: ['acme'] }] },
      headers: { 'x-request-id': 'req-fine' },
    });
    expect(ok.status).toBe(201);
    await issuer.services.events.flush();
    const none = (
      await issuer.services.store.queryEvents({
        types: ['admin.action_refused'],
        order: 'asc',
        limit: 500,
      })
    ).filter((e) => e.requestId === 'req-fine');
    expect(none).toEqual([]);
  });
});
