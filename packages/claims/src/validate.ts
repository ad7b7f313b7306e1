import {
  COMPONENT_RULES,
  type ComponentRule,
  checkAudience,
  checkComponent,
  checkEnvironmentPath,
} from './components.js';
import { durationProblem } from './duration.js';
import { type ClaimIssue, ClaimsError, summarizeIssues } from './errors.js';
import type {
  DeploymentTokenInput,
  EnvironmentTokenInput,
  OidcTokenInput,
  TokenInput,
} from './inputs.js';
import {
  isOperation,
  isPlatform,
  isSubjectAttribute,
  isTokenKind,
  OPERATIONS,
  PLATFORMS,
  SUBJECT_ATTRIBUTES,
  type SubjectAttribute,
  TOKEN_KINDS,
} from './kinds.js';
import {
  checkObject,
  describeType,
  getOwn,
  isPlainObject,
  type JsonObject,
  joinPath,
  readString,
} from './shape.js';

export const INPUT_FIELDS = Object.freeze({
  deployment: ['kind', 'org', 'project', 'stack', 'operation', 'deployment', 'duration'],
  environment: [
    'kind',
    'org',
    'platform',
    'currentEnvironment',
    'rootEnvironment',
    'user',
    'subjectAttributes',
    'duration',
  ],
  oidc: [
    'kind',
    'org',
    'orgId',
    'currentEnvironment',
    'rootEnvironment',
    'actor',
    'audience',
    'duration',
  ],
} as const);

type Issues = ClaimIssue[];

