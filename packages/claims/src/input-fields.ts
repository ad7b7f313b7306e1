import {
  type ComponentRule,
  checkAudience,
  checkComponent,
  checkEnvironmentPath,
} from './components.js';
import { durationProblem } from './duration.js';
import type { ClaimIssue } from './errors.js';
import { isSubjectAttribute, SUBJECT_ATTRIBUTES, type SubjectAttribute } from './kinds.js';
import {
  checkObject,
  describeType,
  getOwn,
  type JsonObject,
  joinPath,
  readString,
} from './shape.js';

// Readers for one field of an untrusted input: push every issue, return the value only when valid.

export type Issues = ClaimIssue[];

export function component(
  obj: JsonObject,
  key: string,
  path: string,
  rule: ComponentRule,
  issues: Issues,
  required = true,
): string | undefined {
  const value = readString(obj, key, path, issues, required);
  if (value === undefined) return undefined;
  const found = checkComponent(value, rule, joinPath(path, key));
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}

export function environmentPath(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  required = true,
): string | undefined {
  const value = readString(obj, key, path, issues, required);
  if (value === undefined) return undefined;
  const found = checkEnvironmentPath(value, joinPath(path, key));
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}

export function enumeration<T extends string>(
  obj: JsonObject,
  key: string,
  allowed: readonly T[],
  guard: (v: unknown) => v is T,
  issues: Issues,
): T | undefined {
  const value = readString(obj, key, '', issues, true);
  if (value === undefined) return undefined;
  if (!guard(value)) {
    issues.push({
      path: key,
      code: 'not_allowed',
      message: `${key} must be one of ${allowed.join(', ')}`,
    });
    return undefined;
  }
  return value;
}

export function duration(obj: JsonObject, issues: Issues): string | undefined {
  const value = readString(obj, 'duration', '', issues, false);
  if (value === undefined) return undefined;
  const problem = durationProblem(value);
  if (problem !== undefined) {
    issues.push({ path: 'duration', code: 'invalid_format', message: `duration ${problem}` });
    return undefined;
  }
  return value;
}

export function deploymentNumber(obj: JsonObject, issues: Issues): number | undefined {
  const value = getOwn(obj, 'deployment');
  if (value === undefined) {
    issues.push({
      path: 'deployment',
      code: 'required',
      message: 'deployment is required (the run number, an integer >= 1)',
    });
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.push({
      path: 'deployment',
      code: 'invalid_type',
      message: `deployment must be an integer, got ${typeof value === 'number' ? 'a non-integer number' : describeType(value)}`,
    });
    return undefined;
  }
  if (value < 1 || value > Number.MAX_SAFE_INTEGER) {
    issues.push({
      path: 'deployment',
      code: 'out_of_range',
      message: `deployment must be between 1 and ${Number.MAX_SAFE_INTEGER}`,
    });
    return undefined;
  }
  return value;
}

export function subjectAttributes(obj: JsonObject, issues: Issues): SubjectAttribute[] | undefined {
  const value = getOwn(obj, 'subjectAttributes');
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push({
      path: 'subjectAttributes',
      code: 'invalid_type',
      message: `subjectAttributes must be an array of attribute names, got ${describeType(value)}`,
    });
    return undefined;
  }
  if (value.length === 0) {
    issues.push({
      path: 'subjectAttributes',
      code: 'too_short',
      message:
        'subjectAttributes must list at least one attribute; omit the field for the default subject',
    });
    return undefined;
  }
  const seen = new Map<string, number>();
  const before = issues.length;
  value.forEach((item: unknown, index) => {
    const at = `subjectAttributes[${index}]`;
    if (typeof item !== 'string') {
      issues.push({
        path: at,
        code: 'invalid_type',
        message: `${at} must be a string, got ${describeType(item)}`,
      });
    } else if (!isSubjectAttribute(item)) {
      issues.push({
        path: at,
        code: 'not_allowed',
        message: `${at} must be one of ${SUBJECT_ATTRIBUTES.join(', ')}`,
      });
    } else if (seen.has(item)) {
      issues.push({
        path: at,
        code: 'duplicate',
        message: `${at} repeats ${item} (already listed at index ${seen.get(item)}); list each attribute at most once`,
      });
    } else {
      seen.set(item, index);
    }
  });
  return issues.length === before ? (value as SubjectAttribute[]) : undefined;
}

export function nested(
  obj: JsonObject,
  key: string,
  allowed: readonly string[],
  issues: Issues,
): JsonObject | undefined {
  const value = getOwn(obj, key);
  if (value === undefined) {
    issues.push({
      path: key,
      code: 'required',
      message: `${key} is required (an object with ${allowed.join(', ')})`,
    });
    return undefined;
  }
  return checkObject(value, key, allowed, issues);
}

export function audienceField(obj: JsonObject, issues: Issues): string | undefined {
  const raw = getOwn(obj, 'audience');
  if (Array.isArray(raw)) {
    issues.push({
      path: 'audience',
      code: 'invalid_type',
      message: 'audience must be one string, not an array: a token has exactly one audience',
    });
    return undefined;
  }
  const value = readString(obj, 'audience', '', issues, true);
  if (value === undefined) return undefined;
  const found = checkAudience(value, 'audience');
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}
