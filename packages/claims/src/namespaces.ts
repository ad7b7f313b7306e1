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
  if (options === undefined) {
    return { subject: DEFAULT_SUBJECT_NAMESPACE, claim: DEFAULT_CLAIM_NAMESPACE };
  }
  const issues: ClaimIssue[] = [];
  if (!isPlainObject(options as unknown)) {
    const message = `namespace options must be an object, got ${describeType(options)}`;
    throw new ClaimsError('invalid_namespace', message, [
      { path: '', code: 'invalid_type', message },
    ]);
  }
  const subjectNamespace: unknown = options.subjectNamespace;
  const claimNamespace: unknown = options.claimNamespace;
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
  return {
    subject: options.subjectNamespace ?? DEFAULT_SUBJECT_NAMESPACE,
    claim: options.claimNamespace ?? DEFAULT_CLAIM_NAMESPACE,
  };
}
