import type { ClaimIssue } from './errors.js';

export type JsonObject = Record<string, unknown>;

/** Only plain objects (JSON.parse output, literals, null-prototype objects) count as objects. */
export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : 'a non-plain object';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

/**
 * Reads an own property only: `constructor`, `__proto__` and friends from the prototype are never
 * seen as input, and a JSON `__proto__` member is just an (unknown) own key.
 */
export function getOwn(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

const MAX_UNKNOWN_FIELD_ISSUES = 20;

function quoteKey(key: string): string {
  return JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}...` : key);
}

/**
 * Checks that `value` is a plain object whose own keys are all in `allowed`; pushes issues.
 * Returns the object when it is one (even with unknown fields) so its known fields can be checked too.
 */
export function checkObject(
  value: unknown,
  path: string,
  allowed: readonly string[],
  issues: ClaimIssue[],
): JsonObject | undefined {
  if (!isPlainObject(value)) {
    issues.push({
      path,
      code: 'invalid_type',
      message: `${path || 'value'} must be a JSON object, got ${describeType(value)}`,
    });
    return undefined;
  }
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_FIELD_ISSUES)) {
    issues.push({
      path: joinPath(path, key),
      code: 'unknown_field',
      message: `unknown field ${quoteKey(key)}${path ? ` in ${path}` : ''}; allowed fields: ${allowed.join(', ')}`,
    });
  }
  if (unknown.length > MAX_UNKNOWN_FIELD_ISSUES) {
    issues.push({
      path,
      code: 'unknown_field',
      message: `${unknown.length - MAX_UNKNOWN_FIELD_ISSUES} more unknown fields${path ? ` in ${path}` : ''}; allowed fields: ${allowed.join(', ')}`,
    });
  }
  return value;
}

/** Reads a required/optional string field; pushes `required` / `invalid_type` issues. */
export function readString(
  obj: JsonObject,
  key: string,
  path: string,
  issues: ClaimIssue[],
  required: boolean,
): string | undefined {
  const value = getOwn(obj, key);
  const at = joinPath(path, key);
  if (value === undefined) {
    if (required) issues.push({ path: at, code: 'required', message: `${at} is required` });
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.push({
      path: at,
      code: 'invalid_type',
      message: `${at} must be a string, got ${describeType(value)}`,
    });
    return undefined;
  }
  return value;
}
