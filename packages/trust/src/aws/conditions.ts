import { awsLike } from '../glob.js';
import { isPlainObject } from '../json.js';
import { pointerToken } from '../types.js';

/** The request context: condition key (any case) → its values; a single-valued key has one. */
export type AwsContext = ReadonlyMap<string, readonly string[]>;

export interface ConditionFailure {
  /** JSON pointer inside the statement's `Condition`, e.g. `/StringEquals/x:sub`. */
  path: string;
  operator: string;
  key: string;
  expected: string[];
  actual: string[] | undefined;
  reason: string;
}

export class MalformedPolicyError extends Error {
  override readonly name = 'MalformedPolicyError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

interface Operator {
  qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
  base: string;
  ifExists: boolean;
  negated: boolean;
  match: (policy: string, value: string) => boolean;
}

const MATCHERS: Record<string, { negated: boolean; match: (p: string, v: string) => boolean }> = {
  StringEquals: { negated: false, match: (p, v) => p === v },
  StringNotEquals: { negated: true, match: (p, v) => p === v },
  StringEqualsIgnoreCase: { negated: false, match: (p, v) => p.toLowerCase() === v.toLowerCase() },
  StringNotEqualsIgnoreCase: {
    negated: true,
    match: (p, v) => p.toLowerCase() === v.toLowerCase(),
  },
  StringLike: { negated: false, match: awsLike },
  StringNotLike: { negated: true, match: awsLike },
  ArnEquals: { negated: false, match: awsLike },
  ArnLike: { negated: false, match: awsLike },
  ArnNotEquals: { negated: true, match: awsLike },
  ArnNotLike: { negated: true, match: awsLike },
  Bool: { negated: false, match: (p, v) => p.toLowerCase() === v.toLowerCase() },
};

export function parseOperator(name: string): Operator | 'Null' | undefined {
  let rest = name;
  let qualifier: Operator['qualifier'];
  const q = /^(ForAnyValue|ForAllValues):/.exec(rest);
  if (q) {
    qualifier = q[1] as Operator['qualifier'];
    rest = rest.slice(q[0].length);
  }
  if (rest === 'Null' && qualifier === undefined) return 'Null';
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const m = MATCHERS[rest];
  if (!m) return undefined;
  return { qualifier, base: rest, ifExists, negated: m.negated, match: m.match };
}

/** Policy values: a string or a list; numbers and booleans are compared as their text. */
export function policyValues(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
  return list.map(String);
}

function lookup(context: AwsContext, key: string): readonly string[] | undefined {
  // Condition key names are case-insensitive; values are not.
  const lower = key.toLowerCase();
  for (const [k, v] of context) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Evaluates one statement's `Condition` block the way IAM does: AND across operators and keys, OR
 * across the values of one key (for negated operators: none may match), absent keys false except
 * for negated operators, `…IfExists` and `Null`; `ForAnyValue` false and `ForAllValues` true on an
 * absent or empty key. Returns the first failing condition, or `undefined` when all hold.
 */
export function evaluateConditions(
  condition: unknown,
  context: AwsContext,
): ConditionFailure | undefined {
  if (condition === undefined) return undefined;
  if (!isPlainObject(condition)) throw new MalformedPolicyError('', 'Condition must be an object');
  for (const [opName, block] of Object.entries(condition)) {
    const op = parseOperator(opName);
    if (op === undefined) {
      throw new MalformedPolicyError(
        `/${pointerToken(opName)}`,
        `unknown condition operator ${opName}`,
      );
    }
    if (!isPlainObject(block)) {
      throw new MalformedPolicyError(
        `/${pointerToken(opName)}`,
        `${opName} must map keys to values`,
      );
    }
    for (const [key, raw] of Object.entries(block)) {
      const path = `/${pointerToken(opName)}/${pointerToken(key)}`;
      const expected = policyValues(raw);
      if (expected === undefined) throw new MalformedPolicyError(path, 'values must be strings');
      const actual = lookup(context, key);
      const fail = (reason: string): ConditionFailure => ({
        path,
        operator: opName,
        key,
        expected,
        actual: actual === undefined ? undefined : [...actual],
        reason,
      });
      if (op === 'Null') {
        const wantAbsent = expected.some((e) => e.toLowerCase() === 'true');
        const absent = actual === undefined || actual.length === 0;
        if (wantAbsent !== absent) {
          return fail(wantAbsent ? `${key} is present` : `${key} is absent`);
        }
        continue;
      }
      const absent = actual === undefined || actual.length === 0;
      if (op.qualifier === 'ForAllValues') {
        if (absent) continue; // vacuously true
        const ok = (actual as readonly string[]).every((v) =>
          op.negated ? !expected.some((p) => op.match(p, v)) : expected.some((p) => op.match(p, v)),
        );
        if (!ok) return fail(`not every value of ${key} matches`);
        continue;
      }
      if (op.qualifier === 'ForAnyValue') {
        if (absent) {
          if (op.ifExists) continue;
          return fail(`${key} is absent`);
        }
        const ok = (actual as readonly string[]).some((v) =>
          op.negated ? !expected.some((p) => op.match(p, v)) : expected.some((p) => op.match(p, v)),
        );
        if (!ok) return fail(`no value of ${key} matches`);
        continue;
      }
      if (absent) {
        if (op.ifExists || op.negated) continue;
        return fail(`${key} is absent from the request`);
      }
      const values = actual as readonly string[];
      const ok = op.negated
        ? values.every((v) => !expected.some((p) => op.match(p, v)))
        : values.some((v) => expected.some((p) => op.match(p, v)));
      if (!ok) return fail(`${key} does not match`);
    }
  }
  return undefined;
}
