import { COMPONENT_RULES } from './components.js';
import { type ClaimIssue, ClaimsError, summarizeIssues } from './errors.js';
import {
  audienceField,
  component,
  deploymentNumber,
  duration,
  enumeration,
  environmentPath,
  type Issues,
  nested,
  subjectAttributes,
} from './input-fields.js';
import type {
  DeploymentTokenInput,
  EnvironmentTokenInput,
  OidcTokenInput,
  TokenInput,
} from './inputs.js';
import {
  isOperation,
  isPlatform,
  isTokenKind,
  OPERATIONS,
  PLATFORMS,
  TOKEN_KINDS,
} from './kinds.js';
import { checkObject, describeType, getOwn, isPlainObject, type JsonObject } from './shape.js';

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
