import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  createTestClient,
  issuerOn,
  OIDC as OIDC_TOKEN,
  type TestIssuer,
} from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

const DEPLOYMENT = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'tokens',
  operation: 'update',
} as const;
const ENVIRONMENT = {
  kind: 'environment',
  org: 'acme',
  currentEnvironment: 'web/dev',
  user: 'alice',
} as const;
// A run's identity: the token request without what each token chooses.
const { audience: _audience, ...OIDC } = OIDC_TOKEN;

function payload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe.each(backends)('minting inside a run: %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let admin: string;
  let client: string;

  const newClient = async (name: string, grants: unknown[]) =>
    (await createTestClient(issuer, name, grants)).key;

  async function startRun(body: unknown, key = client) {
    const run = await issuer.call('POST', '/api/v1/runs', { key, body });
    expect(run.status).toBe(201);
    return run.json as { id: string; credential: string; deadline: string; identity: never };
  }

  async function tokensOf(runId: string): Promise<{ jti: string; runId?: string }[]> {
    const detail = await issuer.call('GET', `/api/v1/admin/runs/${runId}`, { key: admin });
    return detail.json.tokens;
  }

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    admin = issuer.adminKey;
    client = await newClient('run-tokens', [
      { kinds: ['deployment', 'environment'], orgs: ['acme'], platforms: ['aws', 'gcp', 'vault'] },
      {
        kinds: ['oidc'],
        orgs: ['acme'],
        audiences: ['sts.amazonaws.com', 'api://AzureADTokenExchange'],
      },
    ]);
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it("mints the run's identity with a run_id claim; the audit record names the run", async () => {
    const run = await startRun({ identity: DEPLOYMENT, deadline: '2h' });
    const minted = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect(minted.status).toBe(201);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    const claims = payload(minted.json.token);
    expect(claims).toEqual(minted.json.claims);
    const { kind: _kind, ...identity } = run.identity as Record<string, unknown>;
    expect(claims).toMatchObject({ ...identity, run_id: run.id, aud: 'acme', scope: 'write' });
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    // The same identity minted with the client key: the same claims, without run_id, in the
    // same order (the documented format is untouched outside a run).
    const direct = await issuer.call('POST', '/api/v1/tokens', {
      key: client,
      body: run.identity,
    });
    const { run_id: _runId, ...inRun } = claims;
    const strip = (c: Record<string, unknown>) => {
      const { jti: _j, iat: _i, nbf: _n, exp: _e, ...rest } = c;
      return rest;
    };
    expect(Object.keys(strip(payload(direct.json.token)))).toEqual(Object.keys(strip(inRun)));
    expect(strip(payload(direct.json.token))).toEqual(strip(inRun));
    expect(payload(direct.json.token)).not.toHaveProperty('run_id');
    const tokens = await tokensOf(run.id);
    expect(tokens.map((t) => [t.jti, t.runId])).toEqual([[claims.jti, run.id]]);
  });

  it('shrinks the default lifetime to the deadline; refuses an explicit one past it', async () => {
    const run = await startRun({ identity: DEPLOYMENT, deadline: '20m' });
    const deadline = Date.parse(run.deadline) / 1000;
    const fitted = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect(fitted.status).toBe(201);
    expect(payload(fitted.json.token).exp).toBe(deadline);
    const chosen = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { duration: '10m' },
    });
    expect(payload(chosen.json.token).exp).toBe((payload(chosen.json.token).iat as number) + 600);
    const refused = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { duration: '30m' },
    });
    expect([refused.status, refused.json.code]).toEqual([400, 'duration_exceeds_deadline']);
    expect(refused.json.detail).toContain('the deadline is in 20m and 30m was asked');
    expect(refused.json.errors).toEqual([
      expect.objectContaining({ path: 'duration', code: 'exceeds_deadline' }),
    ]);
    // 19 minutes later 1 minute is left: below the kind's shortest chosen lifetime, yet the
    // default still fits the run rather than outliving it.
    issuer.clock.advance(19 * 60_000);
    const last = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect(last.status).toBe(201);
    expect(payload(last.json.token).exp).toBe(deadline);
    expect(
      (payload(last.json.token).exp as number) - (payload(last.json.token).iat as number),
    ).toBe(60);
    const tooLong = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { duration: '5m' },
    });
    expect([tooLong.status, tooLong.json.code]).toEqual([400, 'duration_exceeds_deadline']);
    expect(await tokensOf(run.id)).toHaveLength(3);
    issuer.clock.advance(60_000);
    const ended = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect([ended.status, ended.json.code]).toEqual([403, 'run_ended']);
    expect(await tokensOf(run.id)).toHaveLength(3);
  });

  it('chooses a platform within an environment run; subjectAttributes are open', async () => {
    const run = await startRun({ identity: ENVIRONMENT, platforms: ['aws', 'gcp'] });
    const cases: [unknown, number, string | undefined][] = [
      [{}, 400, 'invalid_request'],
      [{ platform: 'vault' }, 403, 'grant_denied'],
      [{ platform: 'azure' }, 403, 'grant_denied'],
      [{ platform: 'gcp', audience: 'x' }, 400, 'invalid_request'],
      [{ platform: 'nope' }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body });
      expect([body, answer.status, answer.json.code]).toEqual([body, status, code]);
    }
    const missing = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect(missing.json.errors).toEqual([
      {
        path: 'platform',
        code: 'required',
        message: 'platform is required: this run allows aws, gcp',
      },
    ]);
    const gcp = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { platform: 'gcp', subjectAttributes: ['currentEnvironment.name'], duration: '15m' },
    });
    expect(gcp.status).toBe(201);
    const claims = payload(gcp.json.token);
    expect(claims).toMatchObject({ aud: 'gcp:acme', run_id: run.id, trigger_user: 'alice' });
    expect(claims.sub).toContain('currentEnvironment.name:web/dev');
    expect(await tokensOf(run.id)).toHaveLength(1);
    const single = await startRun({ identity: ENVIRONMENT, platforms: ['aws'] });
    const aws = await issuer.call('POST', '/api/v1/tokens', { key: single.credential, body: {} });
    expect(payload(aws.json.token).aud).toBe('aws:acme');
  });

  it('chooses an audience within an oidc run', async () => {
    const run = await startRun({
      identity: OIDC,
      audiences: ['sts.amazonaws.com', 'api://AzureADTokenExchange'],
      deadline: '30m',
    });
    const none = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect([none.status, none.json.code]).toEqual([400, 'invalid_request']);
    const other = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { audience: 'vault.example.com' },
    });
    expect([other.status, other.json.code]).toEqual([403, 'grant_denied']);
    const attrs = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { audience: 'sts.amazonaws.com', subjectAttributes: ['pulumi.user.login'] },
    });
    expect([attrs.status, attrs.json.code]).toEqual([400, 'invalid_request']);
    const sts = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { audience: 'sts.amazonaws.com' },
    });
    expect(sts.status).toBe(201);
    const claims = payload(sts.json.token);
    expect(claims).toMatchObject({ aud: 'sts.amazonaws.com', run_id: run.id });
    expect(claims.iss).not.toBe(
      payload(
        (
          await issuer.call('POST', '/api/v1/tokens', {
            key: client,
            body: { ...DEPLOYMENT, deployment: 1 },
          })
        ).json.token,
      ).iss,
    );
    // oidc tokens last at most 1h; the 30m run's deadline comes first.
    expect(claims.exp).toBe(Date.parse(run.deadline) / 1000);
  });

  it('never takes the identity from the body', async () => {
    const run = await startRun({ identity: DEPLOYMENT });
    const cases: unknown[] = [
      { ...DEPLOYMENT, deployment: 99 },
      { stack: 'other' },
      { deployment: 5 },
      { platform: 'aws' },
      { audience: 'sts.amazonaws.com' },
      { subjectAttributes: ['pulumi.user.login'] },
      [],
      'x',
    ];
    for (const body of cases) {
      const answer = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body });
      expect([body, answer.status, answer.json.code]).toEqual([body, 400, 'invalid_request']);
    }
    const badDuration = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { duration: '10s' },
    });
    expect([badDuration.status, badDuration.json.code]).toEqual([400, 'lifetime_out_of_range']);
    expect(await tokensOf(run.id)).toEqual([]);
    // A client key still needs a full token request.
    const bare = await issuer.call('POST', '/api/v1/tokens', { key: client, body: {} });
    expect([bare.status, bare.json.code]).toEqual([400, 'invalid_request']);
  });

  it('mints nothing once the run is finished or revoked', async () => {
    const finished = await startRun({ identity: DEPLOYMENT });
    const first = await issuer.call('POST', '/api/v1/tokens', {
      key: finished.credential,
      body: {},
    });
    expect(first.status).toBe(201);
    await issuer.call('POST', `/api/v1/runs/${finished.id}/finish`, {
      key: finished.credential,
      body: { outcome: 'succeeded' },
    });
    const after = await issuer.call('POST', '/api/v1/tokens', {
      key: finished.credential,
      body: {},
    });
    expect([after.status, after.json.code]).toEqual([403, 'run_ended']);
    const revoked = await startRun({ identity: DEPLOYMENT });
    await issuer.call('POST', `/api/v1/admin/runs/${revoked.id}/revoke`, { key: admin });
    const afterRevoke = await issuer.call('POST', '/api/v1/tokens', {
      key: revoked.credential,
      body: {},
    });
    expect([afterRevoke.status, afterRevoke.json.code]).toEqual([403, 'run_ended']);
    expect(await tokensOf(finished.id)).toHaveLength(1);
    expect(await tokensOf(revoked.id)).toEqual([]);
  });

  it("stays inside its creator's current grants: a disabled client's runs mint nothing", async () => {
    const key = await newClient('short-lived', [
      { kinds: ['deployment'], orgs: ['acme'], maxDuration: '30m' },
    ]);
    const run = await startRun({ identity: DEPLOYMENT }, key);
    const tooLong = await issuer.call('POST', '/api/v1/tokens', { key: run.credential, body: {} });
    expect([tooLong.status, tooLong.json.code]).toEqual([403, 'grant_denied']);
    const ok = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { duration: '30m' },
    });
    expect(ok.status).toBe(201);
    const clients = await issuer.call('GET', '/api/v1/admin/clients', { key: admin });
    const id = clients.json.items.find((c: { name: string }) => c.name === 'short-lived').id;
    await issuer.call('POST', `/api/v1/admin/clients/${id}/disable`, { key: admin });
    const disabled = await issuer.call('POST', '/api/v1/tokens', {
      key: run.credential,
      body: { duration: '30m' },
    });
    expect([disabled.status, disabled.json.code]).toEqual([403, 'grant_denied']);
    expect(disabled.json.detail).toContain('disabled');
    expect(await tokensOf(run.id)).toHaveLength(1);
  });
});
