import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  type FetchLike,
  type Verifier,
  type VerifierOptions,
} from '../src/index.js';
import { documentFetch } from './helpers/fake-fetch.js';
import { jwksOf, mint, type TestKey, testKey } from './helpers/keys.js';
import { TEST_FETCH_TIMEOUT_MS } from './helpers/timeouts.js';

const NOW = 1_760_000_000;
const V1 = 'https://id.example.test/oidc';
const V2 = 'https://id.example.test/oidc/v2';
const V1_JWKS = `${V1}/.well-known/jwks`;
const V2_JWKS = `${V2}/.well-known/jwks`;

let v1Key: TestKey;
let v1Ec: TestKey;
let v2Key: TestKey;

beforeAll(async () => {
  v1Key = await testKey('v1-rsa');
  v1Ec = await testKey('v1-ec', 'ES256');
  v2Key = await testKey('v2-rsa');
});

function verifierWith(
  options: Partial<VerifierOptions> = {},
  documents: Record<string, unknown> = {},
): Verifier {
  return createVerifier({
    issuers: [
      {
        issuer: V1,
        audience: ['acme', 'aws:acme'],
        algorithms: ['RS256', 'ES256'],
        jwksUri: V1_JWKS,
      },
      { issuer: V2, audience: 'sts.amazonaws.com', algorithms: ['RS256'], jwksUri: V2_JWKS },
    ],
    clockTolerance: 30,
    fetchTimeoutMs: TEST_FETCH_TIMEOUT_MS,
    clock: () => NOW * 1000,
    fetch: documentFetch({
      [V1_JWKS]: jwksOf(v1Key, v1Ec),
      [V2_JWKS]: jwksOf(v2Key),
      ...documents,
    }),
    ...options,
  });
}

const deployment = {
  iss: V1,
  sub: 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
  aud: 'acme',
  jti: 'j1',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  stackId: 'acme/web/prod',
  operation: 'update',
  deployment: 3,
  scope: 'write',
};

const environment = {
  iss: V1,
  sub: 'pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:web/dev:pulumi.user.login:alice',
  aud: 'aws:acme',
  jti: 'j2',
  current_env: 'web/dev',
  root_env: 'web/dev',
  trigger_user: 'alice',
  org: 'acme',
  env: 'web/dev',
};

const oidc = {
  iss: V2,
  sub: 'pulumi:org:o1:env:e1',
  aud: 'sts.amazonaws.com',
  jti: 'j3',
  'https://pulumi.com/org': 'acme',
  'https://pulumi.com/org_id': 'o1',
  'https://pulumi.com/current_env': 'web/dev',
  'https://pulumi.com/current_env_id': 'e1',
  'https://pulumi.com/root_env': 'web/dev',
  'https://pulumi.com/actor': 'alice',
  'https://pulumi.com/actor_id': 'u1',
};

describe('RunID tokens', () => {
  it('recognises a deployment token and parses its subject', async () => {
    const result = await verifierWith().verify(await mint(v1Key, deployment, NOW - 10));
    expect(result).toMatchObject({
      ok: true,
      kind: 'deployment',
      issuer: V1,
      subject: {
        kind: 'deployment',
        org: 'acme',
        project: 'web',
        stack: 'prod',
        operation: 'update',
      },
      header: { alg: 'RS256', kid: 'v1-rsa', typ: 'JWT' },
    });
    if (result.ok) expect(result.claims.stackId).toBe('acme/web/prod');
  });

  it('recognises an environment token with subject attributes (ES256)', async () => {
    const result = await verifierWith().verify(await mint(v1Ec, environment, NOW - 10));
    expect(result).toMatchObject({
      ok: true,
      kind: 'environment',
      subject: { kind: 'environment', org: 'acme' },
    });
  });

  it('recognises an oidc token from the v2 issuer', async () => {
    const result = await verifierWith().verify(await mint(v2Key, oidc, NOW - 10));
    expect(result).toMatchObject({
      ok: true,
      kind: 'oidc',
      subject: { orgId: 'o1', environmentId: 'e1' },
    });
  });

  it('refuses a deployment token signed by the v2 issuer key set', async () => {
    const result = await verifierWith().verify(
      await mint(v2Key, { ...deployment, iss: V2, aud: 'sts.amazonaws.com' }, NOW - 10),
    );
    expect(result).toMatchObject({ ok: false, code: 'claims_invalid' });
  });

  it('lists the claim issues (without claim values)', async () => {
    const result = await verifierWith().verify(
      await mint(v1Key, { ...deployment, operation: 'evil-op', stackId: 'x/y/z' }, NOW - 10),
    );
    expect(result).toMatchObject({ ok: false, code: 'claims_invalid' });
    if (!result.ok) {
      expect(result.issues?.map((issue) => issue.path)).toEqual(
        expect.arrayContaining(['operation', 'stackId']),
      );
      expect(result.message).not.toContain('evil-op');
      expect(result.message).not.toContain('x/y/z');
    }
  });

  it('honours a custom subject namespace', async () => {
    const verifier = createVerifier({
      issuers: [
        {
          issuer: V1,
          audience: 'acme',
          algorithms: ['RS256'],
          jwksUri: V1_JWKS,
          subjectNamespace: 'runid',
        },
      ],
      clockTolerance: 0,
      clock: () => NOW * 1000,
      fetchTimeoutMs: TEST_FETCH_TIMEOUT_MS,
      fetch: documentFetch({ [V1_JWKS]: jwksOf(v1Key) }),
    });
    const sub = deployment.sub.replace(/^pulumi:/, 'runid:');
    expect(await verifier.verify(await mint(v1Key, { ...deployment, sub }, NOW))).toMatchObject({
      ok: true,
    });
    expect(await verifier.verify(await mint(v1Key, deployment, NOW))).toMatchObject({
      code: 'claims_invalid',
    });
  });
});

