import { openapiDocument } from '@runid/contract';
import {
  createClient,
  type MintedToken,
  OPERATION_METHODS,
  RunIdApiError,
  type RunIdClient,
  type TokenRequestBody as TokenRequest,
} from '@runid/sdk';
import { createVerifier } from '@runid/verifier';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiValidator } from './helpers/openapi-validator.js';
import { createRecorder } from './helpers/recorder.js';
import { backends, startTestIssuer } from './helpers/start.js';

// Documented answers that this suite cannot provoke against a healthy in-process issuer, each with
// the reason. Any other documented (operation, status) pair must be exercised, so a new response
// in the YAML without a test fails here.
const NOT_EXERCISED: Record<string, string> = {
  'getJwksV1 503': 'needs an issuer without signing keys',
  'getJwksV2 503': 'needs an issuer without signing keys',
  'mintToken 503': 'needs the store to fail mid-run',
  'createClient 503': 'needs the store to fail mid-run',
  'listClients 503': 'needs the store to fail mid-run',
  'getClient 503': 'needs the store to fail mid-run',
  'disableClient 503': 'needs the store to fail mid-run',
  'listKeys 503': 'needs the store to fail mid-run',
  'enableClient 503': 'needs the store to fail mid-run',
  'replaceClientGrants 503': 'needs the store to fail mid-run',
  'rotateClientKey 503': 'needs the store to fail mid-run',
  'revokeClientKey 503': 'needs the store to fail mid-run',
  'rotateKeys 409': 'needs five published keys and no next key (covered by the issuer tests)',
  'rotateKeys 503': 'needs the store to fail mid-run',
  'listAudit 503': 'needs the store to fail mid-run',
  'listAuditEvents 503': 'needs the store to fail mid-run',
  'exportAudit 503': 'needs the store to fail mid-run',
  'getReadiness 503': 'needs the store to fail mid-run',
  'getMetrics 404': 'needs RUNID_METRICS_PORT (covered by the issuer tests)',
  'getDiscoveryReadiness 503':
    'needs a key view older than the publish lead (covered by the issuer tests with a moved clock)',
  'createSession 503': 'needs the store to fail mid-run',
  'getSession 403':
    "a session is always an admin key's and GET needs no CSRF header: nothing to forbid",
  'getSession 503': 'needs the store to fail mid-run',
  'deleteSession 503': 'needs the store to fail mid-run',
  'createRun 503': 'needs the store to fail mid-run',
  'introspectTokenV1 503': 'needs the store to fail mid-run',
  'introspectTokenV2 503': 'needs the store to fail mid-run',
  'finishRun 503': 'needs the store to fail mid-run',
  'listRuns 503': 'needs the store to fail mid-run',
  'getRun 503': 'needs the store to fail mid-run',
  'revokeRun 503': 'needs the store to fail mid-run',
  'createAdminCredential 503': 'needs the store to fail mid-run',
  'listAdminCredentials 503': 'needs the store to fail mid-run',
  'getAdminCredential 503': 'needs the store to fail mid-run',
  'revokeAdminCredential 503': 'needs the store to fail mid-run',
};

