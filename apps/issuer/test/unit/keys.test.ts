import { randomBytes } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { matchesIfNoneMatch } from '../../src/http/if-none-match.js';
import { decryptPrivateJwk } from '../../src/keys/ensure-keys.js';
import { generateSigningKey } from '../../src/keys/generate-key.js';
import { keyAad, open, seal } from '../../src/keys/key-encryption.js';
import { LocalSigner } from '../../src/keys/signer.js';
import { staticDocument } from '../../src/keys/static-document.js';

describe('key encryption at rest', () => {
  const kek = randomBytes(32);
  const aad = keyAad('id-1', 'kid-1');

  it('round-trips with the same KEK and AAD, with a fresh IV each time', () => {
    const a = seal(kek, Buffer.from('secret'), aad);
    const b = seal(kek, Buffer.from('secret'), aad);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(open(kek, a, aad).toString()).toBe('secret');
  });

  it.each([
    ['another KEK', (s: string) => open(randomBytes(32), s, aad)],
    ['another key id (AAD)', (s: string) => open(kek, s, keyAad('id-2', 'kid-1'))],
    ['another kid (AAD)', (s: string) => open(kek, s, keyAad('id-1', 'kid-2'))],
    [
      'a flipped ciphertext byte',
      (s: string) => {
        const parts = s.split('.');
        const ct = Buffer.from(parts[2] as string, 'base64url');
        ct[0] = (ct[0] as number) ^ 1;
        return open(kek, [parts[0], parts[1], ct.toString('base64url'), parts[3]].join('.'), aad);
      },
    ],
    ['an unknown format', () => open(kek, 'v2.a.b.c', aad)],
  ])('refuses %s with kek_mismatch', (_name, attempt) => {
    const sealed = seal(kek, Buffer.from('secret'), aad);
    expect(() => attempt(sealed)).toThrow(expect.objectContaining({ code: 'kek_mismatch' }));
  });
});

describe('signing keys', () => {
  it.each(['RS256', 'ES256'] as const)(
    '%s: kid is the thumbprint, JWK public only, signer verifies',
    async (alg) => {
      const kek = randomBytes(32);
      const record = await generateSigningKey({
        issuer: 'v1',
        alg,
        state: 'current',
        kek,
        now: new Date(0),
      });
      const publicJwk = JSON.parse(record.publicJwk);
      expect(publicJwk).toMatchObject({ kid: record.kid, use: 'sig', alg });
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
        expect(publicJwk).not.toHaveProperty(member);
      expect(record.privateKeyEnc).not.toContain('"d"');
      const privateJwk = decryptPrivateJwk(kek, record);
      expect(privateJwk).toHaveProperty('d');
      const signer = new LocalSigner((await importJWK(privateJwk, alg)) as never, publicJwk);
      const token = await signer.sign({ sub: 'x', n: 1 });
      expect(decodeProtectedHeader(token)).toEqual({ alg, kid: record.kid, typ: 'JWT' });
      const { payload } = await compactVerify(token, await importJWK(publicJwk, alg));
      expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ sub: 'x', n: 1 });
    },
  );
});

describe('published documents', () => {
  it('serialise once with a strong ETag and honour If-None-Match lists and weak forms', () => {
    const doc = staticDocument({ keys: [] });
    expect(doc.etag).toMatch(/^"[\w-]{43}"$/);
    expect(staticDocument({ keys: [] }).etag).toBe(doc.etag);
    expect(matchesIfNoneMatch(doc.etag, doc.etag)).toBe(true);
    expect(matchesIfNoneMatch(`W/${doc.etag}`, doc.etag)).toBe(true);
    expect(matchesIfNoneMatch(`"x", ${doc.etag}`, doc.etag)).toBe(true);
    expect(matchesIfNoneMatch('*', doc.etag)).toBe(true);
    expect(matchesIfNoneMatch('"x"', doc.etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, doc.etag)).toBe(false);
    expect(matchesIfNoneMatch(doc.etag.slice(1, -1), doc.etag)).toBe(false);
  });
});
