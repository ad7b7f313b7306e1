import type { SigningAlg } from '../config/config.js';

/** A published key: public members only, in a fixed member order (byte-stable JWKS). */
export type PublicJwk =
  | { kty: 'RSA'; kid: string; use: 'sig'; alg: SigningAlg; n: string; e: string }
  | { kty: 'EC'; kid: string; use: 'sig'; alg: SigningAlg; crv: 'P-256'; x: string; y: string };

/** Picks only the public members, so a private member can never leak into the JWKS. */
export function toPublicJwk(jwk: Record<string, unknown>, kid: string, alg: SigningAlg): PublicJwk {
  if (jwk.kty === 'RSA') {
    return { kty: 'RSA', kid, use: 'sig', alg, n: String(jwk.n), e: String(jwk.e) };
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    return { kty: 'EC', kid, use: 'sig', alg, crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
  }
  throw new Error(`unsupported key type ${String(jwk.kty)}`);
}
