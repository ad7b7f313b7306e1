import type { StandardClaims } from './claims.js';
import {
  COMPONENT_RULES,
  type ComponentRule,
  checkAudience,
  checkComponent,
  checkEnvironmentPath,
} from './components.js';
import { type ClaimIssue, ClaimsError, summarizeIssues } from './errors.js';
import type { NamespaceOptions } from './inputs.js';
import {
  isOperation,
  isTokenKind,
  OPERATIONS,
  PLATFORMS,
  TOKEN_KINDS,
  type TokenKind,
} from './kinds.js';
import { resolveNamespaces } from './namespaces.js';
import { checkSubject, type ParsedSubject } from './parse-subject.js';
import { describeType, getOwn, isPlainObject, type JsonObject } from './shape.js';
import { isLegacyDefault } from './subjects.js';

export type ParsedClaims = {
  kind: TokenKind;
  claims: StandardClaims & Record<string, unknown>;
  subject: ParsedSubject;
};

export type ParseClaimsResult =
  | { ok: true; value: ParsedClaims }
  | { ok: false; issues: ClaimIssue[] };

export interface ParseClaimsOptions extends NamespaceOptions {
  /** The expected kind; otherwise it is recognised from the subject. */
  kind?: TokenKind;
}

type Issues = ClaimIssue[];

// Messages here never repeat claim values: the payload is unverified and may reach logs.

