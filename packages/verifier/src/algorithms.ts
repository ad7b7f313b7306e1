/**
 * The asymmetric JWS algorithms a verifier may be configured with, and what a JWK must look like to
 * be used with each. HMAC (`HS*`) and `none` are absent on purpose: with a public JWKS an HMAC
 * "secret" is public (the alg-confusion attack), and `none` is no signature at all.
 */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export type Algorithm = (typeof SUPPORTED_ALGORITHMS)[number];

export interface KeyRequirement {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
  /** Exact signature length in bytes when fixed by the algorithm (ECDSA r||s, Ed25519). */
  signatureBytes?: number;
}

const RSA: KeyRequirement = { kty: 'RSA' };

export const KEY_REQUIREMENTS: Readonly<Record<Algorithm, KeyRequirement>> = {
  RS256: RSA,
  RS384: RSA,
  RS512: RSA,
  PS256: RSA,
  PS384: RSA,
  PS512: RSA,
  ES256: { kty: 'EC', crv: 'P-256', signatureBytes: 64 },
  ES384: { kty: 'EC', crv: 'P-384', signatureBytes: 96 },
  ES512: { kty: 'EC', crv: 'P-521', signatureBytes: 132 },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', signatureBytes: 64 },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', signatureBytes: 64 },
};

const SUPPORTED = new Set<string>(SUPPORTED_ALGORITHMS);

export function isSupportedAlgorithm(alg: unknown): alg is Algorithm {
  return typeof alg === 'string' && SUPPORTED.has(alg);
}

/** Algorithms refused outright, whatever the configuration says. */
export function isForbiddenAlgorithm(alg: string): boolean {
  return alg.toLowerCase() === 'none' || /^HS\d+$/i.test(alg);
}
