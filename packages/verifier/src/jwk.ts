import type { JsonWebKey, KeyObject } from 'node:crypto';
import { type Algorithm, KEY_REQUIREMENTS } from './algorithms.js';
import { decodeBase64url } from './base64url.js';
import { isPlainObject } from './json.js';
import { importPublicJwk, type SignatureKey, signatureKey } from './signature.js';

/** The public members of a JWK this verifier keeps. */
export interface PublicJwk extends JsonWebKey {
  kty: string;
}

/** Members that only a private (or symmetric) key has; a JWKS carrying them is not trusted. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const MIN_RSA_BITS = 2048;

/** One key from an issuer's JWKS, reduced to its public members, with its imported forms cached. */
export interface KeyEntry {
  readonly kid: string;
  readonly kty: string;
  readonly alg: string | undefined;
  readonly use: string | undefined;
  readonly keyOps: readonly string[] | undefined;
  /** Why the key can never be used, whatever the algorithm; `undefined` when it can. */
  readonly unusable: string | undefined;
  /** Public key members only (kty, n, e / crv, x, y). */
  readonly publicJwk: PublicJwk;
  /** Identity of the key material, to keep imported keys across JWKS refreshes. */
  readonly fingerprint: string;
  /** The imported key (once per entry, whatever the algorithm); `null` when it cannot be imported. */
  keyObject: KeyObject | null | undefined;
  /** Keys that passed `keyProblem` and imported, per algorithm: the hot path's synchronous hit. */
  readonly ready: Map<Algorithm, SignatureKey>;
}

function stringMember(jwk: Record<string, unknown>, name: string): string | undefined {
  const value = jwk[name];
  return typeof value === 'string' ? value : undefined;
}

function rsaBits(n: string): number {
  const bytes = decodeBase64url(n);
  if (bytes === undefined) return 0;
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start] as number));
}

function publicMembers(jwk: Record<string, unknown>, kty: string): PublicJwk | string {
  if (kty === 'RSA') {
    const n = stringMember(jwk, 'n');
    const e = stringMember(jwk, 'e');
    if (n === undefined || e === undefined) return 'an RSA key needs "n" and "e"';
    if (rsaBits(n) < MIN_RSA_BITS) return `an RSA key must have at least ${MIN_RSA_BITS} bits`;
    return { kty, n, e };
  }
  if (kty === 'EC') {
    const crv = stringMember(jwk, 'crv');
    const x = stringMember(jwk, 'x');
    const y = stringMember(jwk, 'y');
    if (crv === undefined || x === undefined || y === undefined) {
      return 'an EC key needs "crv", "x" and "y"';
    }
    return { kty, crv, x, y };
  }
  if (kty === 'OKP') {
    const crv = stringMember(jwk, 'crv');
    const x = stringMember(jwk, 'x');
    if (crv === undefined || x === undefined) return 'an OKP key needs "crv" and "x"';
    return { kty, crv, x };
  }
  return `key type "${kty.slice(0, 16)}" is not supported`;
}

/**
 * Builds an entry for one JWKS member, or `undefined` when it has no usable `kid` (a kid is how a
 * token names its key; keys without one can never be selected).
 */
export function toKeyEntry(value: unknown, maxKidLength: number): KeyEntry | undefined {
  if (!isPlainObject(value)) return undefined;
  const kid = stringMember(value, 'kid');
  const kty = stringMember(value, 'kty');
  if (kid === undefined || kid.length === 0 || kid.length > maxKidLength || kty === undefined) {
    return undefined;
  }
  const alg = stringMember(value, 'alg');
  const use = stringMember(value, 'use');
  const ops = value.key_ops;
  const keyOps =
    Array.isArray(ops) && ops.every((op) => typeof op === 'string') ? (ops as string[]) : undefined;
  let unusable: string | undefined;
  let publicJwk: PublicJwk = { kty };
  if (PRIVATE_MEMBERS.some((name) => Object.hasOwn(value, name))) {
    unusable = 'the published key has private or symmetric key material';
  } else if (ops !== undefined && keyOps === undefined) {
    unusable = 'the key has a malformed "key_ops"';
  } else if (Object.hasOwn(value, 'alg') && alg === undefined) {
    unusable = 'the key has a malformed "alg"';
  } else if (Object.hasOwn(value, 'use') && use === undefined) {
    unusable = 'the key has a malformed "use"';
  } else {
    const members = publicMembers(value, kty);
    if (typeof members === 'string') unusable = members;
    else publicJwk = members;
  }
  const fingerprint = JSON.stringify([publicJwk, alg ?? null, use ?? null, keyOps ?? null]);
  return {
    kid,
    kty,
    alg,
    use,
    keyOps,
    unusable,
    publicJwk,
    fingerprint,
    keyObject: undefined,
    ready: new Map(),
  };
}

/**
 * Whether this key may verify a token signed with `alg`: the algorithm must match the key type
 * and curve, and the key's own `alg`, `use` and `key_ops`, when present, must agree.
 */
export function keyProblem(entry: KeyEntry, alg: Algorithm): string | undefined {
  if (entry.unusable !== undefined) return entry.unusable;
  const requirement = KEY_REQUIREMENTS[alg];
  if (entry.kty !== requirement.kty) return `the key type does not match the algorithm ${alg}`;
  if (requirement.crv !== undefined && entry.publicJwk.crv !== requirement.crv) {
    return `the key curve does not match the algorithm ${alg}`;
  }
  if (entry.alg !== undefined && entry.alg !== alg) {
    return `the key is restricted to another algorithm than ${alg}`;
  }
  if (entry.use !== undefined && entry.use !== 'sig') return 'the key is not a signature key';
  if (entry.keyOps !== undefined && !entry.keyOps.includes('verify')) {
    return 'the key does not allow "verify"';
  }
  return undefined;
}

/**
 * The entry's public key bound to `alg` (imported once per entry, bound once per algorithm);
 * `undefined` when the material is invalid. Call only after `keyProblem` returned `undefined` for
 * this algorithm. Synchronous: node:crypto imports a JWK without a promise.
 */
export function importedKey(entry: KeyEntry, alg: Algorithm): SignatureKey | undefined {
  let key = entry.ready.get(alg);
  if (key !== undefined) return key;
  if (entry.keyObject === undefined) {
    try {
      entry.keyObject = importPublicJwk(entry.publicJwk);
    } catch {
      entry.keyObject = null;
    }
  }
  if (entry.keyObject === null) return undefined;
  key = signatureKey(entry.keyObject, alg);
  if (key !== undefined) entry.ready.set(alg, key);
  return key;
}