describe.each(backends())('the contract, on %s', (backend) => {
  const recorder = createRecorder();
  const validator = createOpenApiValidator();
  let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
  let admin: RunIdClient;
  let client: RunIdClient;
  let clientId: string;
  const minted: { request: TokenRequest; token: MintedToken }[] = [];

  const AZURE_AUD = 'api://AzureADTokenExchange';
  const deployment: TokenRequest = {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    operation: 'update',
    deployment: 7,
    duration: '15m',
  };
  const environment: TokenRequest = {
    kind: 'environment',
    org: 'acme',
    platform: 'aws',
    currentEnvironment: 'web/dev',
    user: 'alice',
    subjectAttributes: ['currentEnvironment.name', 'pulumi.user.login'],
  };
  const oidc: TokenRequest = {
    kind: 'oidc',
    org: 'acme',
    orgId: 'org-1',
    currentEnvironment: { name: 'web/dev', id: 'env-1' },
    rootEnvironment: { name: 'web/root', id: 'env-0' },
    actor: { login: 'alice', id: 'u-1' },
    audience: AZURE_AUD,
  };

  function sdk(apiKey?: string): RunIdClient {
    return createClient({ baseUrl: issuer.url, apiKey, fetch: recorder.fetch, retry: false });
  }

  async function refusal(promise: Promise<unknown>): Promise<RunIdApiError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunIdApiError);
    return error as RunIdApiError;
  }

  beforeAll(async () => {
    issuer = await startTestIssuer(backend);
    admin = sdk(issuer.adminKey);
  });

  afterAll(async () => {
    await issuer?.close();
  });

  describe('operations', () => {
    it('health, readiness, metrics', async () => {
      expect(await admin.health()).toEqual({ status: 'ok' });
      expect((await admin.readiness()).status).toBe('ready');
      expect(await admin.liveness()).toEqual({ status: 'ok' });
      expect(await admin.discoveryReadiness()).toMatchObject({
        status: 'ready',
        checks: { keys: { ok: true } },
      });
      expect(await sdk().metrics()).toMatch(/^# (HELP|TYPE) /m);
    });
  });

  describe('discovery and JWKS', () => {
    it.each(['v1', 'v2'] as const)(
      '%s: 200 with an ETag, then 304 for that ETag',
      async (version) => {
        const anonymous = sdk();
        const doc = await anonymous.getDiscovery(version);
        expect(doc.issuer).toBe(`${issuer.issuerUrl}/oidc${version === 'v2' ? '/v2' : ''}`);
        const first = await anonymous.getDiscovery(version, { ifNoneMatch: '"nope"' });
        expect(first.notModified).toBe(false);
        expect(first.etag).toBeTruthy();
        expect(
          (await anonymous.getDiscovery(version, { ifNoneMatch: first.etag as string }))
            .notModified,
        ).toBe(true);
        const jwks = await anonymous.getJwks(version, { ifNoneMatch: '"nope"' });
        expect(jwks.notModified === false && jwks.body.keys.length).toBeGreaterThan(0);
        expect(
          (await anonymous.getJwks(version, { ifNoneMatch: jwks.etag as string })).notModified,
        ).toBe(true);
        expect((await anonymous.getJwks(version)).keys.every((k) => k.use === 'sig' && k.kid)).toBe(
          true,
        );
      },
    );
  });

  describe('admin: clients', () => {
    it('creates a client (201) and refuses bad, unauthenticated, wrong-key and duplicate requests', async () => {
      const created = await admin.createApiClient({
        name: 'ci-pipeline',
        grants: [
          { kinds: ['deployment', 'environment'], orgs: ['acme'] },
          { kinds: ['oidc'], orgs: ['acme'], audiences: [AZURE_AUD] },
        ],
      });
      expect(created.key).toBeTruthy();
      clientId = created.id;
      client = sdk(created.key);

      expect((await refusal(admin.createApiClient({ name: '!bad', grants: [] }))).code).toBe(
        'invalid_request',
      );
      expect(
        (
          await refusal(
            sdk().createApiClient({ name: 'x', grants: [{ kinds: ['oidc'], orgs: ['a'] }] }),
          )
        ).status,
      ).toBe(401);
      expect(
        (
          await refusal(
            client.createApiClient({ name: 'x', grants: [{ kinds: ['oidc'], orgs: ['a'] }] }),
          )
        ).code,
      ).toBe('forbidden');
      expect(
        (
          await refusal(
            admin.createApiClient({
              name: 'ci-pipeline',
              grants: [{ kinds: ['oidc'], orgs: ['a'] }],
            }),
          )
        ).code,
      ).toBe('conflict');
    });

    it('refuses a body that is too large (413) or not JSON (415, invalid_json)', async () => {
      const huge = await admin.raw
        .POST('/api/v1/admin/clients', { body: { name: 'x'.repeat(70_000), grants: [] } as never })
        .then((r) => r.response.status);
      expect(huge).toBe(413);
      const text = await admin.raw.POST('/api/v1/admin/clients', {
        body: {} as never,
        bodySerializer: () => 'name=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.status).toBe(415);
      const broken = await admin.raw.POST('/api/v1/admin/clients', {
        body: {} as never,
        bodySerializer: () => '{"name":',
      });
      expect(broken.response.status).toBe(400);
      expect((broken.error as { code?: string }).code).toBe('invalid_json');
    });

    it('lists and reads clients, refusing client keys and unknown ids', async () => {
      const list = await admin.listClients();
      expect(list.items.map((c) => c.id)).toContain(clientId);
      expect(JSON.stringify(list)).not.toContain('rid_client_');
      expect((await admin.getClient(clientId)).name).toBe('ci-pipeline');
      expect((await refusal(admin.getClient('cl_does_not_exist'))).code).toBe('not_found');
      expect((await refusal(admin.getClient('x'.repeat(201)))).status).toBe(400);
      expect((await refusal(client.listClients())).code).toBe('forbidden');
      expect((await refusal(sdk().listClients())).code).toBe('unauthorized');
      expect((await refusal(sdk('rid_admin_unknown').getClient(clientId))).code).toBe(
        'unauthorized',
      );
      expect((await refusal(client.getClient(clientId))).code).toBe('forbidden');
    });
  });

  describe('tokens', () => {
    it.each([
      ['deployment', deployment],
      ['environment', environment],
      ['oidc', oidc],
    ] as const)('mints a %s token (201)', async (_kind, request) => {
      const token = await client.mintToken(request);
      expect(decodeJwt(token.token)).toEqual(token.claims);
      minted.push({ request, token });
    });

    it('previews with a client key and with an admin key (200)', async () => {
      const preview = await client.previewToken(deployment);
      expect(preview.claims.sub).toBe(minted[0]?.token.claims.sub);
      const any = await admin.previewToken({ ...deployment, org: 'someone-else' });
      expect(any.claims.aud).toBe('someone-else');
    });

    it('refuses bad requests with the right problem codes', async () => {
      const missing = {
        kind: 'deployment',
        org: 'acme',
        project: 'web',
        stack: 'prod',
        operation: 'update',
      } as unknown as TokenRequest;
      expect((await refusal(client.mintToken(missing))).code).toBe('invalid_request');
      const claims = await refusal(
        client.mintToken({ ...deployment, stack: 'a:b' } as TokenRequest),
      );
      expect(claims.code).toBe('invalid_claims');
      expect(claims.errors.map((e) => e.path)).toContain('stack');
      expect(
        (await refusal(client.mintToken({ ...deployment, duration: '3h' } as TokenRequest))).code,
      ).toBe('lifetime_out_of_range');
      expect(
        (await refusal(client.mintToken({ ...deployment, org: 'other' } as TokenRequest))).code,
      ).toBe('grant_denied');
      expect(
        (
          await refusal(
            client.mintToken({ ...oidc, audience: 'sts.amazonaws.com' } as TokenRequest),
          )
        ).code,
      ).toBe('grant_denied');
      expect((await refusal(admin.mintToken(deployment))).code).toBe('forbidden');
      expect((await refusal(sdk().mintToken(deployment))).code).toBe('unauthorized');
      expect(
        (await refusal(client.previewToken({ ...deployment, org: 'other' } as TokenRequest))).code,
      ).toBe('grant_denied');
      expect((await refusal(client.previewToken(missing))).code).toBe('invalid_request');
      expect((await refusal(sdk().previewToken(deployment))).code).toBe('unauthorized');
      const big = await client.raw.POST('/api/v1/tokens', {
        body: { ...deployment, stack: 'x'.repeat(70_000) },
      });
      expect(big.response.status).toBe(413);
      const bigPreview = await client.raw.POST('/api/v1/tokens/preview', {
        body: { ...deployment, stack: 'x'.repeat(70_000) },
      });
      expect(bigPreview.response.status).toBe(413);
      for (const path of ['/api/v1/tokens', '/api/v1/tokens/preview'] as const) {
        const text = await client.raw.POST(path, {
          body: deployment,
          bodySerializer: () => 'kind=deployment',
          headers: { 'content-type': 'text/plain' },
        });
        expect(text.response.status).toBe(415);
        const broken = await client.raw.POST(path, { body: deployment, bodySerializer: () => '{' });
        expect((broken.error as { code?: string }).code).toBe('invalid_json');
      }
    });

    it('every minted token verifies with @runid/verifier', async () => {
      const verifier = createVerifier({
        issuers: [
          {
            issuer: `${issuer.issuerUrl}/oidc`,
            audience: ['acme', 'aws:acme'],
            algorithms: ['RS256', 'ES256'],
          },
          {
            issuer: `${issuer.issuerUrl}/oidc/v2`,
            audience: [AZURE_AUD],
            algorithms: ['RS256', 'ES256'],
          },
        ],
        clockTolerance: 5,
      });
      expect(minted).toHaveLength(3);
      for (const { request, token } of minted) {
        const result = await verifier.verify(token.token);
        expect(result, JSON.stringify(result)).toMatchObject({ ok: true, kind: request.kind });
        if (result.ok) expect(result.claims.sub).toBe(token.claims.sub);
      }
    });

    it('every minted token verifies with jose, fed only the discovery document', async () => {
      for (const { request, token } of minted) {
        const discovery = await sdk().getDiscovery(request.kind === 'oidc' ? 'v2' : 'v1');
        const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
        const { payload, protectedHeader } = await jwtVerify(token.token, jwks, {
          issuer: discovery.issuer,
          audience: token.claims.aud,
          algorithms: discovery.id_token_signing_alg_values_supported,
        });
        expect(payload).toEqual(token.claims);
        expect(protectedHeader.kid).toBeTruthy();
      }
    });
  });

  describe('token introspection (RFC 7662)', () => {
    let introspector: RunIdClient;

    beforeAll(async () => {
      const created = await admin.createApiClient({
        name: 'relying-party',
        grants: [{ kinds: ['oidc'], orgs: ['acme'], audiences: [AZURE_AUD], introspect: true }],
      });
      expect(created.grants[0]?.introspect).toBe(true);
      introspector = sdk(created.key);
    });

    it("answers a live token of each issuer with its claims, another issuer's as inactive (200)", async () => {
      expect(minted).toHaveLength(3);
      for (const { request, token } of minted) {
        const issuerVersion = request.kind === 'oidc' ? 'v2' : 'v1';
        const discovery = await sdk().getDiscovery(issuerVersion);
        expect(discovery.introspection_endpoint).toBe(`${discovery.issuer}/introspect`);
        const answer = await introspector.introspectToken(token.token, { issuer: issuerVersion });
        expect(answer).toEqual({
          ...token.claims,
          active: true,
          token_type: 'urn:ietf:params:oauth:token-type:jwt',
          client_id: clientId,
          kind: request.kind,
        });
        const elsewhere = await introspector.introspectToken(token.token, {
          issuer: issuerVersion === 'v1' ? 'v2' : 'v1',
        });
        expect(elsewhere).toEqual({ active: false });
      }
      expect(await introspector.introspectToken('not-a-token', { issuer: 'v2' })).toEqual({
        active: false,
      });
    });

    it("answers a run's token with the run's state while it runs, inactive once it ends (200)", async () => {
      // A client of its own: the audit tests below count the shared client's tokens.
      const runner = await admin.createApiClient({
        name: 'introspected-runner',
        grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      });
      const run = await sdk(runner.key).createRun({
        identity: {
          kind: 'deployment',
          org: 'acme',
          project: 'web',
          stack: 'introspected',
          operation: 'update',
        },
      });
      const asRun = createClient({
        baseUrl: issuer.url,
        runToken: run.credential,
        fetch: recorder.fetch,
        retry: false,
      });
      const { token, claims } = await asRun.mintToken({});
      expect(await introspector.introspectToken(token)).toEqual({
        ...claims,
        active: true,
        token_type: 'urn:ietf:params:oauth:token-type:jwt',
        client_id: runner.id,
        kind: 'deployment',
        run: { id: run.id, state: 'running', deadline: run.deadline },
      });
      await asRun.finishRun(run.id, 'succeeded');
      expect(await introspector.introspectToken(token)).toEqual({ active: false });
    });

    it('refuses a malformed body (400), no key (401), the wrong keys (403), 413 and 415', async () => {
      const token = minted[0]?.token.token as string;
      const run = await client.createRun({
        identity: {
          kind: 'deployment',
          org: 'acme',
          project: 'web',
          stack: 'intro',
          operation: 'update',
        },
      });
      for (const issuerVersion of ['v1', 'v2'] as const) {
        const path = issuerVersion === 'v1' ? '/oidc/introspect' : '/oidc/v2/introspect';
        const codes = async (promise: Promise<unknown>) => {
          const error = await refusal(promise);
          return [error.status, error.code];
        };
        const o = { issuer: issuerVersion };
        expect(await codes(introspector.introspectToken('', o))).toEqual([400, 'invalid_request']);
        expect(await codes(sdk().introspectToken(token, o))).toEqual([401, 'unauthorized']);
        expect(await codes(admin.introspectToken(token, o))).toEqual([403, 'forbidden']);
        expect(await codes(sdk(run.credential).introspectToken(token, o))).toEqual([
          403,
          'run_credential_not_allowed',
        ]);
        // The minting client has no introspecting grant.
        expect(await codes(client.introspectToken(token, o))).toEqual([403, 'grant_denied']);
        const huge = await introspector.raw.POST(path, {
          body: { token: 'x'.repeat(70_000) },
          bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(huge.response.status).toBe(413);
        const json = await introspector.raw.POST(path, { body: { token } });
        expect(json.response.status).toBe(415);
        expect((json.error as { code?: string }).code).toBe('unsupported_media_type');
      }
    });
  });

  describe('admin: console sessions', () => {
    /** The SDK as the console's script calls it: the cookie, the issuer's Origin, the CSRF header. */
    function withCookie(cookie: string, csrf = true): RunIdClient {
      return createClient({
        baseUrl: issuer.url,
        retry: false,
        fetch: (request) => {
          const sent = new Request(request);
          sent.headers.set('cookie', cookie);
          sent.headers.set('origin', new URL(issuer.issuerUrl).origin);
          if (csrf) sent.headers.set('x-runid-csrf', '1');
          return recorder.fetch(sent);
        },
      });
    }

    it('signs in with an admin key, uses and ends the session; refuses bad keys and CSRF-less calls', async () => {
      let setCookie: string | null = null;
      const signIn = createClient({
        baseUrl: issuer.url,
        apiKey: issuer.adminKey,
        retry: false,
        fetch: async (request) => {
          const answer = await recorder.fetch(request);
          setCookie = answer.headers.get('set-cookie');
          return answer;
        },
      });
      const session = await signIn.createSession();
      expect(session.admin).toBe('bootstrap');
      expect(setCookie).toMatch(/^runid_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
      const cookie = (setCookie as unknown as string).split(';')[0] as string;
      const viaCookie = withCookie(cookie);
      expect((await viaCookie.getSession()).admin).toBe('bootstrap');
      expect((await viaCookie.listKeys()).items.length).toBeGreaterThan(0);
      expect((await refusal(withCookie(cookie, false).deleteSession())).code).toBe('csrf_refused');
      expect((await refusal(withCookie(cookie, false).deleteSession())).status).toBe(403);
      expect(await viaCookie.deleteSession()).toEqual({ ended: true });
      expect((await refusal(viaCookie.getSession())).code).toBe('unauthorized');
      expect((await refusal(viaCookie.deleteSession())).code).toBe('unauthorized');
      expect((await refusal(viaCookie.listClients())).code).toBe('unauthorized');
      expect((await refusal(sdk(`rid_admin_${'A'.repeat(43)}`).createSession())).code).toBe(
        'unauthorized',
      );
      expect((await refusal(client.createSession())).code).toBe('forbidden');
    });
  });

  describe('trust simulation', () => {
    const SUB = 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write';
    const vaultRole = (sub: string) => ({
      data: { role_type: 'jwt', user_claim: 'sub', bound_audiences: ['acme'], bound_subject: sub },
    });
    const awsRole = {
      Role: {
        Arn: 'arn:aws:iam::123456789012:role/deployer',
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
      },
    };

    it('answers the preview claims with an accepted verdict and the findings (200)', async () => {
      const preview = await client.previewToken(deployment);
      const simulation = await client.simulateTrust({
        token: deployment,
        relyingParty: { vault: vaultRole(SUB) },
      });
      expect(simulation.claims).toEqual(preview.claims);
      expect(simulation.verdict).toEqual({
        accepted: true,
        relyingParty: 'vault',
        stage: null,
        code: null,
        message: null,
        failed: null,
        hint: null,
      });
      expect(simulation.findings.every((f) => /^L\d+$/.test(f.rule))).toBe(true);
    });

    it('answers a refusal with the cloud’s code, literal message, what failed and a hint (200)', async () => {
      const other = await admin.simulateTrust({
        token: { ...deployment, stack: 'dev' },
        duration: 900,
        relyingParty: { vault: vaultRole(SUB) },
      });
      expect(other.verdict).toMatchObject({
        accepted: false,
        stage: 'policy',
        code: '400',
        message: 'error validating token: invalid subject (sub) claim',
        failed: { path: '/bound_subject', expected: SUB, actual: SUB.replace(':prod:', ':dev:') },
      });
      // This issuer's iss is http: AWS has no provider for it, and says so in its own words.
      const aws = await client.simulateTrust({
        token: deployment,
        relyingParty: {
          aws: { provider: { Url: 'id.example.com/oidc', ClientIDList: ['acme'] }, role: awsRole },
        },
      });
      expect(aws.verdict).toMatchObject({
        accepted: false,
        relyingParty: 'aws',
        stage: 'registration',
        code: 'InvalidIdentityToken',
        message: `No OpenIDConnect provider found in your account for ${issuer.issuerUrl}/oidc`,
      });
    });

    it('refuses bad input (400), no key (401), a token outside the grants (403), 413 and 415', async () => {
      const bad = await refusal(
        client.simulateTrust({
          token: deployment,
          relyingParty: { aws: { provider: { ClientIDList: ['acme'] }, role: awsRole } },
        }),
      );
      expect(bad.code).toBe('invalid_request');
      expect(bad.errors.map((e) => e.path)).toEqual(['relyingParty.aws.provider.Url']);
      const policy = await refusal(
        client.simulateTrust({
          token: deployment,
          relyingParty: {
            aws: {
              provider: { Url: `${issuer.issuerUrl}/oidc`, ClientIDList: ['acme'] },
              trustPolicy: { Statement: ['not a statement'] },
            },
          },
        }),
      );
      expect(policy.errors.map((e) => e.path)).toEqual([
        'relyingParty.aws.trustPolicy.Statement[0]',
      ]);
      const token = await refusal(
        client.simulateTrust({
          token: { ...deployment, stack: 'a:b' } as TokenRequest,
          relyingParty: { vault: vaultRole(SUB) },
        }),
      );
      expect(token.code).toBe('invalid_claims');
      expect(token.errors.map((e) => e.path)).toEqual(['token.stack']);
      const body = { token: deployment, relyingParty: { vault: vaultRole(SUB) } };
      expect((await refusal(sdk().simulateTrust(body))).code).toBe('unauthorized');
      expect(
        (
          await refusal(
            client.simulateTrust({
              ...body,
              token: { ...deployment, org: 'other' } as TokenRequest,
            }),
          )
        ).code,
      ).toBe('grant_denied');
      const big = await client.raw.POST('/api/v1/trust/simulate', {
        body: { ...body, relyingParty: { vault: { data: { bound_subject: 'x'.repeat(70_000) } } } },
      });
      expect(big.response.status).toBe(413);
      const text = await client.raw.POST('/api/v1/trust/simulate', {
        body,
        bodySerializer: () => 'token=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.status).toBe(415);
    });
  });

  describe('runs', () => {
    const identity = {
      kind: 'deployment',
      org: 'acme',
      project: 'web',
      stack: 'runs',
      operation: 'update',
    } as const;

    it('creates, lists, reads, finishes and revokes runs through the SDK', async () => {
      const run = await client.createRun({ identity, deadline: '2h' });
      expect(run).toMatchObject({ state: 'running', clientId, identity: { deployment: 1 } });
      expect(run.credential).toMatch(/^rid_run_/);
      const next = await client.createRun({ identity });
      expect(next.identity).toMatchObject({ deployment: 2 });
      const page = await admin.listRuns({ stack: 'runs', state: 'running', limit: 1 });
      expect(page.items.map((r) => r.id)).toEqual([next.id]);
      const second = await admin.listRuns({
        stack: 'runs',
        state: 'running',
        limit: 1,
        cursor: page.nextCursor as string,
      });
      expect(second.items.map((r) => r.id)).toEqual([run.id]);
      expect((await admin.getRun(run.id)).run.id).toBe(run.id);
      const finished = await client.finishRun(run.id, 'succeeded', {
        runCredential: run.credential,
      });
      expect(finished.state).toBe('succeeded');
      expect((await client.finishRun(next.id, 'failed')).state).toBe('failed');
      expect((await admin.revokeRun(run.id)).state).toBe('revoked');
      const env = await client.createRun({
        identity: { kind: 'environment', org: 'acme', currentEnvironment: 'web/dev', user: 'a' },
        platforms: ['aws'],
      });
      expect(env.platforms).toEqual(['aws']);
      const oidcRun = await client.createRun({
        identity: {
          kind: 'oidc',
          org: 'acme',
          orgId: 'org-1',
          currentEnvironment: { name: 'web/dev', id: 'env-1' },
          rootEnvironment: { name: 'web/root', id: 'env-0' },
          actor: { login: 'alice', id: 'u-1' },
        },
        audiences: [AZURE_AUD],
      });
      expect(oidcRun.audiences).toEqual([AZURE_AUD]);
    });

    it('mints inside a run with only the run credential: run_id, fitted to the deadline, verified', async () => {
      // A client of its own: the audit tests below count the shared client's tokens.
      const runner = await admin.createApiClient({
        name: 'contract-runner',
        grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      });
      const run = await sdk(runner.key).createRun({ identity, deadline: '10m' });
      const asRun = createClient({
        baseUrl: issuer.url,
        runToken: run.credential,
        fetch: recorder.fetch,
        retry: false,
      });
      const token = await asRun.mintToken({});
      expect(token.claims).toMatchObject({
        run_id: run.id,
        stack: 'runs',
        deployment: (run.identity as { deployment: number }).deployment,
      });
      expect(token.claims.exp).toBeLessThanOrEqual(Date.parse(run.deadline) / 1000);
      const verifier = createVerifier({
        issuers: [
          { issuer: `${issuer.issuerUrl}/oidc`, audience: 'acme', algorithms: ['RS256', 'ES256'] },
        ],
        clockTolerance: 5,
      });
      const verified = await verifier.verify(token.token);
      expect(verified.ok && verified.claims.run_id).toBe(run.id);
      const short = await asRun.mintToken({ duration: 300 });
      expect(short.claims.exp - short.claims.iat).toBe(300);
      const codes = async (promise: Promise<unknown>) => {
        const error = await refusal(promise);
        return [error.status, error.code];
      };
      expect(await codes(asRun.mintToken({ duration: '30m' }))).toEqual([
        400,
        'duration_exceeds_deadline',
      ]);
      expect(await codes(asRun.mintToken({ platform: 'aws' }))).toEqual([400, 'invalid_request']);
      expect(await codes(asRun.previewToken({ ...identity, deployment: 1 }))).toEqual([
        403,
        'run_credential_not_allowed',
      ]);
      const detail = await admin.getRun(run.id);
      expect(detail.tokens.map((t) => [t.jti, t.runId]).sort()).toEqual(
        [
          [short.claims.jti, run.id],
          [token.claims.jti, run.id],
        ].sort(),
      );
      await asRun.finishRun(run.id, 'succeeded');
      expect(await codes(asRun.mintToken({}))).toEqual([403, 'run_ended']);
      expect((await admin.getRun(run.id)).tokens).toHaveLength(2);
    });

    it('refuses bad run requests with the documented problem codes', async () => {
      const run = await client.createRun({ identity });
      const asRun = sdk(run.credential);
      const codes = async (promise: Promise<unknown>) => {
        const error = await refusal(promise);
        return [error.status, error.code];
      };
      expect(await codes(client.createRun({ identity, deadline: '48h' }))).toEqual([
        400,
        'deadline_out_of_range',
      ]);
      expect(await codes(client.createRun({ identity: { ...identity, org: 'evil' } }))).toEqual([
        403,
        'grant_denied',
      ]);
      expect(await codes(client.createRun({ identity: { ...identity, deployment: 1 } }))).toEqual([
        409,
        'conflict',
      ]);
      expect(await codes(sdk().createRun({ identity }))).toEqual([401, 'unauthorized']);
      expect(await codes(asRun.createRun({ identity }))).toEqual([
        403,
        'run_credential_not_allowed',
      ]);
      expect(await codes(admin.createRun({ identity }))).toEqual([403, 'forbidden']);
      expect(await codes(client.finishRun(run.id, 'done' as never))).toEqual([
        400,
        'invalid_request',
      ]);
      expect(await codes(sdk().finishRun(run.id, 'failed'))).toEqual([401, 'unauthorized']);
      expect(await codes(admin.finishRun(run.id, 'failed'))).toEqual([403, 'forbidden']);
      expect(await codes(client.finishRun('run_nope', 'failed'))).toEqual([404, 'run_not_found']);
      await asRun.finishRun(run.id, 'cancelled');
      expect(await codes(asRun.finishRun(run.id, 'failed'))).toEqual([403, 'run_ended']);
      for (const call of [
        () => asRun.listRuns(),
        () => asRun.getRun(run.id),
        () => asRun.revokeRun(run.id),
      ]) {
        expect(await codes(call())).toEqual([403, 'run_credential_not_allowed']);
      }
      for (const call of [
        () => sdk().listRuns(),
        () => sdk().getRun(run.id),
        () => sdk().revokeRun(run.id),
      ]) {
        expect(await codes(call())).toEqual([401, 'unauthorized']);
      }
      expect(await codes(admin.listRuns({ limit: 0 }))).toEqual([400, 'invalid_request']);
      expect(await codes(admin.getRun('x'.repeat(201)))).toEqual([400, 'invalid_request']);
      expect(await codes(admin.revokeRun('x'.repeat(201)))).toEqual([400, 'invalid_request']);
      expect(await codes(admin.getRun('run_nope'))).toEqual([404, 'run_not_found']);
      expect(await codes(admin.revokeRun('run_nope'))).toEqual([404, 'run_not_found']);
      for (const [path, params] of [
        ['/api/v1/runs', {}],
        ['/api/v1/runs/{runId}/finish', { path: { runId: run.id } }],
      ] as const) {
        const huge = await client.raw.POST(path as '/api/v1/runs', {
          params: params as never,
          body: { identity: { org: 'x'.repeat(70_000) } } as never,
        });
        expect(huge.response.status).toBe(413);
        const text = await client.raw.POST(path as '/api/v1/runs', {
          params: params as never,
          body: {} as never,
          bodySerializer: () => 'x',
          headers: { 'content-type': 'text/plain' },
        });
        expect(text.response.status).toBe(415);
      }
    });
  });

  describe('admin: credentials and roles', () => {
    it('refuses to revoke the last admin credential (409), then creates, lists, reads and revokes', async () => {
      const listed = await admin.listAdminCredentials();
      const bootstrap = listed.items.find((c) => c.name === 'bootstrap');
      expect(bootstrap).toMatchObject({ role: 'admin', state: 'active' });
      const last = await refusal(admin.revokeAdminCredential(bootstrap?.id as string));
      expect([last.status, last.code]).toEqual([409, 'last_admin_credential']);

      const auditor = await admin.createAdminCredential({
        name: 'contract-auditor',
        role: 'auditor',
        expiresIn: '30d',
      });
      expect(auditor.key).toMatch(/^rid_admin_/);
      expect(auditor.state).toBe('active');
      const reader = sdk(auditor.key);
      expect((await reader.listAdminCredentials()).items.map((c) => c.id)).toContain(auditor.id);
      expect((await reader.getAdminCredential(auditor.id)).role).toBe('auditor');
      expect((await reader.listClients()).items.length).toBeGreaterThan(0);
      const denied = await refusal(
        reader.createApiClient({ name: 'by-auditor', grants: [{ kinds: ['oidc'], orgs: ['a'] }] }),
      );
      expect([denied.status, denied.code]).toEqual([403, 'forbidden']);
      expect(denied.detail).toContain('needs the admin role');
      expect((await refusal(reader.createAdminCredential({ name: 'x', role: 'admin' }))).code).toBe(
        'forbidden',
      );
      expect((await refusal(reader.revokeAdminCredential(auditor.id))).code).toBe('forbidden');

      const clash = await refusal(
        admin.createAdminCredential({ name: 'contract-auditor', role: 'admin' }),
      );
      expect([clash.status, clash.code]).toEqual([409, 'conflict']);
      const both = await refusal(
        admin.createAdminCredential({
          name: 'x',
          role: 'admin',
          expiresIn: '1h',
          expiresAt: '2099-01-01T00:00:00Z',
        }),
      );
      expect([both.status, both.code]).toEqual([400, 'invalid_request']);
      expect(
        (await refusal(admin.createAdminCredential({ name: 'x', role: 'root' as never }))).status,
      ).toBe(400);
      expect(
        (await refusal(sdk().createAdminCredential({ name: 'x', role: 'admin' }))).status,
      ).toBe(401);
      expect((await refusal(client.createAdminCredential({ name: 'x', role: 'admin' }))).code).toBe(
        'forbidden',
      );
      const huge = await admin.raw
        .POST('/api/v1/admin/credentials', {
          body: { name: 'x'.repeat(70_000), role: 'admin' } as never,
        })
        .then((r) => r.response.status);
      expect(huge).toBe(413);
      const text = await admin.raw.POST('/api/v1/admin/credentials', {
        body: {} as never,
        bodySerializer: () => 'name=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.status).toBe(415);

      expect((await refusal(sdk().listAdminCredentials())).status).toBe(401);
      expect((await refusal(client.listAdminCredentials())).code).toBe('forbidden');
      expect((await refusal(admin.getAdminCredential('adm_nope'))).code).toBe('not_found');
      expect((await refusal(admin.getAdminCredential('x'.repeat(201)))).status).toBe(400);
      expect((await refusal(sdk().getAdminCredential(auditor.id))).status).toBe(401);
      expect((await refusal(client.getAdminCredential(auditor.id))).code).toBe('forbidden');
      expect((await refusal(admin.revokeAdminCredential('adm_nope'))).code).toBe('not_found');
      expect((await refusal(admin.revokeAdminCredential('x'.repeat(201)))).status).toBe(400);
      expect((await refusal(sdk().revokeAdminCredential(auditor.id))).status).toBe(401);

      const revoked = await admin.revokeAdminCredential(auditor.id);
      expect(revoked).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) });
      expect((await admin.revokeAdminCredential(auditor.id)).revokedAt).toBe(revoked.revokedAt);
      expect((await refusal(reader.listClients())).code).toBe('unauthorized');
    });
  });

  describe('admin: keys, audit, disable', () => {
    it('lists keys of both issuers', async () => {
      const keys = await admin.listKeys();
      expect(new Set(keys.items.map((k) => k.issuer))).toEqual(new Set(['v1', 'v2']));
      expect((await refusal(client.listKeys())).code).toBe('forbidden');
      expect((await refusal(sdk().listKeys())).code).toBe('unauthorized');
    });

    it('rotates keys in an emergency only with confirm: true', async () => {
      const before = await admin.getJwks('v2');
      const unconfirmed = await refusal(admin.rotateKeys({ issuer: 'v2' }));
      expect(unconfirmed.code).toBe('confirmation_required');
      expect(unconfirmed.status).toBe(400);
      expect((await admin.getJwks('v2')).keys).toEqual(before.keys);
      const rotated = await admin.rotateKeys({ issuer: 'v2', confirm: true });
      expect(rotated.issuer).toBe('v2');
      expect(rotated.consequences.length).toBeGreaterThan(0);
      expect(rotated.keys.filter((k) => k.state === 'current')).toHaveLength(1);
      const after = await admin.getJwks('v2');
      expect(after.keys.map((k) => k.kid)).toEqual(
        rotated.keys.filter((k) => k.state !== 'removed').map((k) => k.kid),
      );
      expect(
        (await refusal(admin.rotateKeys({ issuer: 'v3' } as unknown as { issuer: 'v1' }))).code,
      ).toBe('invalid_request');
      expect((await refusal(client.rotateKeys({ issuer: 'v1', confirm: true }))).code).toBe(
        'forbidden',
      );
      expect((await refusal(sdk().rotateKeys({ issuer: 'v1', confirm: true }))).code).toBe(
        'unauthorized',
      );
      const path = '/api/v1/admin/keys/rotate';
      const big = await admin.raw.POST(path, {
        body: { issuer: 'v1', pad: 'x'.repeat(70_000) } as unknown as { issuer: 'v1' },
      });
      expect(big.response.status).toBe(413);
      const text = await admin.raw.POST(path, {
        body: { issuer: 'v1' },
        bodySerializer: () => 'issuer=v1',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.status).toBe(415);
    });

    it('queries the audit trail by every filter and pages with the cursor', async () => {
      const jtis = minted.map((m) => m.token.claims.jti);
      const all = [];
      for await (const record of admin.iterateAudit({ clientId, limit: 2 })) all.push(record.jti);
      expect(new Set(all)).toEqual(new Set(jtis));
      const first = minted[0]?.token as MintedToken;
      expect((await admin.listAudit({ jti: first.claims.jti })).items).toHaveLength(1);
      expect(
        (await admin.listAudit({ sub: first.claims.sub, kind: 'deployment' })).items.map(
          (r) => r.jti,
        ),
      ).toEqual([first.claims.jti]);
      const since = new Date((first.claims.iat - 60) * 1000).toISOString();
      const until = new Date((first.claims.iat + 3600) * 1000).toISOString();
      expect((await admin.listAudit({ since, until })).items.length).toBeGreaterThanOrEqual(3);
      expect((await admin.listAudit({ kind: 'oidc' })).items.every((r) => r.kind === 'oidc')).toBe(
        true,
      );
      expect((await refusal(admin.listAudit({ limit: 0 }))).code).toBe('invalid_request');
      expect((await refusal(admin.listAudit({ since: 'yesterday' }))).status).toBe(400);
      expect((await refusal(admin.listAudit({ cursor: 'not-a-cursor' }))).status).toBe(400);
      expect((await refusal(client.listAudit())).code).toBe('forbidden');
      expect((await refusal(sdk().listAudit())).code).toBe('unauthorized');
    });

    it('queries the audit events by type and actor, pages with the cursor, exports NDJSON', async () => {
      const refused = await refusal(client.mintToken({ ...deployment, org: 'not-granted' }));
      expect(refused.code).toBe('grant_denied');
      // Refusals are recorded best effort (queued): give the group commit a moment.
      let events: Awaited<ReturnType<RunIdClient['listAuditEvents']>>['items'] = [];
      for (let i = 0; i < 50 && events.length === 0; i += 1) {
        events = (
          await admin.listAuditEvents({ type: 'token.refused', actor: clientId })
        ).items.filter((e) => e.reason === 'grant_denied');
        if (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(events[0]).toMatchObject({
        type: 'token.refused',
        actor: { type: 'client', id: clientId },
        outcome: 'refused',
        reason: 'grant_denied',
      });
      const created = await admin.listAuditEvents({ type: 'client.created' });
      expect(created.items.some((e) => e.target?.id === clientId)).toBe(true);
      const mintedEvents = [];
      for await (const event of admin.iterateAuditEvents({
        type: 'token.minted,token.refused',
        actor: clientId,
        limit: 2,
      })) {
        mintedEvents.push(event);
      }
      const jtis = minted.map((m) => m.token.claims.jti);
      expect(
        new Set(mintedEvents.filter((e) => e.type === 'token.minted').map((e) => e.id)),
      ).toEqual(new Set(jtis));
      const times = mintedEvents.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect((await refusal(admin.listAuditEvents({ type: 'token.stolen' }))).code).toBe(
        'invalid_request',
      );
      expect((await refusal(admin.listAuditEvents({ cursor: 'not-a-cursor' }))).status).toBe(400);
      expect((await refusal(admin.listAuditEvents({ limit: 501 }))).status).toBe(400);
      expect((await refusal(client.listAuditEvents())).code).toBe('forbidden');
      expect((await refusal(sdk().listAuditEvents())).code).toBe('unauthorized');

      const lines = [];
      for await (const line of admin.exportAudit()) lines.push(line);
      const end = lines.at(-1);
      expect(end).toEqual({ recordType: 'end', count: lines.length - 1 });
      const exportedJtis = lines.flatMap((l) => (l.recordType === 'token' ? [l.record.jti] : []));
      expect(exportedJtis).toEqual(expect.arrayContaining(jtis));
      expect(lines.some((l) => l.recordType === 'event' && l.event.type === 'client.created')).toBe(
        true,
      );
      const onlyEvents = [];
      for await (const line of admin.exportAudit({ kinds: 'events' })) onlyEvents.push(line);
      expect(onlyEvents.every((l) => l.recordType !== 'token')).toBe(true);
      const collect = async (query: Parameters<RunIdClient['exportAudit']>[0]) => {
        for await (const _ of admin.exportAudit(query)) {
          // drained
        }
      };
      expect((await refusal(collect({ kinds: 'everything' as 'tokens' }))).code).toBe(
        'invalid_request',
      );
      expect((await refusal(collect({ since: 'yesterday' }))).status).toBe(400);
      expect(
        (
          await refusal(
            (async () => {
              for await (const _ of client.exportAudit()) {
                // drained
              }
            })(),
          )
        ).code,
      ).toBe('forbidden');
      expect(
        (
          await refusal(
            (async () => {
              for await (const _ of sdk().exportAudit()) {
                // drained
              }
            })(),
          )
        ).code,
      ).toBe('unauthorized');
    });

    it('disables a client (idempotently); its key is refused from then on', async () => {
      expect((await admin.disableClient(clientId)).disabled).toBe(true);
      const again = await admin.disableClient(clientId);
      expect(again.disabled).toBe(true);
      expect(again.disabledAt).toBeTruthy();
      expect((await refusal(client.mintToken(deployment))).code).toBe('unauthorized');
      expect((await refusal(admin.disableClient('cl_does_not_exist'))).code).toBe('not_found');
      expect((await refusal(admin.disableClient('x'.repeat(201)))).status).toBe(400);
      expect((await refusal(client.disableClient(clientId))).status).toBe(401);
      expect((await refusal(sdk().disableClient(clientId))).code).toBe('unauthorized');
      const viaClientKey = await admin.createApiClient({
        name: 'second',
        grants: [{ kinds: ['oidc'], orgs: ['acme'], audiences: [AZURE_AUD] }],
      });
      expect((await refusal(sdk(viaClientKey.key).disableClient(viaClientKey.id))).code).toBe(
        'forbidden',
      );
    });
  });

  describe('admin: client keys, grants, re-enabling', () => {
    const grants = [{ kinds: ['deployment' as const], orgs: ['acme'] }];

    it('rotates a key with an overlap and revokes one; both keys are listed, never shown again', async () => {
      const created = await admin.createApiClient({
        name: 'rotating',
        grants,
        keyExpiresIn: '720h',
      });
      expect(created.keyExpiresAt).toBeTruthy();
      const rotated = await admin.rotateClientKey(created.id, { overlap: '1h' });
      expect(rotated.keys.map((k) => [k.id, k.status])).toEqual([
        [rotated.keyId, 'active'],
        [created.keyId, 'active'],
      ]);
      expect((await sdk(created.key).mintToken(deployment)).token).toBeTruthy();
      expect((await sdk(rotated.key).mintToken(deployment)).token).toBeTruthy();
      const shown = await admin.getClient(created.id);
      expect(shown.keys.map((k) => k.id)).toEqual([rotated.keyId, created.keyId]);
      expect(JSON.stringify(shown)).not.toContain(rotated.key);

      const revoked = await admin.revokeClientKey(created.id, created.keyId);
      expect(revoked.keys.find((k) => k.id === created.keyId)?.status).toBe('revoked');
      expect((await refusal(sdk(created.key).mintToken(deployment))).code).toBe('unauthorized');
      expect((await sdk(rotated.key).mintToken(deployment)).token).toBeTruthy();

      // Overlap 0 ends the others at once; then a sixth valid key is refused.
      let latest = await admin.rotateClientKey(created.id, { overlap: '0' });
      expect((await refusal(sdk(rotated.key).mintToken(deployment))).code).toBe('unauthorized');
      for (let i = 0; i < 4; i++)
        latest = await admin.rotateClientKey(created.id, { overlap: '1h' });
      const tooMany = await refusal(admin.rotateClientKey(created.id, { overlap: '1h' }));
      expect([tooMany.status, tooMany.code]).toEqual([409, 'conflict']);

      expect((await refusal(admin.rotateClientKey(created.id, { overlap: '721h' }))).status).toBe(
        400,
      );
      expect((await refusal(admin.rotateClientKey('cl_nope'))).code).toBe('not_found');
      expect((await refusal(sdk(latest.key).rotateClientKey(created.id))).code).toBe('forbidden');
      expect((await refusal(sdk().rotateClientKey(created.id))).code).toBe('unauthorized');
      const path = '/api/v1/admin/clients/{clientId}/keys';
      const params = { path: { clientId: created.id } };
      const big = await admin.raw.POST(path, {
        params,
        body: { pad: 'x'.repeat(70_000) } as never,
      });
      expect(big.response.status).toBe(413);
      const text = await admin.raw.POST(path, {
        params,
        body: {},
        bodySerializer: () => 'x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.status).toBe(415);

      expect((await refusal(admin.revokeClientKey(created.id, 'ck_nope'))).code).toBe('not_found');
      expect((await refusal(admin.revokeClientKey(created.id, 'x'.repeat(201)))).status).toBe(400);
      expect((await refusal(sdk(latest.key).revokeClientKey(created.id, latest.keyId))).code).toBe(
        'forbidden',
      );
      expect((await refusal(sdk().revokeClientKey(created.id, latest.keyId))).code).toBe(
        'unauthorized',
      );
    });

    it('replaces grants as a whole; bad grants are 400 and change nothing', async () => {
      const created = await admin.createApiClient({ name: 'regranted', grants });
      const replaced = await admin.replaceClientGrants(created.id, [
        { kinds: ['deployment'], orgs: ['other'] },
      ]);
      expect(replaced.grants).toEqual([{ kinds: ['deployment'], orgs: ['other'] }]);
      expect((await refusal(sdk(created.key).mintToken(deployment))).code).toBe('grant_denied');
      expect((await refusal(admin.replaceClientGrants(created.id, []))).code).toBe(
        'invalid_request',
      );
      expect((await admin.getClient(created.id)).grants).toEqual(replaced.grants);
      expect((await refusal(admin.replaceClientGrants('cl_nope', grants))).code).toBe('not_found');
      expect((await refusal(sdk(created.key).replaceClientGrants(created.id, grants))).code).toBe(
        'forbidden',
      );
      expect((await refusal(sdk().replaceClientGrants(created.id, grants))).code).toBe(
        'unauthorized',
      );
      const path = '/api/v1/admin/clients/{clientId}/grants';
      const params = { path: { clientId: created.id } };
      const big = await admin.raw.PUT(path, {
        params,
        body: { grants, pad: 'x'.repeat(70_000) } as never,
      });
      expect(big.response.status).toBe(413);
      const text = await admin.raw.PUT(path, {
        params,
        body: { grants },
        bodySerializer: () => 'x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.status).toBe(415);
    });

    it('a disabled client keeps its name (409 points at enable) and is re-enabled with its key', async () => {
      const created = await admin.createApiClient({ name: 'comeback', grants });
      await admin.disableClient(created.id);
      const taken = await refusal(admin.createApiClient({ name: 'comeback', grants }));
      expect(taken.status).toBe(409);
      expect(taken.detail).toContain(`/api/v1/admin/clients/${created.id}/enable`);
      const enabled = await admin.enableClient(created.id);
      expect(enabled.disabled).toBe(false);
      expect((await sdk(created.key).mintToken(deployment)).token).toBeTruthy();
      expect((await admin.enableClient(created.id)).disabled).toBe(false);
      expect((await refusal(admin.enableClient('cl_nope'))).code).toBe('not_found');
      expect((await refusal(admin.enableClient('x'.repeat(201)))).status).toBe(400);
      expect((await refusal(sdk(created.key).enableClient(created.id))).code).toBe('forbidden');
      expect((await refusal(sdk().enableClient(created.id))).code).toBe('unauthorized');
    });
  });

  describe('the document, checked against everything above', () => {
    it('every answer matches the document: status, content type, body, headers', () => {
      expect(recorder.exchanges.length).toBeGreaterThan(50);
      const problems = recorder.exchanges.flatMap((e) => validator.check(e).problems);
      expect(problems).toEqual([]);
    });

    it('headers and problem fields the document states in prose', () => {
      const problems: string[] = [];
      for (const e of recorder.exchanges) {
        const { operationId } = validator.check(e);
        const where = `${e.method} ${e.url.pathname} → ${e.status}`;
        if (/^introspectTokenV[12]$/.test(operationId ?? '') && e.status === 200) {
          if (e.headers.get('cache-control') !== 'no-store')
            problems.push(`${where}: Cache-Control must be no-store`);
        }
        if (
          (operationId === 'mintToken' ||
            operationId === 'createClient' ||
            operationId === 'createAdminCredential' ||
            operationId === 'rotateClientKey') &&
          e.status === 201
        ) {
          if (e.headers.get('cache-control') !== 'no-store')
            problems.push(`${where}: Cache-Control must be no-store`);
        }
        if (
          /^(getDiscoveryV|getJwksV)[12]$/.test(operationId ?? '') &&
          (e.status === 200 || e.status === 304)
        ) {
          const maxAge = /^public, max-age=(\d+)$/.exec(e.headers.get('cache-control') ?? '');
          if (!maxAge || Number(maxAge[1]) < 300 || Number(maxAge[1]) > 900) {
            problems.push(
              `${where}: Cache-Control must be public, max-age=300..900, got ${e.headers.get('cache-control')}`,
            );
          }
          if (!e.headers.get('etag')) problems.push(`${where}: ETag missing`);
        }
        if (e.status === 401 && !/^Bearer/.test(e.headers.get('www-authenticate') ?? '')) {
          problems.push(`${where}: WWW-Authenticate: Bearer missing`);
        }
        if (
          e.status >= 400 &&
          e.headers.get('content-type')?.startsWith('application/problem+json')
        ) {
          const body = JSON.parse(e.body) as {
            status: number;
            code: string;
            type: string;
            requestId?: string;
          };
          if (body.status !== e.status) problems.push(`${where}: problem status ${body.status}`);
          if (body.type !== `https://runid.dev/problems/${body.code}`)
            problems.push(`${where}: problem type ${body.type}`);
          const header = e.headers.get('x-request-id');
          if (body.requestId !== undefined && header !== null && header !== body.requestId) {
            problems.push(
              `${where}: requestId ${body.requestId} differs from X-Request-Id ${header}`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('every operation of the document was called through the SDK, and has an SDK method', () => {
      const documented = new Set(validator.operations.map((o) => o.operationId));
      const exercised = new Set(recorder.exchanges.map((e) => validator.check(e).operationId));
      expect([...exercised].sort()).toEqual([...documented].sort());
      expect(Object.keys(OPERATION_METHODS).sort()).toEqual([...documented].sort());
      expect(Object.keys(openapiDocument.paths).length).toBeGreaterThan(0);
    });

    it('every documented answer was provoked, except the listed ones', () => {
      const documented = new Set(
        validator.operations.flatMap((o) =>
          Object.keys(o.operation.responses as object).map(
            (status) => `${o.operationId} ${status}`,
          ),
        ),
      );
      const seen = new Set(
        recorder.exchanges.map((e) => {
          const c = validator.check(e);
          return `${c.operationId} ${c.status}`;
        }),
      );
      const missing = [...documented].filter((k) => !seen.has(k) && !(k in NOT_EXERCISED)).sort();
      expect(missing).toEqual([]);
      const stale = Object.keys(NOT_EXERCISED).filter((k) => !documented.has(k) || seen.has(k));
      expect(stale).toEqual([]);
    });
  });
});