function stringClaim(
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

function numericDate(p: JsonObject, name: string, issues: Issues): void {
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

function audience(p: JsonObject, issues: Issues): string[] | undefined {
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

function component(
  p: JsonObject,
  name: string,
  rule: ComponentRule,
  issues: Issues,
  required = true,
): string | undefined {
  const value = stringClaim(p, name, issues, required);
  if (value === undefined) return undefined;
  const found = checkComponent(value, rule, name, `claim ${name}`);
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}

function environmentPath(p: JsonObject, name: string, issues: Issues): string | undefined {
  const value = stringClaim(p, name, issues);
  if (value === undefined) return undefined;
  const found = checkEnvironmentPath(value, name, `claim ${name}`);
  issues.push(...found);
  return found.length === 0 ? value : undefined;
}

function agree(issues: Issues, path: string, a: unknown, b: unknown, what: string): void {
  if (a !== undefined && b !== undefined && a !== b) {
    issues.push({ path, code: 'mismatch', message: what });
  }
}

function checkAudienceIs(
  issues: Issues,
  aud: string[] | undefined,
  expected: string[],
  what: string,
): void {
  if (aud === undefined || expected.length === 0) return;
  if (!aud.some((a) => expected.includes(a)))
    issues.push({ path: 'aud', code: 'mismatch', message: what });
}

function deploymentClaims(
  p: JsonObject,
  subject: ParsedSubject | undefined,
  aud: string[] | undefined,
  issues: Issues,
): void {
  const org = component(p, 'org', COMPONENT_RULES.org, issues);
  const project = component(p, 'project', COMPONENT_RULES.project, issues);
  const stack = component(p, 'stack', COMPONENT_RULES.stack, issues);
  const stackId = stringClaim(p, 'stackId', issues);
  const rawOperation = stringClaim(p, 'operation', issues);
  const operation = isOperation(rawOperation) ? rawOperation : undefined;
  if (rawOperation !== undefined && operation === undefined) {
    issues.push({
      path: 'operation',
      code: 'not_allowed',
      message: `claim operation must be one of ${OPERATIONS.join(', ')}`,
    });
  }
  const deployment = getOwn(p, 'deployment');
  if (deployment === undefined) {
    issues.push({ path: 'deployment', code: 'required', message: 'claim deployment is required' });
  } else if (typeof deployment !== 'number' || !Number.isInteger(deployment)) {
    issues.push({
      path: 'deployment',
      code: 'invalid_type',
      message: `claim deployment must be an integer, got ${describeType(deployment)}`,
    });
  } else if (deployment < 1 || deployment > Number.MAX_SAFE_INTEGER) {
    issues.push({
      path: 'deployment',
      code: 'out_of_range',
      message: 'claim deployment must be an integer >= 1',
    });
  }
  const scope = stringClaim(p, 'scope', issues);
  if (scope !== undefined && scope !== 'write') {
    issues.push({ path: 'scope', code: 'not_allowed', message: "claim scope must be 'write'" });
  }
  if (org !== undefined && project !== undefined && stack !== undefined) {
    agree(
      issues,
      'stackId',
      stackId,
      `${org}/${project}/${stack}`,
      'claim stackId must be <org>/<project>/<stack> of the org, project and stack claims',
    );
  }
  if (subject?.kind === 'deployment') {
    agree(issues, 'org', org, subject.org, 'claim org does not match the org in sub');
    agree(
      issues,
      'project',
      project,
      subject.project,
      'claim project does not match the project in sub',
    );
    agree(issues, 'stack', stack, subject.stack, 'claim stack does not match the stack in sub');
    agree(
      issues,
      'operation',
      operation,
      subject.operation,
      'claim operation does not match the operation in sub',
    );
  }
  if (org !== undefined)
    checkAudienceIs(issues, aud, [org], 'aud of a deployment token must be the org claim');
}

function environmentClaims(
  p: JsonObject,
  subject: ParsedSubject | undefined,
  aud: string[] | undefined,
  issues: Issues,
): void {
  const current = environmentPath(p, 'current_env', issues);
  const root = environmentPath(p, 'root_env', issues);
  const user = component(p, 'trigger_user', COMPONENT_RULES.login, issues);
  const org = component(p, 'org', COMPONENT_RULES.org, issues);
  const env = environmentPath(p, 'env', issues);
  agree(issues, 'env', env, root, 'claim env must equal root_env');
  if (subject?.kind === 'environment') {
    agree(issues, 'org', org, subject.org, 'claim org does not match the org in sub');
    if (subject.environment !== undefined) {
      agree(
        issues,
        'root_env',
        root,
        subject.environment,
        'claim root_env does not match the environment in sub',
      );
    }
    for (const { name, value } of subject.attributes) {
      const [claim, claimValue] =
        name === 'rootEnvironment.name'
          ? ['root_env', root]
          : name === 'currentEnvironment.name'
            ? ['current_env', current]
            : ['trigger_user', user];
      agree(issues, claim, claimValue, value, `claim ${claim} does not match ${name} in sub`);
    }
  }
  if (org !== undefined && current !== undefined) {
    const expected = isLegacyDefault(current)
      ? [org]
      : PLATFORMS.map((platform) => `${platform}:${org}`);
    checkAudienceIs(
      issues,
      aud,
      expected,
      isLegacyDefault(current)
        ? "aud of an environment token declared in the legacy 'default' project must be the bare org"
        : 'aud of an environment token must be <platform>:<org> for a known platform',
    );
  }
}

function oidcClaims(
  p: JsonObject,
  cns: string,
  subject: ParsedSubject | undefined,
  aud: string[] | undefined,
  issues: Issues,
): void {
  const at = (name: string): string => `${cns}${name}`;
  aud?.forEach((value, index) => {
    // The audience rule's messages name the path, never the value.
    issues.push(...checkAudience(value, Array.isArray(p.aud) ? `aud[${index}]` : 'aud'));
  });
  component(p, at('org'), COMPONENT_RULES.org, issues);
  const orgId = component(p, at('org_id'), COMPONENT_RULES.id, issues);
  environmentPath(p, at('current_env'), issues);
  const currentId = component(p, at('current_env_id'), COMPONENT_RULES.id, issues);
  environmentPath(p, at('root_env'), issues);
  component(p, at('root_env_id'), COMPONENT_RULES.id, issues, false);
  component(p, at('actor'), COMPONENT_RULES.login, issues);
  component(p, at('actor_id'), COMPONENT_RULES.id, issues);
  if (subject?.kind === 'oidc') {
    agree(
      issues,
      at('org_id'),
      orgId,
      subject.orgId,
      `claim ${at('org_id')} does not match the org id in sub`,
    );
    agree(
      issues,
      at('current_env_id'),
      currentId,
      subject.environmentId,
      `claim ${at('current_env_id')} does not match the environment id in sub`,
    );
  }
}

/**
 * Type-checks an unverified claims object (for the verifier): the standard claims, the kind's custom
 * claims, and their consistency with `sub` and `aud`. Never throws for bad payloads; throws
 * `ClaimsError('invalid_namespace')` only for invalid options. Claims it does not know are kept.
 */
export function parseClaims(payload: unknown, options?: ParseClaimsOptions): ParseClaimsResult {
  const { kind: expectedKind, ...namespaceOptions } = options ?? {};
  const ns = resolveNamespaces(namespaceOptions);
  const issues: ClaimIssue[] = [];
  if (!isPlainObject(payload)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          code: 'invalid_type',
          message: `claims must be a JSON object, got ${describeType(payload)}`,
        },
      ],
    };
  }
  if (expectedKind !== undefined && !isTokenKind(expectedKind)) {
    return {
      ok: false,
      issues: [
        {
          path: '',
          code: 'not_allowed',
          message: `options.kind must be one of ${TOKEN_KINDS.join(', ')}`,
        },
      ],
    };
  }
  if (Object.hasOwn(payload, '__proto__')) {
    issues.push({
      path: '__proto__',
      code: 'not_allowed',
      message: 'a claim named __proto__ is never valid',
    });
  }
  stringClaim(payload, 'iss', issues);
  const sub = stringClaim(payload, 'sub', issues);
  const aud = audience(payload, issues);
  for (const name of ['iat', 'nbf', 'exp']) numericDate(payload, name, issues);
  stringClaim(payload, 'jti', issues);

  let subject: ParsedSubject | undefined;
  if (sub !== undefined) {
    const parsed = checkSubject(sub, namespaceOptions);
    if (parsed.ok) subject = parsed.value;
    else issues.push(...parsed.issues);
  }
  const kind = expectedKind ?? subject?.kind;
  if (expectedKind !== undefined && subject !== undefined && subject.kind !== expectedKind) {
    issues.push({
      path: 'sub',
      code: 'mismatch',
      message: `sub is a ${subject.kind} subject, expected a ${expectedKind} subject`,
    });
  }
  if (kind === 'deployment') deploymentClaims(payload, subject, aud, issues);
  else if (kind === 'environment') environmentClaims(payload, subject, aud, issues);
  else if (kind === 'oidc') oidcClaims(payload, ns.claim, subject, aud, issues);
  else if (sub !== undefined && issues.every((i) => i.path !== 'sub')) {
    issues.push({
      path: 'sub',
      code: 'invalid_format',
      message: 'cannot recognise the token kind from sub; pass options.kind',
    });
  }

  if (issues.length > 0 || kind === undefined || subject === undefined) {
    return { ok: false, issues };
  }
  const claims = { ...payload, aud: Array.isArray(payload.aud) ? [...payload.aud] : payload.aud };
  return { ok: true, value: { kind, claims: claims as ParsedClaims['claims'], subject } };
}

/** `parseClaims` that throws `ClaimsError('invalid_claims')` listing every issue instead of returning them. */
export function parseClaimsOrThrow(payload: unknown, options?: ParseClaimsOptions): ParsedClaims {
  const result = parseClaims(payload, options);
  if (!result.ok) {
    throw new ClaimsError(
      'invalid_claims',
      summarizeIssues('invalid claims', result.issues),
      result.issues,
    );
  }
  return result.value;
}
