import type { ClaimIssue } from './errors.js';

/**
 * The character allow-list of one kind of subject component. Every component that reaches a
 * subject uses one of these: no `:`, `*`, `?`, `/`, whitespace, control or non-ASCII character can
 * appear, so no value can forge or move a segment (security.md, "Subjects are injective").
 */
export interface ComponentRule {
  /** Human label used in messages. */
  readonly label: string;
  readonly maxLength: number;
  /** Letters must be lower case (org names: AWS compares `aud` case-sensitively). */
  readonly lowerCase: boolean;
}

export const COMPONENT_RULES = Object.freeze({
  org: { label: 'organization name', maxLength: 64, lowerCase: true },
  project: { label: 'project name', maxLength: 100, lowerCase: false },
  stack: { label: 'stack name', maxLength: 100, lowerCase: false },
  environment: { label: 'environment name', maxLength: 100, lowerCase: false },
  login: { label: 'user login', maxLength: 64, lowerCase: false },
  id: { label: 'id', maxLength: 128, lowerCase: false },
  subjectNamespace: { label: 'subject namespace', maxLength: 64, lowerCase: false },
} as const satisfies Record<string, ComponentRule>);

export type ComponentRuleName = keyof typeof COMPONENT_RULES;

/** `<project>/<env>`: the only place a `/` may appear, exactly once. */
export const ENVIRONMENT_PATH_MAX_LENGTH =
  COMPONENT_RULES.project.maxLength + 1 + COMPONENT_RULES.environment.maxLength;

/** Audience of `oidc` tokens: one string of visible ASCII (U+0021–U+007E), 1–512 bytes. */
export const AUDIENCE_MAX_LENGTH = 512;

const ALLOWED_TEXT =
  "letters A-Z a-z, digits 0-9, '.', '_' and '-', starting with a letter or digit";
const ALLOWED_LOWER_TEXT =
  "lower-case letters a-z, digits 0-9, '.', '_' and '-', starting with a letter or digit";

/** JSON Schema / ECMAScript pattern (anchored) for a component; the hand validator agrees with it. */
export function componentPattern(rule: ComponentRule): string {
  return `^${componentFragment(rule)}$`;
}

/** Unanchored fragment, for composing subject patterns. */
export function componentFragment(rule: ComponentRule): string {
  const cls = rule.lowerCase ? 'a-z0-9' : 'A-Za-z0-9';
  return `[${cls}][${cls}._-]{0,${rule.maxLength - 1}}`;
}

export function environmentPathFragment(): string {
  return `${componentFragment(COMPONENT_RULES.project)}/${componentFragment(COMPONENT_RULES.environment)}`;
}

export function allowedText(rule: ComponentRule): string {
  return rule.lowerCase ? ALLOWED_LOWER_TEXT : ALLOWED_TEXT;
}

function isNameChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x2d
  );
}

function isAlnum(code: number): boolean {
  return isNameChar(code) && code !== 0x2e && code !== 0x5f && code !== 0x2d;
}

/** Names one character without echoing the surrounding value: `':'` or `U+0020`. */
export function describeChar(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp >= 0x21 && cp <= 0x7e ? `'${char}'` : hex;
}

/**
 * `value[start, end)` satisfies the rule: exactly when `checkComponent` finds no issue. One pass
 * over char codes, no allocation (the hot path of every claim and subject check).
 */
function isValidRange(value: string, start: number, end: number, rule: ComponentRule): boolean {
  const length = end - start;
  if (length === 0 || length > rule.maxLength || !isAlnum(value.charCodeAt(start))) return false;
  const lowerCase = rule.lowerCase;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (!isNameChar(code) || (lowerCase && code >= 0x41 && code <= 0x5a)) return false;
  }
  return true;
}

/** Whether `checkComponent(value, rule, …)` would return no issue, without building any. */
export function isValidComponent(value: string, rule: ComponentRule): boolean {
  return isValidRange(value, 0, value.length, rule);
}

/** Whether `checkEnvironmentPath(value, …)` would return no issue, without building any. */
export function isValidEnvironmentPath(value: string): boolean {
  const slash = value.indexOf('/');
  return (
    slash >= 0 &&
    value.indexOf('/', slash + 1) < 0 &&
    isValidRange(value, 0, slash, COMPONENT_RULES.project) &&
    isValidRange(value, slash + 1, value.length, COMPONENT_RULES.environment)
  );
}