describe('robustness', () => {
  it('never throws and never echoes its input, whatever it is given (property)', async () => {
    const verifier = verifierWith();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.string(),
          fc
            .tuple(fc.base64String(), fc.base64String(), fc.base64String())
            .map((parts) => parts.join('.')),
          fc
            .tuple(fc.json(), fc.json(), fc.string())
            .map(
              ([h, p, s]) =>
                `${Buffer.from(h).toString('base64url')}.${Buffer.from(p).toString('base64url')}.${s}`,
            ),
        ),
        async (input) => {
          const result = await verifier.verify(input);
          expect(result.ok).toBe(false);
          if (!result.ok && typeof input === 'string' && input.length >= 16) {
            expect(result.message).not.toContain(input);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses String objects and Buffers instead of coercing them', async () => {
    const verifier = verifierWith();
    const token = await mint(v1Key, deployment, NOW);
    expect(await verifier.verify(token)).toMatchObject({ ok: true });
    expect(await verifier.verify(new String(token))).toMatchObject({ code: 'malformed' });
    expect(await verifier.verify(Buffer.from(token))).toMatchObject({ code: 'malformed' });
    expect(await verifier.verify({ toString: () => token })).toMatchObject({ code: 'malformed' });
  });

  it('hands out a frozen header: a caller cannot poison the header cache', async () => {
    const verifier = verifierWith();
    const token = await mint(v1Key, deployment, NOW);
    const first = await verifier.verify(token);
    if (!first.ok) throw new Error(first.message);
    expect(Object.isFrozen(first.header)).toBe(true);
    expect(() => {
      (first.header as { alg: string }).alg = 'none';
    }).toThrow(TypeError);
    expect(await verifier.verify(token)).toMatchObject({ ok: true, header: { alg: 'RS256' } });
  });

  it('accepts a { now(): Date } clock', async () => {
    const verifier = verifierWith({ clock: { now: () => new Date((NOW + 7200) * 1000) } });
    expect(await verifier.verify(await mint(v1Key, deployment, NOW))).toMatchObject({
      code: 'expired',
    });
  });

  it('reports key material that cannot be imported as key_mismatch', async () => {
    const broken = { ...v1Ec.jwk, kid: 'broken', x: v1Ec.jwk.y, y: v1Ec.jwk.x };
    const verifier = verifierWith({}, { [V1_JWKS]: { keys: [v1Key.jwk, broken] } });
    const token = await mint(v1Ec, environment, NOW, { kid: 'broken' });
    expect(await verifier.verify(token)).toMatchObject({ code: 'key_mismatch' });
  });

  it('imports each key once, even under concurrent first use', async () => {
    const verifier = verifierWith();
    const tokens = await Promise.all(
      Array.from({ length: 20 }, (_, i) => mint(v1Key, { ...deployment, jti: `j${i}` }, NOW)),
    );
    const results = await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(verifier.status().find((s) => s.issuer === V1)).toMatchObject({ fetches: 1, keys: 2 });
  });
});

describe('types', () => {
  it('accepts the global fetch as the injected fetch', () => {
    const injected: FetchLike = globalThis.fetch;
    expect(typeof injected).toBe('function');
  });
});
