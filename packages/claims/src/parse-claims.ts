import { audience, numericDate, stringClaim } from './claim-fields.js';
import { RUN_ID_CLAIM, type StandardClaims } from './claims.js';
import { type ClaimIssue, ClaimsError, summarizeIssues } from './errors.js';
import type { NamespaceOptions } from './inputs.js';
import { deploymentClaims, environmentClaims, oidcClaims } from './kind-claims.js';
import { isTokenKind, TOKEN_KINDS, type TokenKind } from './kinds.js';
import { resolveNamespaces } from './namespaces.js';
import { checkSubjectIn, type ParsedSubject } from './parse-subject.js';
import { describeType, isPlainObject } from './shape.js';

const NUMERIC_DATES = ['iat', 'nbf', 'exp'] as const;

export type ParsedClaims = {
  kind: TokenKind;
  claims: StandardClaims & Record<string, unknown>;
  subject: ParsedSubject;
};

export type ParseClaimsResult =
  | { ok: true; value: ParsedClaims }
  | { ok: false; issues: ClaimIssue[] };

export interface ParseClaimsOptions extends NamespaceOptions {
  /** The expected kind; otherwise it is recognised from the subject. */
  kind?: TokenKind;
}

/**
 * Type-checks an unverified claims object (for the verifier): the standard claims, the kind's custom
 * claims, and their consistency with `sub` and `aud`. Never throws for bad payloads; throws
 * `ClaimsError('invalid_namespace')` only for invalid options. Claims it does not know are kept.
 */
export function parseClaims(payload: unknown, options?: ParseClaimsOptions): ParseClaimsResult {
  const expectedKind = options?.kind;
  // Namespaces are read from `options` itself (it may carry `kind` too): no copy per call.
  const ns = resolveNamespaces(
    options === undefined || isPlainObject(options) ? options : optionsCopy(options),
  );
  const issues: ClaimIssue[] = [];
  if (!isPlainObject(payload)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          code: 'invalid_type',
          message: `claims must be a JSON object, got ${describeType(payload)}`,
        },
      ],
    };
  }
  if (expectedKind !== undefined && !isTokenKind(expectedKind)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          code: 'not_allowed',
          message: `options.kind must be one of ${TOKEN_KINDS.join(', ')}`,
        },
      ],
    };
  }
  if (Object.hasOwn(payload, '__proto__')) {
    issues.push({
      path: '__proto__',
      code: 'not_allowed',
      message: 'a claim named __proto__ is never valid',
    });
  }
  stringClaim(payload, 'iss', issues);
  const sub = stringClaim(payload, 'sub', issues);
  const aud = audience(payload, issues);
  for (const name of NUMERIC_DATES) numericDate(payload, name, issues);
  stringClaim(payload, 'jti', issues);
  stringClaim(payload, RUN_ID_CLAIM, issues, false);

  let subject: ParsedSubject | undefined;
  if (sub !== undefined) {
    const parsed = checkSubjectIn(sub, ns.subject);
    if (parsed.ok) subject = parsed.value;
    else issues.push(...parsed.issues);
  }
  const kind = expectedKind ?? subject?.kind;
  if (expectedKind !== undefined && subject !== undefined && subject.kind !== expectedKind) {
    issues.push({
      path: 'sub',
      code: 'mismatch',
      message: `sub is a ${subject.kind} subject, expected a ${expectedKind} subject`,
    });
  }
  if (kind === 'deployment') deploymentClaims(payload, subject, aud, issues);
  else if (kind === 'environment') environmentClaims(payload, subject, aud, issues);
  else if (kind === 'oidc') oidcClaims(payload, ns.claim, subject, aud, issues);
  else if (sub !== undefined && issues.every((i) => i.path !== 'sub')) {
    issues.push({
      path: 'sub',
      code: 'invalid_format',
      message: 'cannot recognise the token kind from sub; pass options.kind',
    });
  }

  if (issues.length > 0 || kind === undefined || subject === undefined) {
    return { ok: false, issues };
  }
  const claims = { ...payload, aud: Array.isArray(payload.aud) ? [...payload.aud] : payload.aud };
  return { ok: true, value: { kind, claims: claims as ParsedClaims['claims'], subject } };
}

/** Options that are not a plain object: their own enumerable members, as before (`undefined` stays). */
function optionsCopy(options: ParseClaimsOptions | undefined): NamespaceOptions {
  const { kind: _kind, ...namespaceOptions } = options ?? {};
  return namespaceOptions;
}

/** `parseClaims` that throws `ClaimsError('invalid_claims')` listing every issue instead of returning them. */
export function parseClaimsOrThrow(payload: unknown, options?: ParseClaimsOptions): ParsedClaims {
  const result = parseClaims(payload, options);
  if (!result.ok) {
    throw new ClaimsError(
      'invalid_claims',
      summarizeIssues('invalid claims', result.issues),
      result.issues,
    );
  }
  return result.value;
}
