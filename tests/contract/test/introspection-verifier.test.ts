import { createClient, type RunIdClient } from '@runid/sdk';
import { createVerifier, type Verifier } from '@runid/verifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestIssuer } from './helpers/start.js';

// @runid/verifier's `introspection` option against the real issuer over HTTP: an active token is
// accepted with the issuer's answer, a finished run's token is refused `token_inactive`, and an
// issuer that cannot answer is `introspection_unavailable`, never a silent accept.
describe.each(backends())('verifier introspection against the issuer, on %s', (backend) => {
  let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
  let closed = false;
  let minter: RunIdClient;
  let minterId: string;
  let introspectorKey: string;
  let plainKey: string;
  const identity = {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'verifier',
    operation: 'update',
  } as const;
  const deployment = { ...identity, deployment: 3 } as const;

  const sdk = (apiKey?: string) => createClient({ baseUrl: issuer.url, apiKey, retry: false });

  function verifier(credential: string, cacheSeconds = 0, clock?: () => number): Verifier {
    return createVerifier({
      issuers: [
        {
          issuer: `${issuer.issuerUrl}/oidc`,
          audience: 'acme',
          introspection: { credential, cacheSeconds },
        },
      ],
      fetchTimeoutMs: 2_000,
      ...(clock !== undefined && { clock }),
    });
  }

  /** A token of the run, minted with nothing but its run credential. */
  async function runToken(credential: string): Promise<string> {
    const minted = await createClient({
      baseUrl: issuer.url,
      runToken: credential,
      retry: false,
    }).mintToken({});
    return minted.token;
  }

  beforeAll(async () => {
    issuer = await startTestIssuer(backend);
    const admin = sdk(issuer.adminKey);
    const created = await admin.createApiClient({
      name: 'runner',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    });
    minter = sdk(created.key);
    minterId = created.id;
    introspectorKey = (
      await admin.createApiClient({
        name: 'relying-party',
        grants: [{ kinds: ['deployment'], orgs: ['acme'], introspect: true }],
      })
    ).key;
    plainKey = (
      await admin.createApiClient({
        name: 'not-introspecting',
        grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      })
    ).key;
  });

  afterAll(async () => {
    if (!closed) await issuer?.close();
  });

  it('accepts an active token with the issuer’s answer', async () => {
    const { token, claims } = await minter.mintToken(deployment);
    const result = await verifier(introspectorKey).verify(token);
    expect(result).toMatchObject({
      ok: true,
      kind: 'deployment',
      introspection: { active: true, jti: claims.jti, client_id: minterId, kind: 'deployment' },
    });
  });

  it('refuses the token of a finished run with token_inactive, within the cache bound', async () => {
    const run = await minter.createRun({ identity });
    const token = await runToken(run.credential);
    let now = Date.now();
    const cached = verifier(introspectorKey, 10, () => now);
    const live = await cached.verify(token);
    expect(live).toMatchObject({
      ok: true,
      claims: { run_id: run.id },
      introspection: { run: { id: run.id, state: 'running' } },
    });
    await minter.finishRun(run.id, 'succeeded', { runCredential: run.credential });
    expect(await verifier(introspectorKey).verify(token)).toMatchObject({
      ok: false,
      code: 'token_inactive',
    });
    // A cached answer is reused for at most cacheSeconds, then the end is seen.
    expect((await cached.verify(token)).ok).toBe(true);
    now += 10_000;
    expect(await cached.verify(token)).toMatchObject({ code: 'token_inactive' });
  });

  it('refuses the tokens of a revoked run with token_inactive', async () => {
    const run = await minter.createRun({ identity });
    const token = await runToken(run.credential);
    expect((await verifier(introspectorKey).verify(token)).ok).toBe(true);
    await sdk(issuer.adminKey).revokeRun(run.id);
    expect(await verifier(introspectorKey).verify(token)).toMatchObject({
      ok: false,
      code: 'token_inactive',
    });
  });

  it('a credential the issuer refuses is introspection_unavailable, never an accept', async () => {
    const { token } = await minter.mintToken(deployment);
    for (const credential of [plainKey, issuer.adminKey, 'rid_client_unknown']) {
      expect(await verifier(credential).verify(token)).toMatchObject({
        ok: false,
        code: 'introspection_unavailable',
      });
    }
  });

  it('an issuer that is down is introspection_unavailable', async () => {
    const { token } = await minter.mintToken(deployment);
    const v = verifier(introspectorKey);
    // Keys and discovery are cached by a first verify; then the issuer goes away.
    expect((await v.verify((await minter.mintToken(deployment)).token)).ok).toBe(true);
    closed = true;
    await issuer.close();
    expect(await v.verify(token)).toMatchObject({ ok: false, code: 'introspection_unavailable' });
  });
});
