import { isPlainObject } from '../json.js';
import { pointerToken } from '../types.js';
import { parseOperator, policyValues } from './conditions.js';

/** Where a trust policy is malformed, and how, in the simulator's words. */
export interface PolicyProblem {
  /** JSON pointer, under the `base` given (the policy's place in its document). */
  path: string;
  message: string;
}

/**
 * The first structural problem of a trust policy in any statement — one IAM refuses when the
 * policy is written (`MalformedPolicyDocument`), or one the simulator cannot evaluate (an unknown
 * operator, `NotAction`/`NotPrincipal`). `simulateAws` finds the same problems only in the
 * statements it evaluates; this looks at all of them, without a token.
 */
export function trustPolicyProblem(policy: unknown, base = ''): PolicyProblem | undefined {
  if (!isPlainObject(policy)) return { path: base, message: 'the trust policy is not an object' };
  const single = !Array.isArray(policy.Statement);
  const statements = single
    ? policy.Statement === undefined
      ? []
      : [policy.Statement]
    : (policy.Statement as unknown[]);
  for (const [i, st] of statements.entries()) {
    const at = single ? `${base}/Statement` : `${base}/Statement/${i}`;
    if (!isPlainObject(st)) return { path: at, message: 'a statement must be an object' };
    if (st.NotAction !== undefined || st.NotPrincipal !== undefined) {
      return { path: at, message: 'NotAction/NotPrincipal are not simulated' };
    }
    const condition = st.Condition;
    if (condition === undefined) continue;
    if (!isPlainObject(condition)) {
      return { path: `${at}/Condition`, message: 'Condition must be an object' };
    }
    for (const [opName, block] of Object.entries(condition)) {
      const path = `${at}/Condition/${pointerToken(opName)}`;
      if (parseOperator(opName) === undefined) {
        return { path, message: `unknown condition operator ${opName}` };
      }
      if (!isPlainObject(block)) return { path, message: `${opName} must map keys to values` };
      for (const [key, raw] of Object.entries(block)) {
        if (policyValues(raw) === undefined) {
          return { path: `${path}/${pointerToken(key)}`, message: 'values must be strings' };
        }
      }
    }
  }
  return undefined;
}