const NO_ISSUES: readonly ClaimIssue[] = Object.freeze([]);

/**
 * Checks one component against its rule. Returns every applicable issue (length and characters
 * are independent), never a normalised value: callers reject, they never fix. The result may be
 * a shared frozen empty array: read it, never push to it.
 */
export function checkComponent(
  value: string,
  rule: ComponentRule,
  path: string,
  label: string = path || rule.label,
): readonly ClaimIssue[] {
  if (isValidComponent(value, rule)) return NO_ISSUES;
  const issues: ClaimIssue[] = [];
  if (value.length === 0) {
    const allowed = `${rule.maxLength} characters at most: ${allowedText(rule)}`;
    issues.push({ path, code: 'too_short', message: `${label} must not be empty (${allowed})` });
    return issues;
  }
  if (value.length > rule.maxLength) {
    issues.push({
      path,
      code: 'too_long',
      message: `${label} must be at most ${rule.maxLength} characters (got ${value.length})`,
    });
  }
  let index = 0;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (!isNameChar(code)) {
      issues.push({
        path,
        code: 'invalid_characters',
        message: `${label} must not contain ${describeChar(char)} (at index ${index}); allowed: ${allowedText(rule)}`,
      });
      return issues;
    }
    index += char.length;
  }
  if (!isAlnum(value.charCodeAt(0))) {
    issues.push({
      path,
      code: 'invalid_characters',
      message: `${label} must start with a letter or digit (not ${describeChar(value[0] ?? '')}); allowed: ${allowedText(rule)}`,
    });
    return issues;
  }
  if (rule.lowerCase && /[A-Z]/.test(value)) {
    issues.push({
      path,
      code: 'invalid_case',
      message: `${label} must be lower case: audiences and subjects are compared case-sensitively, so it is never lower-cased for you; use the lower-case name`,
    });
  }
  return issues;
}

/** `<project>/<env>` with exactly one `/`; each side checked with its own rule. */
export function checkEnvironmentPath(
  value: string,
  path: string,
  label: string = path,
): readonly ClaimIssue[] {
  if (isValidEnvironmentPath(value)) return NO_ISSUES;
  const parts = value.split('/');
  if (parts.length !== 2) {
    return [
      {
        path,
        code: 'invalid_format',
        message: `${label} must be "<project>/<environment>" with exactly one '/' (found ${parts.length - 1})`,
      },
    ];
  }
  const [project = '', env = ''] = parts;
  return [
    ...checkComponent(project, COMPONENT_RULES.project, path, `${label} (project part)`),
    ...checkComponent(env, COMPONENT_RULES.environment, path, `${label} (environment part)`),
  ];
}

/** Visible ASCII only (so bytes = characters), within the length cap: no issue to build. */
function isValidAudience(value: string): boolean {
  const length = value.length;
  if (length === 0 || length > AUDIENCE_MAX_LENGTH) return false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

export function checkAudience(value: string, path: string): readonly ClaimIssue[] {
  if (isValidAudience(value)) return NO_ISSUES;
  if (value.length === 0) {
    return [
      {
        path,
        code: 'too_short',
        message: `${path} must not be empty (1-${AUDIENCE_MAX_LENGTH} bytes of visible ASCII)`,
      },
    ];
  }
  const issues: ClaimIssue[] = [];
  const bytes = utf8Length(value);
  if (bytes > AUDIENCE_MAX_LENGTH) {
    issues.push({
      path,
      code: 'too_long',
      message: `${path} must be at most ${AUDIENCE_MAX_LENGTH} bytes (got ${bytes})`,
    });
  }
  let index = 0;
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x21 || cp > 0x7e) {
      const blank = value.trim().length === 0 ? ' (it is blank)' : '';
      issues.push({
        path,
        code: 'invalid_characters',
        message: `${path} must not contain ${describeChar(char)} (at index ${index})${blank}; allowed: visible ASCII U+0021-U+007E, no whitespace or control characters`,
      });
      break;
    }
    index += char.length;
  }
  return issues;
}

/** UTF-8 byte length without depending on Node's Buffer (the SDK may run elsewhere). */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
