import {
  type ComponentRule,
  checkComponent,
  checkEnvironmentPath,
  isValidComponent,
  isValidEnvironmentPath,
} from './components.js';
import type { ClaimIssue } from './errors.js';
import { describeType, getOwn, type JsonObject } from './shape.js';

export type Issues = ClaimIssue[];

// Messages here never repeat claim values: the payload is unverified and may reach logs.

export function stringClaim(
  p: JsonObject,
  name: string,
  issues: Issues,
  required = true,
): string | undefined {
  const value = getOwn(p, name);
  if (value === undefined) {
    if (required)
      issues.push({ path: name, code: 'required', message: `claim ${name} is required` });
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.push({
      path: name,
      code: 'invalid_type',
      message: `claim ${name} must be a string, got ${describeType(value)}`,
    });
    return undefined;
  }
  if (value.length === 0) {
    issues.push({ path: name, code: 'too_short', message: `claim ${name} must not be empty` });
    return undefined;
  }
  return value;
}

export function numericDate(p: JsonObject, name: string, issues: Issues): void {
  const value = getOwn(p, name);
  if (value === undefined) {
    issues.push({
      path: name,
      code: 'required',
      message: `claim ${name} is required (integer seconds since the epoch)`,
    });
  } else if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    issues.push({
      path: name,
      code: 'invalid_type',
      message: `claim ${name} must be an integer number of seconds, got ${typeof value === 'number' ? 'a non-integer or non-finite number' : describeType(value)}`,
    });
  } else if (value < 0 || value > Number.MAX_SAFE_INTEGER) {
    issues.push({
      path: name,
      code: 'out_of_range',
      message: `claim ${name} must be between 0 and ${Number.MAX_SAFE_INTEGER}`,
    });
  }
}

export function audience(p: JsonObject, issues: Issues): string[] | undefined {
  const value = getOwn(p, 'aud');
  if (value === undefined) {
    issues.push({ path: 'aud', code: 'required', message: 'claim aud is required' });
    return undefined;
  }
  if (typeof value === 'string') {
    if (value.length > 0) return [value];
    issues.push({ path: 'aud', code: 'too_short', message: 'claim aud must not be empty' });
    return undefined;
  }
  if (!Array.isArray(value)) {
    issues.push({
      path: 'aud',
      code: 'invalid_type',
      message: `claim aud must be a string or a non-empty array of strings, got ${describeType(value)}`,
    });
    return undefined;
  }
  if (value.length === 0) {
    issues.push({
      path: 'aud',
      code: 'too_short',
      message: 'claim aud must not be an empty array',
    });
    return undefined;
  }
  const bad = value.findIndex((a) => typeof a !== 'string' || a.length === 0);
  if (bad >= 0) {
    issues.push({
      path: `aud[${bad}]`,
      code: 'invalid_type',
      message: `claim aud[${bad}] must be a non-empty string`,
    });
    return undefined;
  }
  return value as string[];
}

export function component(
  p: JsonObject,
  name: string,
  rule: ComponentRule,
  issues: Issues,
  required = true,
): string | undefined {
  const value = stringClaim(p, name, issues, required);
  if (value === undefined || isValidComponent(value, rule)) return value;
  const found = checkComponent(value, rule, name, `claim ${name}`);
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}

export function environmentPath(p: JsonObject, name: string, issues: Issues): string | undefined {
  const value = stringClaim(p, name, issues);
  if (value === undefined || isValidEnvironmentPath(value)) return value;
  const found = checkEnvironmentPath(value, name, `claim ${name}`);
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}

export function agree(issues: Issues, path: string, a: unknown, b: unknown, what: string): void {
  if (a !== undefined && b !== undefined && a !== b) {
    issues.push({ path, code: 'mismatch', message: what });
  }
}

export function checkAudienceIs(
  issues: Issues,
  aud: string[] | undefined,
  expected: string[],
  what: string,
): void {
  if (aud === undefined || expected.length === 0) return;
  for (const a of aud) if (expected.includes(a)) return;
  issues.push({ path: 'aud', code: 'mismatch', message: what });
}

/** `aud` contains `<platform>:<org>` for some known platform (without building every candidate). */
export function checkAudienceIsPlatformOf(
  issues: Issues,
  aud: string[] | undefined,
  org: string,
  platforms: readonly string[],
  what: string,
): void {
  if (aud === undefined || platforms.length === 0) return;
  for (const a of aud) {
    // Platform names contain no ':', so the first ':' is the separator.
    const colon = a.indexOf(':');
    if (colon > 0 && platforms.includes(a.slice(0, colon)) && a.slice(colon + 1) === org) return;
  }
  issues.push({ path: 'aud', code: 'mismatch', message: what });
}
