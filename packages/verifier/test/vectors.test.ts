import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVerifier, type VerifierOptions } from '../src/index.js';
import { documentFetch } from './helpers/fake-fetch.js';
import { TEST_FETCH_TIMEOUT_MS } from './helpers/timeouts.js';

interface VectorCase {
  name: string;
  token: unknown;
  now?: number;
  options?: Partial<VerifierOptions>;
  jwks?: Record<string, unknown>;
  fetches?: number;
  expect: { ok: true; kind: string | null } | { ok: false; code: string };
}

interface Vectors {
  now: number;
  config: VerifierOptions;
  documents: Record<string, unknown>;
  cases: VectorCase[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./vectors/verify-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

/** Pieces of the token (and claim values an attacker chose) that must never appear in messages. */
function secrets(token: unknown): string[] {
  if (typeof token !== 'string') return [];
  return [...token.split('.').filter((part) => part.length >= 12), 'evil', 'rotated-away'];
}

describe('verification vectors (test/vectors/verify-vectors.json)', () => {
  it('has cases for every failure code the vectors are meant to cover', () => {
    const codes = new Set(vectors.cases.map((c) => (c.expect.ok ? 'ok' : c.expect.code)));
    for (const code of [
      'ok',
      'malformed',
      'token_too_large',
      'header_not_allowed',
      'crit_unsupported',
      'algorithm_not_allowed',
      'unknown_issuer',
      'issuer_mismatch',
      'unknown_kid',
      'key_mismatch',
      'bad_signature',
      'expired',
      'not_yet_valid',
      'issued_in_future',
      'token_too_old',
      'audience_mismatch',
      'claims_invalid',
      'jwks_unavailable',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', async (_name, vector) => {
    const fetch = documentFetch({ ...vectors.documents, ...vector.jwks });
    const verifier = createVerifier({
      ...vectors.config,
      ...vector.options,
      fetchTimeoutMs: TEST_FETCH_TIMEOUT_MS,
      fetch,
      clock: () => (vector.now ?? vectors.now) * 1000,
    });
    const result = await verifier.verify(vector.token);
    if (vector.expect.ok) {
      expect(result).toMatchObject({ ok: true, kind: vector.expect.kind ?? undefined });
    } else {
      expect(result).toMatchObject({ ok: false, code: vector.expect.code });
      if (!result.ok) {
        for (const secret of secrets(vector.token)) expect(result.message).not.toContain(secret);
      }
    }
    if (vector.fetches !== undefined) expect(fetch.calls).toHaveLength(vector.fetches);
  });
});
