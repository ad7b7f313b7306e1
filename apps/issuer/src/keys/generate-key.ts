import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { SigningAlg } from '../config/config.js';
import type { IssuerVersion, KeyState, SigningKeyRecord } from '../store/records.js';
import { keyAad, seal } from './key-encryption.js';
import { toPublicJwk } from './public-jwk.js';

export interface NewKeyOptions {
  issuer: IssuerVersion;
  alg: SigningAlg;
  state: KeyState;
  kek: Buffer;
  now: Date;
  /** How a key generated as `current` started signing (default `bootstrap`). */
  activation?: 'bootstrap' | 'emergency';
}

/** A fresh key pair, `kid` = RFC 7638 thumbprint, private half sealed under the KEK. */
export async function generateSigningKey(options: NewKeyOptions): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = await generateKeyPair(options.alg, {
    extractable: true,
    ...(options.alg === 'RS256' && { modulusLength: 2048 }),
  });
  const publicMembers = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicMembers, 'sha256');
  const publicJwk = toPublicJwk(publicMembers as Record<string, unknown>, kid, options.alg);
  const privateJwk = await exportJWK(privateKey);
  const id = randomUUID();
  const privateKeyEnc = seal(options.kek, Buffer.from(JSON.stringify(privateJwk)), keyAad(id, kid));
  return {
    id,
    issuer: options.issuer,
    kid,
    alg: options.alg,
    state: options.state,
    publicJwk: JSON.stringify(publicJwk),
    privateKeyEnc,
    createdAt: options.now,
    notBefore: null,
    activatedAt: options.state === 'current' ? options.now : null,
    retiredAt: null,
    removedAt: null,
    publishUntil: null,
    // Inserted and published in the same transaction: the JWKS holds it from its first commit.
    publishedAt: options.now,
    activation: options.state === 'current' ? (options.activation ?? 'bootstrap') : null,
    compromised: false,
  };
}
