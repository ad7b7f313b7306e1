import { buildClaims } from '@runid/claims';

export const BASE = 'https://id.example.com';
export const V1 = `${BASE}/oidc`;
export const V2 = `${BASE}/oidc/v2`;
export const NOW = 1_750_000_000;

/** A token's claims as RunID would mint them at `NOW` (1 h lifetime). */
export function tokenFor(input: Record<string, unknown>, at = NOW): Record<string, unknown> {
  const built = buildClaims(input);
  return {
    iss: built.issuer === 'v1' ? V1 : V2,
    sub: built.sub,
    aud: built.aud,
    iat: at,
    nbf: at,
    exp: at + built.lifetimeSeconds,
    jti: 'jti-1',
    ...built.claims,
  };
}

export const deployInput = (over: Record<string, unknown> = {}) => ({
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 42,
  ...over,
});

export const envInput = (over: Record<string, unknown> = {}) => ({
  kind: 'environment',
  org: 'acme',
  platform: 'aws',
  currentEnvironment: 'infra/prod',
  user: 'alice',
  ...over,
});

export const oidcInput = (over: Record<string, unknown> = {}) => ({
  kind: 'oidc',
  org: 'acme',
  orgId: 'org-123',
  currentEnvironment: { name: 'infra/prod', id: 'env-456' },
  rootEnvironment: { name: 'infra/prod', id: 'env-456' },
  actor: { login: 'alice', id: 'user-789' },
  audience: 'vault.example.com',
  ...over,
});

/** A compact JWT (unsigned: the simulator never checks signatures). */
export function compact(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' },
): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc(header)}.${enc(claims)}.c2ln`;
}
