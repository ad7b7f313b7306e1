import { KeyObject, type SignKeyObjectInput, sign, type webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

import type { SigningAlg } from '../config/config.js';
import type { PublicJwk } from './public-jwk.js';

/**
 * The signer port: what minting needs from a key. The local signer holds an imported CryptoKey;
 * a KMS-held key can implement the same interface later.
 */
export interface Signer {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly publicJwk: PublicJwk;
  /** Signs the claims as a compact JWS with header `{ alg, kid, typ: 'JWT' }`. */
  sign(payload: Readonly<Record<string, unknown>>): Promise<string>;
}

/** How `crypto.sign` signs each alg: RS256 PKCS#1 v1.5, ES256 with JOSE's raw r‖s signature. */
const SIGN_KEY: Record<SigningAlg, (key: KeyObject) => KeyObject | SignKeyObjectInput> = {
  RS256: (key) => key,
  ES256: (key) => ({ key, dsaEncoding: 'ieee-p1363' }),
};

/**
 * Signs in-process on the libuv threadpool (`crypto.sign` with a callback, so the event loop
 * never waits for the RSA/ECDSA math). Header bytes are computed once.
 */
export class LocalSigner implements Signer {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly publicJwk: PublicJwk;
  readonly #key: KeyObject | SignKeyObjectInput;
  readonly #headerB64: string;

  constructor(privateKey: CryptoKey | KeyObject, publicJwk: PublicJwk) {
    this.kid = publicJwk.kid;
    this.alg = publicJwk.alg;
    this.publicJwk = publicJwk;
    const key = privateKey instanceof KeyObject ? privateKey : KeyObject.from(privateKey);
    this.#key = SIGN_KEY[publicJwk.alg](key);
    this.#headerB64 = Buffer.from(
      JSON.stringify({ alg: publicJwk.alg, kid: publicJwk.kid, typ: 'JWT' }),
    ).toString('base64url');
  }

  sign(payload: Readonly<Record<string, unknown>>): Promise<string> {
    const input = `${this.#headerB64}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return new Promise((resolve, reject) => {
      sign('sha256', Buffer.from(input), this.#key, (error, signature) => {
        if (error) reject(error);
        else resolve(`${input}.${signature.toString('base64url')}`);
      });
    });
  }
}
