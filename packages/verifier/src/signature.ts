import {
  constants,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  verify as nodeVerify,
} from 'node:crypto';
import { type Algorithm, KEY_REQUIREMENTS } from './algorithms.js';

/**
 * A public key ready to check one algorithm's signatures with `node:crypto` — synchronous, no
 * WebCrypto promise per token. Built once per JWKS key and algorithm, after `keyProblem` agreed.
 */
export interface SignatureKey {
  /** `null` for EdDSA (the hash is part of the algorithm). */
  readonly digest: string | null;
  /** The KeyObject, or the KeyObject with the padding / signature encoding the algorithm needs. */
  readonly key: KeyObject | VerifyKeyWithOptions;
  /** Every valid signature has exactly this many bytes (RSA: the modulus size; ECDSA: r||s). */
  readonly signatureBytes: number;
  /** ECDSA: the signature is r||s, two halves that must both be non-zero. */
  readonly ecdsa: boolean;
}

interface VerifyKeyWithOptions {
  readonly key: KeyObject;
  readonly padding?: number;
  readonly saltLength?: number;
  readonly dsaEncoding?: 'ieee-p1363';
}

const DIGEST: Readonly<Record<Algorithm, string | null>> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
  EdDSA: null,
  Ed25519: null,
};

/** What node:crypto reports for each JWK curve (a mismatch means the JWK lied about its curve). */
const NODE_CURVE: Readonly<Record<string, string>> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

/**
 * Imports public JWK members (`kty` + `n`,`e` / `crv`,`x`,`y` / `crv`,`x`). Throws for material
 * that is not a valid public key (an EC point off its curve among others).
 */
export function importPublicJwk(jwk: JsonWebKey): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

/**
 * Binds an imported key to one algorithm, or `undefined` when the key object is of another type or
 * curve than the algorithm requires (checked again here, on what node:crypto actually imported).
 */
export function signatureKey(keyObject: KeyObject, alg: Algorithm): SignatureKey | undefined {
  const requirement = KEY_REQUIREMENTS[alg];
  const type = keyObject.asymmetricKeyType;
  const details = keyObject.asymmetricKeyDetails;
  const digest = DIGEST[alg];
  if (requirement.kty === 'RSA') {
    const bits = details?.modulusLength;
    if (type !== 'rsa' || bits === undefined) return undefined;
    const signatureBytes = Math.ceil(bits / 8);
    if (alg.startsWith('PS')) {
      // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash output (checked exactly).
      const key = {
        key: keyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      };
      return { digest, key, signatureBytes, ecdsa: false };
    }
    return { digest, key: keyObject, signatureBytes, ecdsa: false };
  }
  const signatureBytes = requirement.signatureBytes;
  if (signatureBytes === undefined) return undefined;
  if (requirement.kty === 'EC') {
    const crv = requirement.crv;
    if (type !== 'ec' || crv === undefined || details?.namedCurve !== NODE_CURVE[crv]) {
      return undefined;
    }
    // JWS carries r||s (RFC 7518 §3.4), not DER.
    return {
      digest,
      key: { key: keyObject, dsaEncoding: 'ieee-p1363' },
      signatureBytes,
      ecdsa: true,
    };
  }
  if (type !== 'ed25519') return undefined;
  return { digest, key: keyObject, signatureBytes, ecdsa: false };
}

function isZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Checks a signature over the ASCII signing input (`<header>.<payload>`). Never throws: anything
 * node:crypto refuses is an invalid signature. A wrong length (DER instead of r||s, a truncated RSA
 * signature) is refused before any crypto, and so is an ECDSA half of zero — the "psychic
 * signature" r = s = 0 — although OpenSSL refuses r or s outside [1, n-1] on its own.
 */
export function verifySignature(
  key: SignatureKey,
  signingInput: string,
  signature: Uint8Array,
): boolean {
  const length = signature.length;
  if (length !== key.signatureBytes) return false;
  if (key.ecdsa && (isZero(signature, 0, length / 2) || isZero(signature, length / 2, length))) {
    return false;
  }
  try {
    return nodeVerify(key.digest, Buffer.from(signingInput, 'latin1'), key.key, signature);
  } catch {
    return false;
  }
}
