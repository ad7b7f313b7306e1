import { COMPONENT_RULES, checkComponent, describeChar } from './components.js';
import { type ClaimIssue, ClaimsError, summarizeIssues } from './errors.js';
import type { NamespaceOptions } from './inputs.js';
import { describeType, isPlainObject } from './shape.js';

export const DEFAULT_SUBJECT_NAMESPACE = 'pulumi';
export const DEFAULT_CLAIM_NAMESPACE = 'https://pulumi.com/';
export const CLAIM_NAMESPACE_MAX_LENGTH = 200;

export interface ResolvedNamespaces {
  readonly subject: string;
  readonly claim: string;
}

const DEFAULTS: ResolvedNamespaces = Object.freeze({
  subject: DEFAULT_SUBJECT_NAMESPACE,
  claim: DEFAULT_CLAIM_NAMESPACE,
});
const resolvedCache = new Map<unknown, Map<unknown, ResolvedNamespaces>>();
const MAX_CACHED_PAIRS = 64;

function claimNamespaceIssues(value: string): ClaimIssue[] {
  const path = 'claimNamespace';
  const fail = (code: string, why: string): ClaimIssue[] => [
    {
      path,
      code,
      message: `claimNamespace ${why}; it must be an https URL ending in '/', without query, fragment or credentials, written exactly as the URL parser writes it (e.g. 'https://pulumi.com/')`,
    },
  ];
  if (value.length > CLAIM_NAMESPACE_MAX_LENGTH) {
    return fail(
      'too_long',
      `must be at most ${CLAIM_NAMESPACE_MAX_LENGTH} characters (got ${value.length})`,
    );
  }
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x21 || cp > 0x7e)
      return fail('invalid_characters', `must not contain ${describeChar(char)}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('invalid_format', 'is not a URL');
  }
  if (url.protocol !== 'https:') return fail('invalid_format', 'must use https');
  if (url.username || url.password) return fail('invalid_format', 'must not contain credentials');
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    return fail('invalid_format', 'must not have a query or fragment');
  }
  if (!value.endsWith('/')) return fail('invalid_format', "must end with '/'");
  // Claim names are compared byte for byte: refuse anything the parser would rewrite.
  if (url.href !== value) return fail('invalid_format', 'is not in canonical form');
  return [];
}

/** Validates namespace options; throws `ClaimsError('invalid_namespace')` listing every problem. */
export function resolveNamespaces(options?: NamespaceOptions): ResolvedNamespaces {
  if (options === undefined) return DEFAULTS;
  const issues: ClaimIssue[] = [];
  if (!isPlainObject(options as unknown)) {
    const message = `namespace options must be an object, got ${describeType(options)}`;
    throw new ClaimsError('invalid_namespace', message, [
      { path: '', code: 'invalid_type', message },
    ]);
  }
  const subjectNamespace: unknown = options.subjectNamespace;
  const claimNamespace: unknown = options.claimNamespace;
  if (subjectNamespace === undefined && claimNamespace === undefined) return DEFAULTS;
  // Validation is a pure function of the two strings: remember the pairs that passed (the
  // verifier resolves the same configured pair for every token; a claim namespace costs a URL parse).
  // Keyed by the exact values (Map keys compare with SameValueZero; `undefined` is its own key).
  const bySubject = resolvedCache.get(subjectNamespace);
  const cached = bySubject?.get(claimNamespace);
  if (cached !== undefined) return cached;
  if (subjectNamespace !== undefined) {
    if (typeof subjectNamespace !== 'string') {
      issues.push({
        path: 'subjectNamespace',
        code: 'invalid_type',
        message: `subjectNamespace must be a string, got ${describeType(subjectNamespace)}`,
      });
    } else {
      issues.push(
        ...checkComponent(subjectNamespace, COMPONENT_RULES.subjectNamespace, 'subjectNamespace'),
      );
    }
  }
  if (claimNamespace !== undefined) {
    if (typeof claimNamespace !== 'string') {
      issues.push({
        path: 'claimNamespace',
        code: 'invalid_type',
        message: `claimNamespace must be a string, got ${describeType(claimNamespace)}`,
      });
    } else {
      issues.push(...claimNamespaceIssues(claimNamespace));
    }
  }
  if (issues.length > 0) {
    throw new ClaimsError(
      'invalid_namespace',
      summarizeIssues('invalid namespace options', issues),
      issues,
    );
  }
  const resolved: ResolvedNamespaces = Object.freeze({
    subject: (subjectNamespace as string | undefined) ?? DEFAULT_SUBJECT_NAMESPACE,
    claim: (claimNamespace as string | undefined) ?? DEFAULT_CLAIM_NAMESPACE,
  });
  if (resolvedCache.size >= MAX_CACHED_PAIRS) resolvedCache.clear();
  const claims = resolvedCache.get(subjectNamespace) ?? new Map<unknown, ResolvedNamespaces>();
  if (claims.size >= MAX_CACHED_PAIRS) claims.clear();
  claims.set(claimNamespace, resolved);
  resolvedCache.set(subjectNamespace, claims);
  return resolved;
}
