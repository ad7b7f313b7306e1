import { TrustInputError } from '../errors.js';
import { vaultGlob } from '../glob.js';
import { parseToken, type TokenSource } from '../token.js';
import {
  accepted,
  audiences,
  epochSeconds,
  numericClaim,
  pointer,
  refused,
  type SimulateOptions,
  type Verdict,
} from '../types.js';
import type { VaultTarget } from './config.js';

const VALIDATING = 'error validating token: ';

export interface VaultSimulateOptions extends SimulateOptions {
  /** The role name used at login (only for messages). */
  roleName?: string;
}

/** `clock_skew_leeway`: 0 means the default 60 s, −1 means none. */
export function vaultLeeway(value: number | undefined): number {
  if (value === undefined || value === 0) return 60;
  if (value < 0) return 0;
  return value;
}

/** Resolves a `bound_claims` / `user_claim` key: a leading `/` is a JSON pointer, else a literal key. */
export function vaultClaim(
  claims: Readonly<Record<string, unknown>>,
  key: string,
  pointerMode: boolean,
): unknown {
  if (!pointerMode) return Object.hasOwn(claims, key) ? claims[key] : undefined;
  let cur: unknown = claims;
  for (const raw of key.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, token)) return undefined;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}

/** Go equality after encoding/json with UseNumber: numbers compare as their text, `"true"` ≠ `true`. */
function goEqual(bound: unknown, actual: unknown): boolean {
  if (typeof bound === 'number' && typeof actual === 'number')
    return String(bound) === String(actual);
  return typeof bound === typeof actual && bound === actual;
}

