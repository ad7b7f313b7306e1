import { type ErrorIssue, VerifierError } from './errors.js';
import { compileGlob, type Glob, matchGlob } from './glob.js';
import { isPlainObject } from './json.js';

export type Scalar = string | number | boolean;

/** One condition on a claim. Exactly one of the three forms. */
export type Condition =
  | { readonly equals: Scalar }
  | { readonly oneOf: readonly Scalar[] }
  | { readonly glob: string };

/**
 * A declarative, JSON-serialisable trust policy, evaluated on verified claims. Every listed
 * condition must hold. A claim holding an array (e.g. `aud`) satisfies a condition when any of its
 * elements does.
 */
export interface TrustPolicy {
  /** Free text for humans; ignored by evaluation. */
  readonly description?: string;
  /** Condition on `sub`: `{ equals }`, `{ oneOf }` or `{ glob }`. */
  readonly subject?: Condition;
  /** Conditions on other claims, by exact claim name (e.g. `"https://pulumi.com/org"`). */
  readonly claims?: Readonly<Record<string, Condition>>;
}

export type ConditionKind = 'equals' | 'oneOf' | 'glob';

export interface PolicyFailure {
  /** The claim checked (`sub` for the subject condition). */
  readonly claim: string;
  readonly condition: ConditionKind;
  /** `missing`: no such claim; `type`: wrong type; `mismatch`: a value that does not match. */
  readonly reason: 'missing' | 'type' | 'mismatch';
  /** Human-readable, includes the (verified) value and what was expected. */
  readonly message: string;
}

export interface PolicyResult {
  readonly ok: boolean;
  readonly failures: readonly PolicyFailure[];
  /** Number of conditions evaluated. */
  readonly conditions: number;
}

interface CompiledCondition {
  readonly claim: string;
  readonly kind: ConditionKind;
  readonly expected: Scalar | readonly Scalar[] | Glob;
}

/** A validated policy with its globs compiled; reusable across evaluations. */
export interface CompiledPolicy {
  readonly policy: TrustPolicy;
  readonly conditions: readonly CompiledCondition[];
}

/** Policies built by `compilePolicy` (a brand that a JSON document cannot forge). */
const COMPILED = new WeakSet<object>();
const POLICY_MEMBERS = new Set(['description', 'subject', 'claims']);
const MAX_ONE_OF = 1000;

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function compileCondition(
  claim: string,
  value: unknown,
  path: string,
  issues: ErrorIssue[],
): CompiledCondition | undefined {
  const add = (message: string): undefined => {
    issues.push({ path, code: 'invalid_condition', message: `${path} ${message}` });
    return undefined;
  };
  if (!isPlainObject(value)) return add('must be an object with one of equals, oneOf, glob');
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    return add(
      `must have exactly one of equals, oneOf, glob (found: ${keys.join(', ') || 'none'})`,
    );
  }
  const kind = keys[0] as string;
  const operand = value[kind];
  if (kind === 'equals') {
    if (!isScalar(operand)) return add('equals must be a string, a finite number or a boolean');
    return { claim, kind, expected: operand };
  }
  if (kind === 'oneOf') {
    if (!Array.isArray(operand) || operand.length === 0 || operand.length > MAX_ONE_OF) {
      return add(`oneOf must be a non-empty array of at most ${MAX_ONE_OF} values`);
    }
    if (!operand.every(isScalar)) {
      return add('oneOf values must be strings, finite numbers or booleans');
    }
    return { claim, kind, expected: Object.freeze([...operand]) };
  }
  if (kind === 'glob') {
    if (typeof operand !== 'string') return add('glob must be a string');
    const glob = compileGlob(operand);
    if (typeof glob === 'string') return add(`glob ${glob}`);
    return { claim, kind, expected: glob };
  }
  return add(`has an unknown condition "${kind.slice(0, 40)}" (use equals, oneOf or glob)`);
}

