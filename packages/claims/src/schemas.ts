import { OIDC_CLAIM_NAMES } from './claims.js';
import {
  AUDIENCE_MAX_LENGTH,
  COMPONENT_RULES,
  type ComponentRule,
  componentFragment,
  componentPattern,
  ENVIRONMENT_PATH_MAX_LENGTH,
  environmentPathFragment,
} from './components.js';
import { DURATION_PATTERN } from './duration.js';
import { OPERATIONS, PLATFORMS, SUBJECT_ATTRIBUTES } from './kinds.js';
import { DEFAULT_CLAIM_NAMESPACE, DEFAULT_SUBJECT_NAMESPACE } from './namespaces.js';

// JSON Schema 2020-12, plain JSON, self-contained (no $ref): the lead copies these into the
// OpenAPI document and @runid/contract compares them, so changes here are contract changes.

export type JsonSchema = { readonly [key: string]: unknown };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const componentSchema = (rule: ComponentRule, description: string) => ({
  type: 'string',
  minLength: 1,
  maxLength: rule.maxLength,
  pattern: componentPattern(rule),
  description,
});

const org = componentSchema(
  COMPONENT_RULES.org,
  'Organization name: lower case, never lower-cased for you.',
);
const project = componentSchema(COMPONENT_RULES.project, 'Project name.');
const stack = componentSchema(COMPONENT_RULES.stack, 'Stack name.');
const login = componentSchema(COMPONENT_RULES.login, 'User login.');
const id = componentSchema(COMPONENT_RULES.id, 'Opaque id.');
const environmentPath = {
  type: 'string',
  minLength: 3,
  maxLength: ENVIRONMENT_PATH_MAX_LENGTH,
  pattern: `^${environmentPathFragment()}$`,
  description: '`<project>/<environment>` with exactly one `/`.',
};
const audience = {
  type: 'string',
  minLength: 1,
  maxLength: AUDIENCE_MAX_LENGTH,
  pattern: `^[!-~]{1,${AUDIENCE_MAX_LENGTH}}$`,
  description: 'One audience: 1-512 bytes of visible ASCII (no whitespace or control characters).',
};
const duration = {
  type: 'string',
  minLength: 2,
  maxLength: 21,
  pattern: DURATION_PATTERN,
  description:
    "Token lifetime such as '90s', '15m', '1h', '1h30m': h, m, s in that order, no leading zeros, not zero. The per-kind range is checked separately (lifetime_out_of_range).",
};
const operation = { type: 'string', enum: [...OPERATIONS] };
const platform = { type: 'string', enum: [...PLATFORMS] };
const numericDate = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const runNumber = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };

const deploymentTokenInput = {
  title: 'DeploymentTokenInput',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'org', 'project', 'stack', 'operation', 'deployment'],
  properties: {
    kind: { type: 'string', const: 'deployment' },
    org,
    project,
    stack,
    operation,
    deployment: { ...runNumber, description: "The run's version number." },
    duration,
  },
};

const environmentTokenInput = {
  title: 'EnvironmentTokenInput',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'org', 'platform', 'currentEnvironment', 'user'],
  properties: {
    kind: { type: 'string', const: 'environment' },
    org,
    platform,
    currentEnvironment: {
      ...environmentPath,
      description: 'Where the login is declared: `<project>/<env>`.',
    },
    rootEnvironment: {
      ...environmentPath,
      description: 'The environment that was opened; defaults to currentEnvironment.',
    },
    user: login,
    subjectAttributes: {
      type: 'array',
      minItems: 1,
      maxItems: SUBJECT_ATTRIBUTES.length,
      uniqueItems: true,
      items: { type: 'string', enum: [...SUBJECT_ATTRIBUTES] },
      description: 'Ordered; each at most once. Omit for the default subject.',
    },
    duration,
  },
};

const namedEnvironment = (idRequired: boolean) => ({
  type: 'object',
  additionalProperties: false,
  required: idRequired ? ['name', 'id'] : ['name'],
  properties: { name: environmentPath, id },
});

const oidcTokenInput = {
  title: 'OidcTokenInput',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'org', 'orgId', 'currentEnvironment', 'rootEnvironment', 'actor', 'audience'],
  properties: {
    kind: { type: 'string', const: 'oidc' },
    org,
    orgId: id,
    currentEnvironment: namedEnvironment(true),
    rootEnvironment: namedEnvironment(false),
    actor: {
      type: 'object',
      additionalProperties: false,
      required: ['login', 'id'],
      properties: { login, id },
    },
    audience,
    duration,
  },
};