/** Would `vault write auth/<mount>/login role=<r> jwt=<token>` succeed? Order as in path_login.go. */
export function simulateVault(
  token: TokenSource,
  target: VaultTarget,
  options: VaultSimulateOptions,
): Verdict {
  const now = epochSeconds(options.now);
  const { role, mount = {} } = target;
  const fail = (
    stage: Parameters<typeof refused>[1],
    message: string,
    path: string,
    expected: unknown,
    actual: unknown,
    hint: string,
  ) => refused('vault', stage, '400', message, { path, expected, actual }, hint);
  let claims: Readonly<Record<string, unknown>>;
  let header: Readonly<Record<string, unknown>> | undefined;
  try {
    ({ claims, header } = parseToken(token));
  } catch (error) {
    if (!(error instanceof TrustInputError)) throw error;
    return fail(
      'token',
      'error validating token: failed to parse JWT',
      '',
      'a compact JWT',
      error.message,
      'Pass the token exactly as issued.',
    );
  }
  if ((role.role_type ?? 'oidc') !== 'jwt') {
    return fail(
      'registration',
      'role with oidc role_type is not allowed',
      '/role_type',
      'jwt',
      role.role_type ?? 'oidc (default)',
      'Set role_type=jwt (it defaults to oidc).',
    );
  }
  const algs = mount.jwt_supported_algs ?? [];
  const alg = header?.alg;
  const allowedAlgs =
    algs.length > 0
      ? algs
      : ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA'];
  if (typeof alg === 'string' && !allowedAlgs.includes(alg)) {
    return fail(
      'claims',
      `${VALIDATING}invalid algorithm (alg) header parameter: token signed with unexpected algorithm`,
      '/jwt_supported_algs',
      allowedAlgs,
      alg,
      `Add ${alg} to the mount's jwt_supported_algs.`,
    );
  }
  if (mount.bound_issuer && claims.iss !== mount.bound_issuer) {
    return fail(
      'registration',
      `${VALIDATING}invalid issuer (iss) claim`,
      '/bound_issuer',
      mount.bound_issuer,
      claims.iss,
      `Set the mount's bound_issuer to ${String(claims.iss)} exactly.`,
    );
  }
  if (role.bound_subject && claims.sub !== role.bound_subject) {
    return fail(
      'policy',
      `${VALIDATING}invalid subject (sub) claim`,
      '/bound_subject',
      role.bound_subject,
      claims.sub,
      `bound_subject is compared exactly; the token's sub is ${String(claims.sub)}.`,
    );
  }
  const aud = audiences(claims) ?? [];
  const bound = role.bound_audiences ?? [];
  if (bound.length > 0 && !bound.some((b) => aud.includes(b))) {
    return fail(
      'audience',
      `${VALIDATING}invalid audience (aud) claim: audience claim does not match any expected audience`,
      '/bound_audiences',
      bound,
      claims.aud,
      `Add ${aud[0] ?? '?'} to bound_audiences, or mint the token for ${bound[0]}.`,
    );
  }
  const leeway = vaultLeeway(role.clock_skew_leeway);
  const exp = numericClaim(claims, 'exp');
  const nbf = numericClaim(claims, 'nbf');
  const iat = numericClaim(claims, 'iat');
  if (exp === undefined && nbf === undefined && iat === undefined) {
    return fail(
      'claims',
      `${VALIDATING}no issue time (iat), not before time (nbf), or expiration time (exp) claims in token`,
      '/exp',
      'iat, nbf or exp',
      undefined,
      'Mint a token with exp.',
    );
  }
  if (exp !== undefined && now > exp + leeway) {
    return fail(
      'claims',
      `${VALIDATING}invalid expiration time (exp) claim: token is expired`,
      '/clock_skew_leeway',
      `now ≤ exp + ${leeway}`,
      { now, exp },
      'Mint a fresh token right before login.',
    );
  }
  if (nbf !== undefined && now + leeway < nbf) {
    return fail(
      'claims',
      `${VALIDATING}invalid not before (nbf) claim: token not yet valid`,
      '/clock_skew_leeway',
      `nbf ≤ now + ${leeway}`,
      { now, nbf },
      'Check the clocks, or raise clock_skew_leeway.',
    );
  }
  if (iat !== undefined && now + leeway < iat) {
    return fail(
      'claims',
      `${VALIDATING}invalid issued at (iat) claim: token issued in the future`,
      '/clock_skew_leeway',
      `iat ≤ now + ${leeway}`,
      { now, iat },
      'Check the clocks, or raise clock_skew_leeway.',
    );
  }
  if (bound.length === 0 && aud.length > 0) {
    return fail(
      'audience',
      'audience claim found in JWT but no audiences bound to the role',
      '/bound_audiences',
      [],
      claims.aud,
      `Set bound_audiences=${aud[0]}.`,
    );
  }
  const userClaim = role.user_claim ?? 'sub';
  const user = vaultClaim(claims, userClaim, role.user_claim_json_pointer === true);
  if (user === undefined) {
    return fail(
      'policy',
      `claim "${userClaim}" not found in token`,
      '/user_claim',
      userClaim,
      undefined,
      'Set user_claim to a claim every token has (e.g. sub or org).',
    );
  }
  if (typeof user !== 'string' && typeof user !== 'number' && typeof user !== 'boolean') {
    return fail(
      'policy',
      `claim "${userClaim}" could not be converted to string`,
      '/user_claim',
      userClaim,
      user,
      'Choose a string claim for user_claim.',
    );
  }
  const glob = role.bound_claims_type === 'glob';
  for (const [key, want] of Object.entries(role.bound_claims ?? {})) {
    const path = pointer('bound_claims', key);
    const value = vaultClaim(claims, key, key.startsWith('/'));
    if (value === undefined) {
      return fail(
        'policy',
        `error validating claims: claim "${key}" is missing`,
        path,
        want,
        undefined,
        key.startsWith('/')
          ? 'The JSON pointer finds nothing in the token.'
          : `The token has no claim named ${key} (keys are literal unless they start with /).`,
      );
    }
    const wanted = Array.isArray(want) ? want : [want];
    const actuals = Array.isArray(value) ? value : [value];
    const ok = actuals.some((a) =>
      wanted.some((w) =>
        glob ? typeof w === 'string' && typeof a === 'string' && vaultGlob(w, a) : goEqual(w, a),
      ),
    );
    if (!ok) {
      return fail(
        'policy',
        `error validating claims: claim "${key}" does not match any associated bound claim values`,
        path,
        want,
        value,
        glob
          ? `No glob of bound_claims.${key} matches ${JSON.stringify(value)} (only * is special; ? is literal).`
          : `bound_claims.${key} compares exactly and by type ("true" is not true); the token has ${JSON.stringify(value)}.`,
      );
    }
  }
  return accepted('vault', String(user), []);
}
