import { describe, expect, it } from 'vitest';
import { readVaultRole, simulateVault, type VaultRole, vaultGlob } from '../src/index.js';
import { compact, envInput, NOW, oidcInput, tokenFor, V1 } from './fixtures.js';

const token = tokenFor(envInput({ platform: 'vault' }));
const role = (over: Partial<VaultRole> = {}): VaultRole => ({
  role_type: 'jwt',
  user_claim: 'sub',
  bound_audiences: ['vault:acme'],
  bound_claims_type: 'glob',
  bound_claims: { sub: 'pulumi:environments:org:acme:env:infra/*' },
  ...over,
});
const sim = (r: VaultRole, t: unknown = token, now = NOW, mount = {}) =>
  simulateVault(t as Record<string, unknown>, { role: r, mount }, { now });

describe('simulateVault: the login pipeline', () => {
  it('accepts', () => {
    expect(sim(role())).toEqual({
      accepted: true,
      relyingParty: 'vault',
      principal: token.sub,
      notes: [],
    });
  });

  it.each<[string, Partial<VaultRole>, string]>([
    [
      'role_type defaults to oidc',
      { role_type: undefined },
      'role with oidc role_type is not allowed',
    ],
    [
      'bound_subject',
      { bound_subject: 'pulumi:environments:org:acme:env:infra/dev' },
      'error validating token: invalid subject (sub) claim',
    ],
    [
      'bound_audiences',
      { bound_audiences: ['acme'] },
      'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience',
    ],
    [
      'aud without bound_audiences',
      { bound_audiences: [] },
      'audience claim found in JWT but no audiences bound to the role',
    ],
    ['user_claim missing', { user_claim: 'repository' }, 'claim "repository" not found in token'],
    [
      'bound claim missing',
      { bound_claims: { project: 'infra' } },
      'error validating claims: claim "project" is missing',
    ],
    [
      'bound claim mismatch',
      { bound_claims: { sub: 'pulumi:environments:org:acme:env:web/*' } },
      'error validating claims: claim "sub" does not match any associated bound claim values',
    ],
    [
      '? is literal in glob',
      { bound_claims: { sub: 'pulumi:environments:org:acme:env:infra/pro?' } },
      'error validating claims: claim "sub" does not match any associated bound claim values',
    ],
    [
      'string mode is exact',
      {
        bound_claims_type: 'string',
        bound_claims: { sub: 'pulumi:environments:org:acme:env:infra/*' },
      },
      'error validating claims: claim "sub" does not match any associated bound claim values',
    ],
  ])('%s', (_n, over, message) => {
    const v = sim(role(over));
    expect(v.accepted || [v.code, v.message]).toEqual(['400', message]);
  });

  it('bound_issuer from the mount, and algorithms', () => {
    const v = sim(role(), token, NOW, { bound_issuer: `${V1}/` });
    expect(v.accepted || v.message).toBe('error validating token: invalid issuer (iss) claim');
    expect(sim(role(), token, NOW, { bound_issuer: V1 }).accepted).toBe(true);
    const es = sim(role(), compact(token, { alg: 'ES256', kid: 'k' }), NOW, {
      jwt_supported_algs: ['RS256'],
    });
    expect(es.accepted || es.message).toBe(
      'error validating token: invalid algorithm (alg) header parameter: token signed with unexpected algorithm',
    );
    // An empty list allows RS/ES/PS 256–512 and EdDSA on the login path.
    expect(sim(role(), compact(token, { alg: 'ES256', kid: 'k' }), NOW, {}).accepted).toBe(true);
  });

  it('clock_skew_leeway: 0 → 60 s, −1 → none, n → n', () => {
    const exp = token.exp as number;
    expect(sim(role(), token, exp + 60).accepted).toBe(true);
    const v = sim(role(), token, exp + 61);
    expect(v.accepted || v.message).toBe(
      'error validating token: invalid expiration time (exp) claim: token is expired',
    );
    expect(sim(role({ clock_skew_leeway: -1 }), token, exp + 1).accepted).toBe(false);
    expect(sim(role({ clock_skew_leeway: -1 }), token, exp).accepted).toBe(true);
    expect(sim(role({ clock_skew_leeway: 300 }), token, exp + 300).accepted).toBe(true);
    const nbf = sim(role(), { ...token, nbf: NOW + 61, iat: NOW }, NOW);
    expect(nbf.accepted || nbf.message).toBe(
      'error validating token: invalid not before (nbf) claim: token not yet valid',
    );
    const iat = sim(role(), { ...token, iat: NOW + 61, nbf: NOW }, NOW);
    expect(iat.accepted || iat.message).toBe(
      'error validating token: invalid issued at (iat) claim: token issued in the future',
    );
  });

  it('literal vs JSON-pointer claim keys', () => {
    const v2 = tokenFor(oidcInput({ audience: 'vault' }));
    const r = role({
      bound_audiences: ['vault'],
      bound_claims_type: 'string',
      bound_claims: { 'https://pulumi.com/org': 'acme' },
    });
    expect(sim(r, v2).accepted).toBe(true);
    const nested = { ...token, ctx: { team: 'infra' } };
    expect(
      sim(role({ bound_claims_type: 'string', bound_claims: { '/ctx/team': 'infra' } }), nested)
        .accepted,
    ).toBe(true);
    expect(
      sim(role({ bound_claims_type: 'string', bound_claims: { 'ctx/team': 'infra' } }), nested)
        .accepted,
    ).toBe(false);
  });

  it('non-string bound claims compare by type', () => {
    const d = { ...token, flag: true, n: 42 };
    expect(
      sim(role({ bound_claims_type: 'string', bound_claims: { flag: true, n: 42 } }), d).accepted,
    ).toBe(true);
    expect(
      sim(role({ bound_claims_type: 'string', bound_claims: { flag: 'true' } }), d).accepted,
    ).toBe(false);
    expect(sim(role({ bound_claims_type: 'string', bound_claims: { n: '42' } }), d).accepted).toBe(
      false,
    );
    expect(
      sim(role({ bound_claims_type: 'string', bound_claims: { org: ['other', 'acme'] } })).accepted,
    ).toBe(true);
  });

  it('reads vault read -format=json output (data, comma lists)', () => {
    const r = readVaultRole(
      JSON.stringify({
        request_id: 'x',
        data: {
          role_type: 'jwt',
          bound_audiences: 'vault:acme',
          user_claim: 'sub',
          bound_claims: { org: 'acme' },
        },
      }),
    );
    expect(r.bound_audiences).toEqual(['vault:acme']);
    expect(sim(r).accepted).toBe(true);
    expect(() => readVaultRole('{"data":{"bound_claims":"x"}}', 'role.json')).toThrow(
      'role.json /data/bound_claims: expected an object',
    );
  });

  it.each([
    ['role_type', { toString: null }, 'expected a string'],
    ['bound_subject', ['a'], 'expected a string'],
    ['bound_claims_type', 1, 'expected a string'],
    ['user_claim', {}, 'expected a string'],
    ['user_claim_json_pointer', 'true', 'expected a boolean'],
    ['clock_skew_leeway', '60s', 'expected a number'],
  ])('refuses a role whose %s is not what vault read prints (%j)', (key, value, message) => {
    const text = JSON.stringify({
      data: { role_type: 'jwt', bound_audiences: ['a'], [key]: value },
    });
    expect(() => readVaultRole(text, 'role.json')).toThrow(`role.json /data/${key}: ${message}`);
    // The bare data object too, with the pointer at its root; null is "unset".
    expect(() => readVaultRole(JSON.stringify({ [key]: value }), 'role.json')).toThrow(
      `role.json /${key}: ${message}`,
    );
    expect(readVaultRole(JSON.stringify({ [key]: null }))).not.toHaveProperty(key);
  });
});

describe('vaultGlob: go-glob, quirks included', () => {
  it.each([
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['abc', 'abc', true],
    ['a?c', 'abc', false],
    ['a?c', 'a?c', true],
    ['ab*', 'abc', true],
    ['*bc', 'abc', true],
    ['a*c', 'abc', true],
    ['a*c', 'ab', false],
    ['ab*b', 'ab', true], // the overlap quirk: the prefix is not consumed
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    [
      'pulumi:environments:org:acme:env:infra/*',
      'pulumi:environments:org:acme:env:infra/prod',
      true,
    ],
    ['pulumi:*:org:acme:*', 'pulumi:deploy:org:acme:project:x', true],
    ['x*y*z', 'xzy', false],
  ])('%j ~ %j = %s', (pattern, subject, want) => {
    expect(vaultGlob(pattern, subject)).toBe(want);
  });
});
