import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type SignParams = webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams;

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

const SIGN_PARAMS: Record<SigningAlg, SignParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
};

/** Signs in-process with WebCrypto (off the main thread). Header bytes are computed once. */
export class LocalSigner implements Signer {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly publicJwk: PublicJwk;
  readonly #key: CryptoKey;
  readonly #headerB64: string;
  readonly #params: SignParams;

  constructor(privateKey: CryptoKey, publicJwk: PublicJwk) {
    this.kid = publicJwk.kid;
    this.alg = publicJwk.alg;
    this.publicJwk = publicJwk;
    this.#key = privateKey;
    this.#params = SIGN_PARAMS[publicJwk.alg];
    this.#headerB64 = Buffer.from(
      JSON.stringify({ alg: publicJwk.alg, kid: publicJwk.kid, typ: 'JWT' }),
    ).toString('base64url');
  }

  async sign(payload: Readonly<Record<string, unknown>>): Promise<string> {
    const input = `${this.#headerB64}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const signature = await webcrypto.subtle.sign(this.#params, this.#key, Buffer.from(input));
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
  }
}
