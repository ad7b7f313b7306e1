import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, createTestClient, issuerOn, type TestIssuer } from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

const IDENTITY = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
} as const;
const ENV_IDENTITY = {
  kind: 'environment',
  org: 'acme',
  currentEnvironment: 'web/dev',
  user: 'alice',
} as const;

describe.each(backends)('runs over HTTP: %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let admin: string;
  let client: string;
  let otherClient: string;

  const newClient = async (name: string, grants: unknown[]) =>
    (await createTestClient(issuer, name, grants)).key;

  async function runCount(): Promise<number> {
    const page = await issuer.call('GET', '/api/v1/admin/runs?limit=500', { key: admin });
    return (page.json.items as unknown[]).length;
  }

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    admin = issuer.adminKey;
    client = await newClient('runner', [
      { kinds: ['deployment', 'environment'], orgs: ['acme'], platforms: ['aws', 'gcp'] },
    ]);
    otherClient = await newClient('other', [{ kinds: ['deployment'], orgs: ['acme'] }]);
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('creates a run: numbered, 1 h by default, credential shown once and never stored', async () => {
    const first = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.json).toMatchObject({
      state: 'running',
      identity: { ...IDENTITY, deployment: 1 },
      createdAt: new Date(issuer.clock()).toISOString(),
      deadline: new Date(issuer.clock() + 3_600_000).toISOString(),
    });
    expect(first.json.credential).toMatch(/^rid_run_[A-Za-z0-9_-]{43}$/);
    const second = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY, deadline: '2h' },
    });
    expect(second.json.identity.deployment).toBe(2);
    expect(second.json.deadline).toBe(new Date(issuer.clock() + 7_200_000).toISOString());
    const detail = await issuer.call('GET', `/api/v1/admin/runs/${first.json.id}`, { key: admin });
    expect(detail.status).toBe(200);
    expect(detail.json.run).not.toHaveProperty('credential');
    expect(detail.json.tokens).toEqual([]);
    expect(detail.text).not.toContain(first.json.credential);
  });

  it('finishes a run by its credential or its client, once', async () => {
    const byCredential = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY },
    });
    const finished = await issuer.call('POST', `/api/v1/runs/${byCredential.json.id}/finish`, {
      key: byCredential.json.credential,
      body: { outcome: 'succeeded' },
    });
    expect(finished.status).toBe(200);
    expect(finished.json).toMatchObject({ state: 'succeeded', endedAt: expect.any(String) });
    const again = await issuer.call('POST', `/api/v1/runs/${byCredential.json.id}/finish`, {
      key: client,
      body: { outcome: 'failed' },
    });
    expect([again.status, again.json.code]).toEqual([403, 'run_ended']);

    const byClient = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: ENV_IDENTITY, platforms: ['aws'] },
    });
    expect(byClient.status).toBe(201);
    const cancelled = await issuer.call('POST', `/api/v1/runs/${byClient.json.id}/finish`, {
      key: client,
      body: { outcome: 'cancelled' },
    });
    expect(cancelled.json.state).toBe('cancelled');
  });

  it('ends a run at its deadline by itself (injected clock)', async () => {
    const run = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY, deadline: '10m' },
    });
    const running = await issuer.call('GET', '/api/v1/admin/runs?state=running&limit=500', {
      key: admin,
    });
    expect(running.json.items.map((r: { id: string }) => r.id)).toContain(run.json.id);
    issuer.clock.advance(10 * 60_000);
    const detail = await issuer.call('GET', `/api/v1/admin/runs/${run.json.id}`, { key: admin });
    expect(detail.json.run).toMatchObject({ state: 'expired', endedAt: run.json.deadline });
    const expired = await issuer.call('GET', '/api/v1/admin/runs?state=expired&limit=500', {
      key: admin,
    });
    expect(expired.json.items.map((r: { id: string }) => r.id)).toContain(run.json.id);
    const finish = await issuer.call('POST', `/api/v1/runs/${run.json.id}/finish`, {
      key: run.json.credential,
      body: { outcome: 'succeeded' },
    });
    expect([finish.status, finish.json.code]).toEqual([403, 'run_ended']);
  });

  it('revokes a run (admin), idempotently', async () => {
    const run = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY },
    });
    const revoked = await issuer.call('POST', `/api/v1/admin/runs/${run.json.id}/revoke`, {
      key: admin,
    });
    expect(revoked.json).toMatchObject({ state: 'revoked' });
    const again = await issuer.call('POST', `/api/v1/admin/runs/${run.json.id}/revoke`, {
      key: admin,
    });
    expect(again.json).toEqual(revoked.json);
    const finish = await issuer.call('POST', `/api/v1/runs/${run.json.id}/finish`, {
      key: run.json.credential,
      body: { outcome: 'succeeded' },
    });
    expect(finish.json.code).toBe('run_ended');
  });

  it('lists runs by filter, page by page with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: { id: string }[]; nextCursor: string | null } } =
        await issuer.call(
          'GET',
          `/api/v1/admin/runs?limit=2&org=acme${cursor === null ? '' : `&cursor=${cursor}`}`,
          { key: admin },
        );
      seen.push(...page.json.items.map((r) => r.id));
      cursor = page.json.nextCursor;
    } while (cursor !== null);
    expect(seen.length).toBe(await runCount());
    expect(new Set(seen).size).toBe(seen.length);
    const prod = await issuer.call('GET', '/api/v1/admin/runs?stack=prod&project=web', {
      key: admin,
    });
    expect(
      prod.json.items.every((r: { identity: { stack: string } }) => r.identity.stack === 'prod'),
    ).toBe(true);
    const bad = await issuer.call('GET', '/api/v1/admin/runs?cursor=nope', { key: admin });
    expect([bad.status, bad.json.code]).toEqual([400, 'invalid_request']);
    const badState = await issuer.call('GET', '/api/v1/admin/runs?state=done', { key: admin });
    expect([badState.status, badState.json.code]).toEqual([400, 'invalid_request']);
  });

  it.each([
    ['a deadline over 24h', { identity: IDENTITY, deadline: '25h' }, 400, 'deadline_out_of_range'],
    ['a deadline under 1m', { identity: IDENTITY, deadline: '30s' }, 400, 'deadline_out_of_range'],
    ['a malformed deadline', { identity: IDENTITY, deadline: 'soon' }, 400, 'invalid_request'],
    ['an org outside the grants', { identity: { ...IDENTITY, org: 'evil' } }, 403, 'grant_denied'],
    [
      'a platform outside the grants',
      { identity: ENV_IDENTITY, platforms: ['azure'] },
      403,
      'grant_denied',
    ],
    [
      'a kind outside the grants',
      { identity: { ...ENV_IDENTITY, kind: 'oidc' } },
      400,
      'invalid_request',
    ],
    ['an environment run without platforms', { identity: ENV_IDENTITY }, 400, 'invalid_request'],
    [
      'a deployment run with platforms',
      { identity: IDENTITY, platforms: ['aws'] },
      400,
      'invalid_request',
    ],
    [
      'a duration (chosen per token)',
      { identity: { ...IDENTITY, duration: '1h' } },
      400,
      'invalid_request',
    ],
    ['an unknown field', { identity: IDENTITY, extra: 1 }, 400, 'invalid_request'],
    ['no identity', { deadline: '1h' }, 400, 'invalid_request'],
    ['a bad stack name', { identity: { ...IDENTITY, stack: 'a:b' } }, 400, 'invalid_request'],
  ])('refuses %s and creates nothing', async (_name, body, status, code) => {
    const before = await runCount();
    const answer = await issuer.call('POST', '/api/v1/runs', { key: client, body });
    expect([answer.status, answer.json.code]).toEqual([status, code]);
    expect(await runCount()).toBe(before);
  });

  it('refuses a deployment number another run of the stack holds (409), creating nothing', async () => {
    const before = await runCount();
    const answer = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: { ...IDENTITY, deployment: 1 } },
    });
    expect([answer.status, answer.json.code]).toEqual([409, 'conflict']);
    expect(await runCount()).toBe(before);
  });

  it('keeps run credentials to their run and their endpoints', async () => {
    const run = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY },
    });
    const other = await issuer.call('POST', '/api/v1/runs', {
      key: client,
      body: { identity: IDENTITY },
    });
    const credential = run.json.credential as string;
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/v1/runs', { identity: IDENTITY }, 403, 'run_credential_not_allowed'],
      ['GET', '/api/v1/admin/runs', undefined, 403, 'run_credential_not_allowed'],
      ['GET', `/api/v1/admin/runs/${run.json.id}`, undefined, 403, 'run_credential_not_allowed'],
      [
        'POST',
        `/api/v1/admin/runs/${run.json.id}/revoke`,
        undefined,
        403,
        'run_credential_not_allowed',
      ],
      ['GET', '/api/v1/admin/clients', undefined, 403, 'run_credential_not_allowed'],
      [
        'POST',
        '/api/v1/tokens/preview',
        { ...IDENTITY, deployment: 1 },
        403,
        'run_credential_not_allowed',
      ],
      ['POST', `/api/v1/runs/${other.json.id}/finish`, { outcome: 'failed' }, 404, 'run_not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const answer = await issuer.call(method, path, { key: credential, body });
      expect([path, answer.status, answer.json.code]).toEqual([path, status, code]);
    }
    // Another client's run is not found; an unknown run or credential neither.
    const foreign = await issuer.call('POST', `/api/v1/runs/${run.json.id}/finish`, {
      key: otherClient,
      body: { outcome: 'failed' },
    });
    expect([foreign.status, foreign.json.code]).toEqual([404, 'run_not_found']);
    const unknown = await issuer.call('POST', '/api/v1/runs/run_nope/finish', {
      key: client,
      body: { outcome: 'failed' },
    });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'run_not_found']);
    const forged = await issuer.call('POST', `/api/v1/runs/${run.json.id}/finish`, {
      key: `rid_run_${'A'.repeat(43)}`,
      body: { outcome: 'failed' },
    });
    expect([forged.status, forged.json.code]).toEqual([401, 'unauthorized']);
    const badOutcome = await issuer.call('POST', `/api/v1/runs/${run.json.id}/finish`, {
      key: credential,
      body: { outcome: 'done' },
    });
    expect([badOutcome.status, badOutcome.json.code]).toEqual([400, 'invalid_request']);
    const adminFinish = await issuer.call('POST', `/api/v1/runs/${run.json.id}/finish`, {
      key: admin,
      body: { outcome: 'failed' },
    });
    expect([adminFinish.status, adminFinish.json.code]).toEqual([403, 'forbidden']);
    // None of it ended the run.
    const detail = await issuer.call('GET', `/api/v1/admin/runs/${run.json.id}`, { key: admin });
    expect(detail.json.run.state).toBe('running');
    const unknownDetail = await issuer.call('GET', '/api/v1/admin/runs/run_nope', { key: admin });
    expect([unknownDetail.status, unknownDetail.json.code]).toEqual([404, 'run_not_found']);
  });
});