function component(
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

function environmentPath(
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

function enumeration<T extends string>(
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

function duration(obj: JsonObject, issues: Issues): string | undefined {
  const value = readString(obj, 'duration', '', issues, false);
  if (value === undefined) return undefined;
  const problem = durationProblem(value);
  if (problem !== undefined) {
    issues.push({ path: 'duration', code: 'invalid_format', message: `duration ${problem}` });
    return undefined;
  }
  return value;
}

function deploymentNumber(obj: JsonObject, issues: Issues): number | undefined {
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

function subjectAttributes(obj: JsonObject, issues: Issues): SubjectAttribute[] | undefined {
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

function validateDeployment(obj: JsonObject, issues: Issues): DeploymentTokenInput {
  const out = {
    kind: 'deployment',
    org: component(obj, 'org', '', COMPONENT_RULES.org, issues),
    project: component(obj, 'project', '', COMPONENT_RULES.project, issues),
    stack: component(obj, 'stack', '', COMPONENT_RULES.stack, issues),
    operation: enumeration(obj, 'operation', OPERATIONS, isOperation, issues),
    deployment: deploymentNumber(obj, issues),
    duration: duration(obj, issues),
  };
  if (out.duration === undefined) delete out.duration;
  return out as DeploymentTokenInput;
}

function validateEnvironment(obj: JsonObject, issues: Issues): EnvironmentTokenInput {
  const out = {
    kind: 'environment',
    org: component(obj, 'org', '', COMPONENT_RULES.org, issues),
    platform: enumeration(obj, 'platform', PLATFORMS, isPlatform, issues),
    currentEnvironment: environmentPath(obj, 'currentEnvironment', '', issues),
    rootEnvironment: environmentPath(obj, 'rootEnvironment', '', issues, false),
    user: component(obj, 'user', '', COMPONENT_RULES.login, issues),
    subjectAttributes: subjectAttributes(obj, issues),
    duration: duration(obj, issues),
  };
  if (out.rootEnvironment === undefined) delete out.rootEnvironment;
  if (out.subjectAttributes === undefined) delete out.subjectAttributes;
  else out.subjectAttributes = [...out.subjectAttributes];
  if (out.duration === undefined) delete out.duration;
  return out as EnvironmentTokenInput;
}

function nested(
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

function audienceField(obj: JsonObject, issues: Issues): string | undefined {
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

function validateOidc(obj: JsonObject, issues: Issues): OidcTokenInput {
  const org = component(obj, 'org', '', COMPONENT_RULES.org, issues);
  const orgId = component(obj, 'orgId', '', COMPONENT_RULES.id, issues);
  const current = nested(obj, 'currentEnvironment', ['name', 'id'], issues);
  const currentEnvironment = {
    name: current && environmentPath(current, 'name', 'currentEnvironment', issues),
    id: current && component(current, 'id', 'currentEnvironment', COMPONENT_RULES.id, issues),
  };
  const root = nested(obj, 'rootEnvironment', ['name', 'id'], issues);
  const rootName = root && environmentPath(root, 'name', 'rootEnvironment', issues);
  const rootId =
    root && component(root, 'id', 'rootEnvironment', COMPONENT_RULES.id, issues, false);
  const actor = nested(obj, 'actor', ['login', 'id'], issues);
  const actorValue = {
    login: actor && component(actor, 'login', 'actor', COMPONENT_RULES.login, issues),
    id: actor && component(actor, 'id', 'actor', COMPONENT_RULES.id, issues),
  };
  const audience = audienceField(obj, issues);
  if (Object.hasOwn(obj, 'subjectAttributes')) {
    issues.push({
      path: 'subjectAttributes',
      code: 'not_allowed',
      message:
        'subjectAttributes are refused for kind oidc: its subject is always <ns>:org:<orgId>:env:<environmentId>',
    });
  }
  const durationValue = duration(obj, issues);
  return {
    kind: 'oidc',
    org,
    orgId,
    currentEnvironment,
    rootEnvironment: { name: rootName, ...(rootId === undefined ? {} : { id: rootId }) },
    actor: actorValue,
    audience,
    ...(durationValue === undefined ? {} : { duration: durationValue }),
  } as OidcTokenInput;
}

/** Every issue of a token input (empty when valid). Same rules as `validateTokenInput`. */
export function checkTokenInput(value: unknown): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  tryValidate(value, issues);
  return issues;
}

function tryValidate(value: unknown, issues: Issues): TokenInput | undefined {
  if (!isPlainObject(value)) {
    issues.push({
      path: '',
      code: 'invalid_type',
      message: `token input must be a JSON object, got ${describeType(value)}`,
    });
    return undefined;
  }
  const obj = value;
  const kind = getOwn(obj, 'kind');
  if (kind === undefined) {
    issues.push({
      path: 'kind',
      code: 'required',
      message: `kind is required: one of ${TOKEN_KINDS.join(', ')}`,
    });
    return undefined;
  }
  if (!isTokenKind(kind)) {
    issues.push({
      path: 'kind',
      code: typeof kind === 'string' ? 'not_allowed' : 'invalid_type',
      message: `kind must be one of ${TOKEN_KINDS.join(', ')}${typeof kind === 'string' ? '' : `, got ${describeType(kind)}`}`,
    });
    return undefined;
  }
  const allowed = INPUT_FIELDS[kind];
  const known = kind === 'oidc' ? [...allowed, 'subjectAttributes'] : allowed;
  checkObject(obj, '', known, issues);
  switch (kind) {
    case 'deployment':
      return validateDeployment(obj, issues);
    case 'environment':
      return validateEnvironment(obj, issues);
    case 'oidc':
      return validateOidc(obj, issues);
  }
}

/**
 * Validates an untrusted token input (e.g. a parsed JSON request body) and returns a fresh, typed
 * copy holding only the known fields. Throws `ClaimsError('invalid_input')` listing ALL issues.
 * The duration's grammar is checked here; its per-kind range is checked by `resolveLifetime`.
 */
export function validateTokenInput(value: unknown): TokenInput {
  const issues: ClaimIssue[] = [];
  const result = tryValidate(value, issues);
  if (issues.length > 0 || result === undefined) {
    throw new ClaimsError('invalid_input', summarizeIssues('invalid token input', issues), issues);
  }
  return result;
}