const tokenInput = {
  title: 'TokenInput',
  oneOf: [deploymentTokenInput, environmentTokenInput, oidcTokenInput],
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ns = escapeRegExp(DEFAULT_SUBJECT_NAMESPACE);
const ORG = componentFragment(COMPONENT_RULES.org);
const NAME = componentFragment(COMPONENT_RULES.project);
const ENV = componentFragment(COMPONENT_RULES.environment);
const LOGIN = componentFragment(COMPONENT_RULES.login);
const ID = componentFragment(COMPONENT_RULES.id);
const ENV_PATH = environmentPathFragment();

const standardProperties = {
  iss: { type: 'string', minLength: 1 },
  iat: numericDate,
  nbf: numericDate,
  exp: numericDate,
  jti: { type: 'string', minLength: 1 },
};

const claimsDescription =
  'iss, sub, aud and the custom claims are always present; iat, nbf, exp and jti are present on minted tokens and absent from previews.';

const deploymentClaims = {
  title: 'DeploymentClaims',
  description: claimsDescription,
  type: 'object',
  additionalProperties: false,
  required: [
    'iss',
    'sub',
    'aud',
    'org',
    'project',
    'stack',
    'stackId',
    'operation',
    'deployment',
    'scope',
  ],
  properties: {
    ...standardProperties,
    sub: {
      type: 'string',
      pattern: `^${ns}:deploy:org:${ORG}:project:${NAME}:stack:${NAME}:operation:(?:${OPERATIONS.join('|')}):scope:write$`,
    },
    aud: { ...org, description: 'The organization name.' },
    org,
    project,
    stack,
    stackId: { type: 'string', pattern: `^${ORG}/${NAME}/${NAME}$` },
    operation,
    deployment: runNumber,
    scope: { type: 'string', const: 'write' },
  },
};

const attr = (name: string) => escapeRegExp(name);
const environmentClaims = {
  title: 'EnvironmentClaims',
  description: claimsDescription,
  type: 'object',
  additionalProperties: false,
  required: ['iss', 'sub', 'aud', 'current_env', 'root_env', 'trigger_user', 'org', 'env'],
  properties: {
    ...standardProperties,
    sub: {
      type: 'string',
      pattern:
        `^${ns}:environments:(?:org:${ORG}:env:(?:${ENV_PATH}|${ENV})` +
        `|pulumi\\.organization\\.login:${ORG}(?::(?:${attr('rootEnvironment.name')}|${attr('currentEnvironment.name')}):${ENV_PATH}|:pulumi\\.user\\.login:${LOGIN})*)$`,
    },
    aud: {
      type: 'string',
      pattern: `^(?:(?:${PLATFORMS.join('|')}):)?${ORG}$`,
      description:
        "`<platform>:<org>`; the bare org for logins declared in the legacy 'default' project.",
    },
    current_env: environmentPath,
    root_env: environmentPath,
    trigger_user: login,
    org,
    env: { ...environmentPath, description: 'Same as root_env.' },
  },
};

const oidcClaimSchemas: Record<(typeof OIDC_CLAIM_NAMES)[number], object> = {
  org,
  org_id: id,
  current_env: environmentPath,
  current_env_id: id,
  root_env: environmentPath,
  root_env_id: id,
  actor: login,
  actor_id: id,
};

const oidcClaims = {
  title: 'OidcClaims',
  description: `${claimsDescription} Custom claim names use the default claim namespace ${DEFAULT_CLAIM_NAMESPACE}.`,
  type: 'object',
  additionalProperties: false,
  required: [
    'iss',
    'sub',
    'aud',
    ...OIDC_CLAIM_NAMES.filter((n) => n !== 'root_env_id').map(
      (n) => `${DEFAULT_CLAIM_NAMESPACE}${n}`,
    ),
  ],
  properties: {
    ...standardProperties,
    sub: { type: 'string', pattern: `^${ns}:org:${ID}:env:${ID}$` },
    aud: audience,
    ...Object.fromEntries(
      OIDC_CLAIM_NAMES.map((n) => [`${DEFAULT_CLAIM_NAMESPACE}${n}`, oidcClaimSchemas[n]]),
    ),
  },
};

/** JSON Schema 2020-12 documents (plain, frozen, no `$ref`/`$schema`) for inputs and claims. */
export const schemas: {
  readonly deploymentTokenInput: JsonSchema;
  readonly environmentTokenInput: JsonSchema;
  readonly oidcTokenInput: JsonSchema;
  readonly tokenInput: JsonSchema;
  readonly deploymentClaims: JsonSchema;
  readonly environmentClaims: JsonSchema;
  readonly oidcClaims: JsonSchema;
} = deepFreeze(
  // Round-trip through JSON so the exported objects share no references and are pure JSON.
  JSON.parse(
    JSON.stringify({
      deploymentTokenInput,
      environmentTokenInput,
      oidcTokenInput,
      tokenInput,
      deploymentClaims,
      environmentClaims,
      oidcClaims,
    }),
  ),
);

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
