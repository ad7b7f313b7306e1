import { randomBytes, type webcrypto } from 'node:crypto';
import { importJWK } from 'jose';
import type { SigningAlg } from '../../src/config/config.js';
import { decryptPrivateJwk } from '../../src/keys/ensure-keys.js';
import { generateSigningKey } from '../../src/keys/generate-key.js';
import type { PublicJwk } from '../../src/keys/public-jwk.js';
import { LocalSigner } from '../../src/keys/signer.js';
import { signerConformance } from '../support/signer-conformance.js';

const kek = randomBytes(32);

/** The local signer exactly as the key ring builds it: generated, sealed, opened, imported. */
async function localSigner(alg: SigningAlg): Promise<LocalSigner> {
  const record = await generateSigningKey({
    issuer: 'v1',
    alg,
    state: 'current',
    kek,
    now: new Date(),
  });
  const key = (await importJWK(decryptPrivateJwk(kek, record), alg, {
    extractable: false,
  })) as webcrypto.CryptoKey;
  return new LocalSigner(key, JSON.parse(record.publicJwk) as PublicJwk);
}

signerConformance('LocalSigner', 'RS256', () => localSigner('RS256'));
signerConformance('LocalSigner', 'ES256', () => localSigner('ES256'));
