import {
  ISSUER_OF_KIND,
  type IssuerVersion,
  type NamespaceOptions,
  type ParsedClaims,
  parseClaims,
  type TokenKind,
} from '@runid/claims';
import { failure, type VerifyFailure } from './errors.js';

const MAX_LISTED_ISSUES = 10;

export interface RunIdClaimRules {
  readonly version: IssuerVersion | undefined;
  readonly options: NamespaceOptions & { kind?: TokenKind };
}

export function runIdClaimRules(
  version: IssuerVersion | undefined,
  namespaces: NamespaceOptions,
): RunIdClaimRules {
  // The v2 issuer mints only `oidc` tokens; the v1 issuer's kind is read from the subject.
  return { version, options: version === 'v2' ? { ...namespaces, kind: 'oidc' } : namespaces };
}

/**
 * Validates a verified payload as a RunID token through `@runid/claims` and checks the recognised
 * kind belongs to this issuer (v1: deployment, environment; v2: oidc).
 */
export function checkRunIdClaims(
  payload: Record<string, unknown>,
  rules: RunIdClaimRules,
): ParsedClaims | VerifyFailure {
  const parsed = parseClaims(payload, rules.options);
  if (!parsed.ok) {
    const listed = parsed.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => issue.message);
    const more = parsed.issues.length > MAX_LISTED_ISSUES ? '; …' : '';
    return failure(
      'claims_invalid',
      `the token claims are not valid RunID claims: ${listed.join('; ')}${more}`,
      parsed.issues,
    );
  }
  const { kind } = parsed.value;
  if (rules.version !== undefined && ISSUER_OF_KIND[kind] !== rules.version) {
    return failure(
      'claims_invalid',
      `a ${kind} token must come from the ${ISSUER_OF_KIND[kind]} issuer, not the ${rules.version} issuer`,
    );
  }
  return parsed.value;
}
