import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../src/algorithms.js';
import { importPublicJwk, signatureKey, verifySignature } from '../src/signature.js';

const INPUT = 'eyJhbGciOiJ0ZXN0In0.eyJzdWIiOiJ4In0';

interface Case {
  alg: Algorithm;
  pair: () => { privateKey: KeyObject; publicKey: KeyObject };
  sign: (key: KeyObject, data: Buffer) => Buffer;
}

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = (namedCurve: string) => () => generateKeyPairSync('ec', { namedCurve });
const cases: Case[] = [
  { alg: 'RS256', pair: rsa, sign: (key, data) => sign('sha256', data, key) },
  { alg: 'RS512', pair: rsa, sign: (key, data) => sign('sha512', data, key) },
  {
    alg: 'PS384',
    pair: rsa,
    sign: (key, data) =>
      sign('sha384', data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      }),
  },
  {
    alg: 'ES256',
    pair: ec('P-256'),
    sign: (key, data) => sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }),
  },
  {
    alg: 'ES512',
    pair: ec('P-521'),
    sign: (key, data) => sign('sha512', data, { key, dsaEncoding: 'ieee-p1363' }),
  },
  {
    alg: 'EdDSA',
    pair: () => generateKeyPairSync('ed25519'),
    sign: (key, data) => sign(null, data, key),
  },
];

describe('node:crypto signature keys', () => {
  it.each(cases)('$alg: verifies its own signature, refuses any altered one', (c) => {
    const { privateKey, publicKey } = c.pair();
    const key = signatureKey(importPublicJwk(publicKey.export({ format: 'jwk' })), c.alg);
    if (key === undefined) throw new Error('no signature key');
    const signature = c.sign(privateKey, Buffer.from(INPUT));
    expect(verifySignature(key, INPUT, signature)).toBe(true);
    expect(verifySignature(key, `${INPUT}x`, signature)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    expect(verifySignature(key, INPUT, flipped)).toBe(false);
    // One byte more or less: refused before any crypto (no leading-zero or DER slack).
    expect(verifySignature(key, INPUT, Buffer.concat([Buffer.alloc(1), signature]))).toBe(false);
    expect(verifySignature(key, INPUT, signature.subarray(1))).toBe(false);
  });

  it('refuses ECDSA signatures with a zero half (r = 0 or s = 0)', () => {
    const { publicKey } = ec('P-256')();
    const key = signatureKey(importPublicJwk(publicKey.export({ format: 'jwk' })), 'ES256');
    if (key === undefined) throw new Error('no signature key');
    expect(verifySignature(key, INPUT, Buffer.alloc(64))).toBe(false);
    expect(
      verifySignature(key, INPUT, Buffer.concat([Buffer.alloc(32), Buffer.alloc(32, 1)])),
    ).toBe(false);
    expect(
      verifySignature(key, INPUT, Buffer.concat([Buffer.alloc(32, 1), Buffer.alloc(32)])),
    ).toBe(false);
  });

  it('binds a key only to algorithms of its own type and curve', () => {
    const rsaKey = importPublicJwk(rsa().publicKey.export({ format: 'jwk' }));
    const p256 = importPublicJwk(ec('P-256')().publicKey.export({ format: 'jwk' }));
    const ed = importPublicJwk(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }));
    expect(signatureKey(rsaKey, 'ES256')).toBeUndefined();
    expect(signatureKey(rsaKey, 'EdDSA')).toBeUndefined();
    expect(signatureKey(p256, 'ES384')).toBeUndefined();
    expect(signatureKey(p256, 'RS256')).toBeUndefined();
    expect(signatureKey(ed, 'ES256')).toBeUndefined();
    expect(signatureKey(rsaKey, 'PS256')?.signatureBytes).toBe(256);
  });

  it('refuses to import an EC point that is not on its curve', () => {
    const jwk = ec('P-256')().publicKey.export({ format: 'jwk' });
    expect(() => importPublicJwk({ ...jwk, y: jwk.x })).toThrow();
  });
});
