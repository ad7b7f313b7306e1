import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/store/records.js';
import {
  type Backend,
  createTestClient,
  DEPLOYMENT,
  issuerOn,
  OIDC,
  type TestIssuer,
} from '../support/issuer.js';
import { postgresUrlOrSkip } from '../support/postgres.js';

const pgUrl = postgresUrlOrSkip();
const backends: Backend[] = pgUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

const V1 = '/oidc/introspect';
const V2 = '/oidc/v2/introspect';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const RUN_IDENTITY = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'intro',
  operation: 'update',
} as const;

describe.each(backends)('token introspection (RFC 7662): %s', (backend) => {
  let issuer: TestIssuer;
  let cleanup: () => Promise<void>;
  let minter: string;
  let minterId: string;
  let introspector: string;
  let other: string;
  let plain: string;

  const newClient = (name: string, grants: unknown[]) => createTestClient(issuer, name, grants);

  // biome-ignore lint/suspicious/noExplicitAny: tests read the claims of arbitrary tokens
  async function mint(body: unknown, key = minter): Promise<{ token: string; claims: any }> {
    const minted = await issuer.call('POST', '/api/v1/tokens', { key, body });
    expect(minted.status).toBe(201);
    return minted.json;
  }

  function introspect(token: string, options: { path?: string; key?: string } = {}) {
    return issuer.call('POST', options.path ?? V1, {
      key: options.key ?? introspector,
      raw: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      headers: FORM,
    });
  }

  /** A token of the run, minted with its run credential (the run fixes the identity). */
  async function mintInRun(credential: string): Promise<string> {
    return (await mint({}, credential)).token;
  }

  /**
   * Signs a token with the issuer's own current v1 key and records it as a token of `runId`
   * through the store port: a token that outlives its run's deadline, which minting never issues,
   * to show the deadline ends it on its own.
   */
  async function runToken(runId: string, lifetimeSeconds = 600): Promise<string> {
    const { signer, iat } = await issuer.services.keyRing.signingGrant('v1', 300);
    const { claims } = await mint(DEPLOYMENT);
    const jti = randomBytes(16).toString('base64url');
    const exp = iat + lifetimeSeconds;
    const token = await signer.sign({ ...claims, iat, nbf: iat, exp, jti, run_id: runId });
    const record: AuditRecord = {
      jti,
      kind: 'deployment',
      iss: claims.iss,
      sub: claims.sub,
      aud: claims.aud,
      clientId: minterId,
      kid: signer.kid,
      iat: new Date(iat * 1000),
      exp: new Date(exp * 1000),
    };
    expect(
      await issuer.services.store.insertRunAudit(runId, record, new Date(issuer.clock())),
    ).toBe(undefined);
    return token;
  }

  async function createRun(deadline = '1h'): Promise<{ id: string; credential: string }> {
    const run = await issuer.call('POST', '/api/v1/runs', {
      key: minter,
      body: { identity: RUN_IDENTITY, deadline },
    });
    expect(run.status).toBe(201);
    return run.json;
  }

  beforeAll(async () => {
    ({ issuer, cleanup } = await issuerOn(backend, pgUrl));
    ({ key: minter, id: minterId } = await newClient('minter', [
      { kinds: ['deployment', 'environment'], orgs: ['acme', 'other'] },
      { kinds: ['oidc'], orgs: ['acme'], audiences: ['sts.amazonaws.com'] },
    ]));
    ({ key: introspector } = await newClient('relying-party', [
      { kinds: ['deployment'], orgs: ['ac*'], introspect: true },
      { kinds: ['deployment'], orgs: ['other'] },
    ]));
    ({ key: plain } = await newClient('no-introspection', [
      { kinds: ['deployment'], orgs: ['acme'], introspect: false },
    ]));
    other = issuer.adminKey;
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('advertises introspection_endpoint in both discovery documents', async () => {
    const v1 = await issuer.call('GET', '/oidc/.well-known/openid-configuration');
    const v2 = await issuer.call('GET', '/oidc/v2/.well-known/openid-configuration');
    expect(v1.json.introspection_endpoint).toBe(`${issuer.issuerUrl}/oidc/introspect`);
    expect(v2.json.introspection_endpoint).toBe(`${issuer.issuerUrl}/oidc/v2/introspect`);
  });

  it("an introspect-only grant (kinds: []) introspects and mints nothing: a relying party's key", async () => {
    const { key: relyingParty } = await newClient('introspect-only', [
      { kinds: [], orgs: ['acme'], introspect: true },
    ]);
    const { token } = await mint(DEPLOYMENT);
    expect((await introspect(token, { key: relyingParty })).json.active).toBe(true);
    const minted = await issuer.call('POST', '/api/v1/tokens', {
      key: relyingParty,
      body: DEPLOYMENT,
    });
    expect([minted.status, minted.json.code]).toEqual([403, 'grant_denied']);
    const run = await issuer.call('POST', '/api/v1/runs', {
      key: relyingParty,
      body: { identity: RUN_IDENTITY },
    });
    expect([run.status, run.json.code]).toEqual([403, 'grant_denied']);
    // A grant that neither mints nor introspects grants nothing: refused, nothing created.
    const before = (await issuer.call('GET', '/api/v1/admin/clients', { key: issuer.adminKey }))
      .json.items.length;
    for (const grant of [
      { kinds: [], orgs: ['acme'] },
      { kinds: [], orgs: ['acme'], introspect: false },
    ]) {
      const refused = await issuer.call('POST', '/api/v1/admin/clients', {
        key: issuer.adminKey,
        body: { name: 'grants-nothing', grants: [{ kinds: ['deployment'], orgs: ['x'] }, grant] },
      });
      expect([refused.status, refused.json.code]).toEqual([400, 'invalid_request']);
      expect(refused.json.errors).toEqual([
        {
          path: 'grants[1].kinds',
          code: 'required',
          message: 'kinds must not be empty unless introspect is true',
        },
      ]);
    }
    const after = (await issuer.call('GET', '/api/v1/admin/clients', { key: issuer.adminKey })).json
      .items.length;
    expect(after).toBe(before);
  });

  it('answers a live token with its claims, the minting client, no-store', async () => {
    const { token, claims } = await mint(DEPLOYMENT);
    const answer = await introspect(token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      ...claims,
      active: true,
      token_type: 'urn:ietf:params:oauth:token-type:jwt',
      client_id: minterId,
      kind: 'deployment',
    });
    expect(answer.json).not.toHaveProperty('run');
    const oidc = await mint(OIDC);
    const atV2 = await introspect(oidc.token, { path: V2 });
    expect(atV2.json).toMatchObject({ active: true, kind: 'oidc', aud: 'sts.amazonaws.com' });
    expect(atV2.json['https://pulumi.com/org']).toBe('acme');
  });

  it('a token is active only at its own issuer', async () => {
    const v1 = await mint(DEPLOYMENT);
    const v2 = await mint(OIDC);
    expect((await introspect(v1.token, { path: V2 })).json).toEqual({ active: false });
    expect((await introspect(v2.token, { path: V1 })).json).toEqual({ active: false });
  });

  it('answers exactly {"active": false} for what is not a live token of ours', async () => {
    const { token, claims } = await mint(DEPLOYMENT);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid as string;
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .sign(privateKey);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: `${claims.sub}x` })).toString('base64url')}.${signature}`;
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey))));
    for (const candidate of [
      'not-a-jwt',
      'a.b.c',
      forged,
      unsigned,
      tampered,
      hs256,
      `${token}x`,
      'x'.repeat(20_000),
    ]) {
      const answer = await introspect(candidate);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('{"active":false}');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('a signed token without an audit record is inactive', async () => {
    const { signer, iat } = await issuer.services.keyRing.signingGrant('v1', 300);
    const { claims } = await mint(DEPLOYMENT);
    const token = await signer.sign({ ...claims, jti: 'never-recorded', iat, exp: iat + 300 });
    expect((await introspect(token)).json).toEqual({ active: false });
  });

  it('expires with the token (injected clock)', async () => {
    const { token, claims } = await mint({ ...DEPLOYMENT, duration: '5m' });
    const start = issuer.clock();
    try {
      issuer.clock.set(claims.exp * 1000 - 1000);
      expect((await introspect(token)).json.active).toBe(true);
      issuer.clock.set(claims.exp * 1000);
      expect((await introspect(token)).json).toEqual({ active: false });
    } finally {
      issuer.clock.set(start);
    }
  });

  it("a run's token is live while its run runs: finished, revoked, past its deadline ⇒ inactive", async () => {
    const finished = await createRun();
    const token = await mintInRun(finished.credential);
    const live = await introspect(token);
    expect(live.json).toMatchObject({
      active: true,
      client_id: minterId,
      run_id: finished.id,
      run: { id: finished.id, state: 'running' },
    });
    expect(new Date(live.json.run.deadline).getTime()).toBe(issuer.clock() + 3_600_000);
    const done = await issuer.call('POST', `/api/v1/runs/${finished.id}/finish`, {
      key: finished.credential,
      body: { outcome: 'succeeded' },
    });
    expect(done.status).toBe(200);
    expect((await introspect(token)).json).toEqual({ active: false });

    const revoked = await createRun();
    const revokedToken = await mintInRun(revoked.credential);
    expect((await introspect(revokedToken)).json.active).toBe(true);
    await issuer.call('POST', `/api/v1/admin/runs/${revoked.id}/revoke`, { key: issuer.adminKey });
    expect((await introspect(revokedToken)).json).toEqual({ active: false });

    // The run's deadline ends its tokens even before their exp.
    const short = await createRun('2m');
    const shortToken = await runToken(short.id, 600);
    const start = issuer.clock();
    try {
      issuer.clock.advance(119_000);
      expect((await introspect(shortToken)).json.active).toBe(true);
      issuer.clock.advance(1_000);
      expect((await introspect(shortToken)).json).toEqual({ active: false });
    } finally {
      issuer.clock.set(start);
    }
  });

  it('answers inactive for an org no introspecting grant covers (nothing leaks)', async () => {
    const { token } = await mint({ ...DEPLOYMENT, org: 'other' });
    expect((await introspect(token)).json).toEqual({ active: false });
  });

  it('verifies with retired-but-published keys, not with removed ones', async () => {
    const before = await mint(DEPLOYMENT);
    const rotate = (compromised: boolean) =>
      issuer.call('POST', '/api/v1/admin/keys/rotate', {
        key: issuer.adminKey,
        body: { issuer: 'v1', confirm: true, removeCompromised: compromised },
      });
    expect((await rotate(false)).status).toBe(200);
    expect((await introspect(before.token)).json.active).toBe(true);
    const signedByCurrent = await mint(DEPLOYMENT);
    expect((await rotate(true)).status).toBe(200);
    expect((await introspect(signedByCurrent.token)).json).toEqual({ active: false });
  });

  it('refuses the wrong callers: 401, 403 forbidden / run_credential_not_allowed / grant_denied', async () => {
    const { token } = await mint(DEPLOYMENT);
    const run = await createRun();
    const cases: [string | undefined, number, string][] = [
      [undefined, 401, 'unauthorized'],
      [other, 403, 'forbidden'],
      [run.credential, 403, 'run_credential_not_allowed'],
      [plain, 403, 'grant_denied'],
    ];
    for (const path of [V1, V2]) {
      for (const [key, status, code] of cases) {
        const answer = await issuer.call('POST', path, {
          ...(key !== undefined && { key }),
          raw: `token=${token}`,
          headers: FORM,
        });
        expect([answer.status, answer.json.code]).toEqual([status, code]);
      }
    }
  });

  it('refuses a malformed body with invalid_request, a JSON body with 415', async () => {
    const { token } = await mint(DEPLOYMENT);
    const cases: [string, Record<string, string>, number, string][] = [
      ['', FORM, 400, 'invalid_request'],
      ['token=', FORM, 400, 'invalid_request'],
      ['token_type_hint=access_token', FORM, 400, 'invalid_request'],
      [`token=${token}&token=${token}`, FORM, 400, 'invalid_request'],
      ['token=%E0%A4%A', FORM, 400, 'invalid_request'],
      ['token=%FF', FORM, 400, 'invalid_request'],
      [
        JSON.stringify({ token }),
        { 'content-type': 'application/json' },
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [raw, headers, status, code] of cases) {
      const answer = await issuer.call('POST', V1, { key: introspector, raw, headers });
      expect([raw, answer.status, answer.json.code]).toEqual([raw, status, code]);
      expect(answer.json.detail).toBeTruthy();
    }
    const missing = await issuer.call('POST', V1, { key: introspector, raw: 'a=b', headers: FORM });
    expect(missing.json.detail).toContain('`token` is required');
    expect(missing.json.errors).toEqual([
      expect.objectContaining({ path: 'token', code: 'required' }),
    ]);
    // Unknown parameters and the hint are ignored; charset=utf-8 is accepted.
    const extra = await issuer.call('POST', V1, {
      key: introspector,
      raw: `foo=bar&token=${token}&token_type_hint=id_token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
    expect(extra.json.active).toBe(true);
  });

  it('property: any form body answers 200 or 400, never a 5xx', async () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('token=', 'token', '&', '=', '+', '%', '%zz', '%00', '%ED%A0%80', 'a.b.c'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (parts) => {
        const answer = await issuer.call('POST', V1, {
          key: introspector,
          raw: parts.join(''),
          headers: FORM,
        });
        expect([200, 400], answer.text).toContain(answer.status);
        if (answer.status === 200) expect(answer.json.active).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
