import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningAlg } from '../../src/config/config.js';
import type { Signer } from '../../src/keys/signer.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const PUBLIC_MEMBERS: Record<string, string[]> = {
  RSA: ['kty', 'kid', 'use', 'alg', 'n', 'e'],
  EC: ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y'],
};

/**
 * The contract of the Signer port. Any implementation (the local signer, a future KMS signer)
 * must pass it: `factory` returns a fresh signer for `alg`.
 */
export function signerConformance(
  name: string,
  alg: SigningAlg,
  factory: () => Promise<Signer>,
): void {
  describe(`Signer conformance: ${name} (${alg})`, () => {
    it('has kid = the RFC 7638 SHA-256 thumbprint of its public JWK, and the asked alg', async () => {
      const signer = await factory();
      expect(signer.alg).toBe(alg);
      expect(signer.publicJwk.alg).toBe(alg);
      expect(signer.publicJwk.use).toBe('sig');
      expect(signer.publicJwk.kid).toBe(signer.kid);
      expect(await calculateJwkThumbprint(signer.publicJwk, 'sha256')).toBe(signer.kid);
      expect(signer.publicJwk.kty).toBe(alg === 'RS256' ? 'RSA' : 'EC');
    });

    it('publishes no private member, only the public members in a fixed order', async () => {
      const jwk = (await factory()).publicJwk as unknown as Record<string, unknown>;
      for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member);
      expect(Object.keys(jwk)).toEqual(PUBLIC_MEMBERS[String(jwk.kty)]);
    });

    it('signs compact JWS that verify with the public JWK, header { alg, kid, typ: JWT }', async () => {
      const signer = await factory();
      const payload = { iss: 'https://id.example.com/oidc', sub: 's', n: 1, nested: { a: [1] } };
      const token = await signer.sign(payload);
      expect(token.split('.')).toHaveLength(3);
      expect(decodeProtectedHeader(token)).toEqual({ alg, kid: signer.kid, typ: 'JWT' });
      const key = await importJWK(signer.publicJwk, alg);
      const verified = await compactVerify(token, key, { algorithms: [alg] });
      expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(payload);
    });

    it('produces signatures another key, or a changed payload, does not verify', async () => {
      const [signer, other] = [await factory(), await factory()];
      expect(other.kid).not.toBe(signer.kid);
      const token = await signer.sign({ sub: 'a' });
      const [header, , signature] = token.split('.');
      const forged = `${header}.${Buffer.from('{"sub":"b"}').toString('base64url')}.${signature}`;
      const key = await importJWK(signer.publicJwk, alg);
      await expect(compactVerify(forged, key)).rejects.toThrow();
      await expect(compactVerify(token, await importJWK(other.publicJwk, alg))).rejects.toThrow();
    });

    it('is safe to call concurrently: every one of many parallel signatures verifies', async () => {
      const signer = await factory();
      const key = await importJWK(signer.publicJwk, alg);
      const tokens = await Promise.all(
        Array.from({ length: 64 }, (_, i) => signer.sign({ i, sub: `s-${i}` })),
      );
      const payloads = await Promise.all(
        tokens.map(async (t) =>
          JSON.parse(new TextDecoder().decode((await compactVerify(t, key)).payload)),
        ),
      );
      expect(payloads.map((p) => p.i)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    });
  });
}