/** Validates and compiles a policy. Throws `VerifierError('invalid_policy')` listing every issue. */
export function compilePolicy(policy: unknown): CompiledPolicy {
  const issues: ErrorIssue[] = [];
  const conditions: CompiledCondition[] = [];
  if (!isPlainObject(policy)) {
    throw new VerifierError('invalid_policy', 'a trust policy must be a JSON object');
  }
  for (const key of Object.keys(policy)) {
    if (!POLICY_MEMBERS.has(key)) {
      issues.push({
        path: key,
        code: 'unknown_member',
        message: `unknown policy member "${key.slice(0, 40)}" (allowed: description, subject, claims)`,
      });
    }
  }
  if (policy.description !== undefined && typeof policy.description !== 'string') {
    issues.push({
      path: 'description',
      code: 'invalid_type',
      message: 'description must be a string',
    });
  }
  if (policy.subject !== undefined) {
    const condition = compileCondition('sub', policy.subject, 'subject', issues);
    if (condition) conditions.push(condition);
  }
  if (policy.claims !== undefined) {
    if (!isPlainObject(policy.claims)) {
      issues.push({ path: 'claims', code: 'invalid_type', message: 'claims must be an object' });
    } else {
      for (const [claim, value] of Object.entries(policy.claims)) {
        const path = `claims[${JSON.stringify(claim.slice(0, 80))}]`;
        if (claim === '' || claim === '__proto__') {
          issues.push({
            path,
            code: 'invalid_claim',
            message: `${path} is not a usable claim name`,
          });
          continue;
        }
        const condition = compileCondition(claim, value, path, issues);
        if (condition) conditions.push(condition);
      }
    }
  }
  if (issues.length === 0 && conditions.length === 0) {
    issues.push({
      path: '',
      code: 'empty_policy',
      message:
        'a policy must have at least one condition (an empty policy would trust every token)',
    });
  }
  if (issues.length > 0) {
    throw new VerifierError(
      'invalid_policy',
      `invalid trust policy: ${issues.map((issue) => issue.message).join('; ')}`,
      { issues },
    );
  }
  const result: CompiledPolicy = Object.freeze({ policy, conditions: Object.freeze(conditions) });
  COMPILED.add(result);
  return result;
}

/** Validates a policy (e.g. loaded from JSON) and returns it typed. Throws `invalid_policy`. */
export function validatePolicy(policy: unknown): TrustPolicy {
  return compilePolicy(policy).policy;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function expectation(condition: CompiledCondition): string {
  if (condition.kind === 'equals') return `to equal ${show(condition.expected)}`;
  if (condition.kind === 'oneOf') return `to be one of ${show(condition.expected)}`;
  return `to match the glob ${show((condition.expected as Glob).pattern)}`;
}

function matchesScalar(condition: CompiledCondition, value: Scalar): boolean {
  if (condition.kind === 'equals') return value === condition.expected;
  if (condition.kind === 'oneOf') return (condition.expected as readonly Scalar[]).includes(value);
  return typeof value === 'string' && matchGlob(condition.expected as Glob, value);
}

function check(
  condition: CompiledCondition,
  claims: Record<string, unknown>,
): PolicyFailure | undefined {
  const { claim, kind } = condition;
  const value = Object.hasOwn(claims, claim) ? claims[claim] : undefined;
  const fail = (reason: PolicyFailure['reason'], message: string): PolicyFailure => ({
    claim,
    condition: kind,
    reason,
    message,
  });
  if (value === undefined)
    return fail('missing', `claim ${claim} is missing; expected it ${expectation(condition)}`);
  const values = Array.isArray(value) ? value : [value];
  const scalars = values.filter(isScalar);
  if (scalars.length === 0 || (kind === 'glob' && !scalars.some((v) => typeof v === 'string'))) {
    return fail(
      'type',
      `claim ${claim} is ${show(value)}, which ${kind === 'glob' ? 'is not a string' : 'is not a string, number or boolean'}; expected it ${expectation(condition)}`,
    );
  }
  if (scalars.some((v) => matchesScalar(condition, v))) return undefined;
  return fail(
    'mismatch',
    `claim ${claim} is ${show(value)}; expected it ${expectation(condition)}`,
  );
}

const compiledCache = new WeakMap<object, CompiledPolicy>();

/** Returns a compiled policy as is, or validates and compiles (once per object) a plain one. */
export function preparePolicy(policy: TrustPolicy | CompiledPolicy): CompiledPolicy {
  if (COMPILED.has(policy)) return policy as CompiledPolicy;
  let result = compiledCache.get(policy);
  if (result === undefined) {
    result = compilePolicy(policy);
    compiledCache.set(policy, result);
  }
  return result;
}

/**
 * Evaluates a policy on verified claims (e.g. `result.claims` of a successful `verify`). Every
 * condition is evaluated, so all failures are reported. Throws `invalid_policy` for a bad policy.
 */
export function evaluatePolicy(
  policy: TrustPolicy | CompiledPolicy,
  claims: Readonly<Record<string, unknown>>,
): PolicyResult {
  const { conditions } = preparePolicy(policy);
  const failures: PolicyFailure[] = [];
  for (const condition of conditions) {
    const failed = check(condition, claims as Record<string, unknown>);
    if (failed) failures.push(failed);
  }
  return { ok: failures.length === 0, failures, conditions: conditions.length };
}

/** One line per failed condition and why; a single summary line when everything matched. */
export function explain(
  policy: TrustPolicy | CompiledPolicy,
  claims: Readonly<Record<string, unknown>>,
): string[] {
  const result = evaluatePolicy(policy, claims);
  if (result.ok) return [`all ${result.conditions} conditions matched`];
  return result.failures.map(
    (failure) =>
      `${failure.condition} on ${failure.claim} failed (${failure.reason}): ${failure.message}`,
  );
}
