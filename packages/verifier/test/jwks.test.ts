import { beforeAll, describe, expect, it } from 'vitest';
import { cacheSeconds, DEFAULT_CACHE_BOUNDS } from '../src/cache-control.js';
import { keyProblem } from '../src/jwk.js';
import { parseKeySet } from '../src/jwks.js';
import { type TestKey, testKey } from './helpers/keys.js';

let rsa: TestKey;
let ec: TestKey;

beforeAll(async () => {
  rsa = await testKey('rsa');
  ec = await testKey('ec', 'ES256');
});

function parsed(document: unknown, previous?: Parameters<typeof parseKeySet>[1]) {
  const result = parseKeySet(document, previous);
  if (!result.ok) throw new Error(result.reason);
  return result.keys;
}

describe('parseKeySet', () => {
  it('keeps only public members of each key', () => {
    const keys = parsed({ keys: [{ ...rsa.jwk, x5c: ['MII'], extra: 1 }] });
    expect(keys.get('rsa')?.[0]?.publicJwk).toEqual({ kty: 'RSA', n: rsa.jwk.n, e: rsa.jwk.e });
  });

  it('reuses the entry (and its imported keys) of unchanged key material', () => {
    const first = parsed({ keys: [rsa.jwk, ec.jwk] });
    const second = parsed({ keys: [rsa.jwk, { ...ec.jwk, alg: 'ES384' }] }, first);
    expect(second.get('rsa')?.[0]).toBe(first.get('rsa')?.[0]);
    expect(second.get('ec')?.[0]).not.toBe(first.get('ec')?.[0]);
  });

  it('keeps several keys under one kid', () => {
    const keys = parsed({ keys: [rsa.jwk, { ...ec.jwk, kid: 'rsa' }] });
    expect(keys.get('rsa')).toHaveLength(2);
  });

  it('refuses a set whose only keys are not for signatures', () => {
    expect(parseKeySet({ keys: [{ ...rsa.jwk, use: 'enc' }] })).toMatchObject({ ok: false });
    expect(parseKeySet({ keys: [{ ...rsa.jwk, key_ops: ['encrypt'] }] })).toMatchObject({
      ok: false,
    });
  });

  it('skips members that are not keys, refuses a set without any usable key', () => {
    expect(parseKeySet({ keys: [1, null, 'x', { kty: 'RSA' }, { kid: 'a' }] })).toMatchObject({
      ok: false,
    });
    expect(parseKeySet({ keys: [1, rsa.jwk] })).toMatchObject({ ok: true, usable: 1 });
    expect(parseKeySet([rsa.jwk])).toMatchObject({ ok: false });
  });
});

describe('keyProblem', () => {
  it('requires kty, curve, alg, use and key_ops to agree with the token algorithm', () => {
    const entry = (jwk: object) =>
      parsed({ keys: [JSON.parse(JSON.stringify(jwk)), { ...rsa.jwk, kid: 'anchor' }] })
        .values()
        .next().value?.[0] ?? expect.unreachable();
    expect(keyProblem(entry(rsa.jwk), 'RS256')).toBeUndefined();
    expect(keyProblem(entry({ ...rsa.jwk, alg: undefined }), 'PS256')).toBeUndefined();
    expect(keyProblem(entry(rsa.jwk), 'PS256')).toMatch(/another algorithm/);
    expect(keyProblem(entry(rsa.jwk), 'ES256')).toMatch(/key type/);
    expect(keyProblem(entry(ec.jwk), 'ES384')).toMatch(/curve|another algorithm/);
    expect(keyProblem(entry({ ...ec.jwk, alg: undefined }), 'ES384')).toMatch(/curve/);
    expect(keyProblem(entry({ ...rsa.jwk, use: 'enc' }), 'RS256')).toMatch(/signature key/);
    expect(keyProblem(entry({ ...rsa.jwk, key_ops: ['sign'] }), 'RS256')).toMatch(/verify/);
    expect(keyProblem(entry({ ...rsa.jwk, key_ops: ['verify'] }), 'RS256')).toBeUndefined();
  });
});

describe('cacheSeconds', () => {
  const bounds = DEFAULT_CACHE_BOUNDS;
  it.each([
    [null, null, 600],
    ['public, max-age=900', null, 900],
    ['max-age="900"', null, 900],
    ['MAX-AGE=900, must-revalidate', null, 900],
    ['s-maxage=10, max-age=900', null, 900],
    ['max-age=900', '300', 600],
    ['max-age=900', '1000', 60],
    ['max-age=5', null, 60],
    ['max-age=99999999', null, 86400],
    ['no-store', null, 60],
    ['no-cache, max-age=900', null, 60],
    ['private', null, 600],
    ['max-age=abc', null, 600],
    ['max-age=-5', null, 600],
  ])('%s (Age %s) → %i s', (cacheControl, age, expected) => {
    expect(cacheSeconds(cacheControl, age, bounds)).toBe(expected);
  });
});
