import {
  COMPONENT_RULES,
  type ComponentRule,
  checkComponent,
  checkEnvironmentPath,
  isValidComponent,
  isValidEnvironmentPath,
} from './components.js';
import { type ClaimIssue, ClaimsError, summarizeIssues } from './errors.js';
import type { NamespaceOptions } from './inputs.js';
import {
  isOperation,
  isSubjectAttribute,
  LEGACY_DEFAULT_PROJECT,
  OPERATIONS,
  type Operation,
  SUBJECT_ATTRIBUTES,
  type SubjectAttribute,
} from './kinds.js';
import { resolveNamespaces } from './namespaces.js';
import { describeType } from './shape.js';
import { isLegacyDefault } from './subjects.js';

export type ParsedSubject =
  | {
      kind: 'deployment';
      org: string;
      project: string;
      stack: string;
      operation: Operation;
      scope: 'write';
    }
  | {
      kind: 'environment';
      org: string;
      /** Default form only: the root environment as `<project>/<env>` (legacy `:env:<env>` → `default/<env>`). */
      environment?: string;
      /** Attribute form only (empty for the default form): the listed attributes after the leading org, in order. */
      attributes: Array<{ name: SubjectAttribute; value: string }>;
    }
  | { kind: 'oidc'; orgId: string; environmentId: string };

const MAX_SUBJECT_LENGTH = 2048;

class SubjectReader {
  readonly issues: ClaimIssue[] = [];
  constructor(readonly parts: readonly string[]) {}

  literal(index: number, expected: string): void {
    if (this.parts[index] !== expected) {
      this.issues.push({
        path: 'sub',
        code: 'invalid_format',
        message: `sub segment ${index} must be '${expected}'`,
      });
    }
  }

  component(index: number, rule: ComponentRule, what: string): string {
    const value = this.parts[index] ?? '';
    if (isValidComponent(value, rule)) return value;
    this.issues.push(...checkComponent(value, rule, 'sub', `${what} (segment ${index})`));
    return value;
  }

  environmentPath(index: number, what: string): string {
    const value = this.parts[index] ?? '';
    if (isValidEnvironmentPath(value)) return value;
    this.issues.push(...checkEnvironmentPath(value, 'sub', `${what} (segment ${index})`));
    return value;
  }

  /** `shape` is only rendered for the message, when the length is wrong. */
  length(expected: number, ns: string, shape: string): boolean {
    if (this.parts.length === expected) return true;
    this.issues.push({
      path: 'sub',
      code: 'invalid_format',
      message: `sub must have ${expected} ':'-separated segments (${ns}${shape}), found ${this.parts.length}`,
    });
    return false;
  }
}

function parseDeployment(r: SubjectReader, ns: string): ParsedSubject | undefined {
  if (
    !r.length(
      12,
      ns,
      ':deploy:org:<org>:project:<project>:stack:<stack>:operation:<operation>:scope:write',
    )
  )
    return undefined;
  r.literal(2, 'org');
  const org = r.component(3, COMPONENT_RULES.org, 'org');
  r.literal(4, 'project');
  const project = r.component(5, COMPONENT_RULES.project, 'project');
  r.literal(6, 'stack');
  const stack = r.component(7, COMPONENT_RULES.stack, 'stack');
  r.literal(8, 'operation');
  const operation = r.parts[9];
  if (!isOperation(operation)) {
    r.issues.push({
      path: 'sub',
      code: 'not_allowed',
      message: `operation (segment 9) must be one of ${OPERATIONS.join(', ')}`,
    });
  }
  r.literal(10, 'scope');
  r.literal(11, 'write');
  return {
    kind: 'deployment',
    org,
    project,
    stack,
    operation: operation as Operation,
    scope: 'write',
  };
}

function parseEnvironmentDefault(r: SubjectReader, ns: string): ParsedSubject | undefined {
  if (!r.length(6, ns, ':environments:org:<org>:env:<project>/<env>')) return undefined;
  const org = r.component(3, COMPONENT_RULES.org, 'org');
  r.literal(4, 'env');
  const env = r.parts[5] ?? '';
  let environment: string;
  if (env.includes('/')) {
    environment = r.environmentPath(5, 'environment');
    if (isLegacyDefault(environment)) {
      r.issues.push({
        path: 'sub',
        code: 'invalid_format',
        message: `environments of the legacy '${LEGACY_DEFAULT_PROJECT}' project are rendered without their project (':env:<env>')`,
      });
    }
  } else {
    environment = `${LEGACY_DEFAULT_PROJECT}/${r.component(5, COMPONENT_RULES.environment, 'environment')}`;
  }
  return { kind: 'environment', org, environment, attributes: [] };
}

function parseEnvironmentAttributes(r: SubjectReader): ParsedSubject | undefined {
  const org = r.component(3, COMPONENT_RULES.org, 'org');
  if (r.parts.length % 2 !== 0) {
    r.issues.push({
      path: 'sub',
      code: 'invalid_format',
      message:
        'attribute subjects are <ns>:environments:pulumi.organization.login:<org> followed by :<attribute>:<value> pairs; found an unpaired segment',
    });
    return undefined;
  }
  const attributes: Array<{ name: SubjectAttribute; value: string }> = [];
  for (let i = 4; i < r.parts.length; i += 2) {
    const name = r.parts[i];
    if (!isSubjectAttribute(name) || name === 'pulumi.organization.login') {
      r.issues.push({
        path: 'sub',
        code: 'not_allowed',
        message: `attribute (segment ${i}) must be one of ${SUBJECT_ATTRIBUTES.slice(0, 3).join(', ')}`,
      });
      continue;
    }
    if (attributes.some((a) => a.name === name)) {
      r.issues.push({
        path: 'sub',
        code: 'duplicate',
        message: `attribute ${name} (segment ${i}) appears twice`,
      });
      continue;
    }
    const value =
      name === 'pulumi.user.login'
        ? r.component(i + 1, COMPONENT_RULES.login, name)
        : r.environmentPath(i + 1, name);
    attributes.push({ name, value });
  }
  return { kind: 'environment', org, attributes };
}

function parseOidc(r: SubjectReader, ns: string): ParsedSubject | undefined {
  if (!r.length(5, ns, ':org:<orgId>:env:<environmentId>')) return undefined;
  const orgId = r.component(2, COMPONENT_RULES.id, 'orgId');
  r.literal(3, 'env');
  const environmentId = r.component(4, COMPONENT_RULES.id, 'environmentId');
  return { kind: 'oidc', orgId, environmentId };
}

/** Parses without throwing: the value, or every issue found. Namespace options are still validated (throws). */
export function checkSubject(
  sub: unknown,
  options?: NamespaceOptions,
): { ok: true; value: ParsedSubject } | { ok: false; issues: ClaimIssue[] } {
  return checkSubjectIn(sub, resolveNamespaces(options).subject);
}

/** `checkSubject` with an already resolved subject namespace. */
export function checkSubjectIn(
  sub: unknown,
  ns: string,
): { ok: true; value: ParsedSubject } | { ok: false; issues: ClaimIssue[] } {
  if (typeof sub !== 'string') {
    return {
      ok: false,
      issues: [
        {
          path: 'sub',
          code: 'invalid_type',
          message: `sub must be a string, got ${describeType(sub)}`,
        },
      ],
    };
  }
  if (sub.length > MAX_SUBJECT_LENGTH) {
    return {
      ok: false,
      issues: [
        {
          path: 'sub',
          code: 'too_long',
          message: `sub must be at most ${MAX_SUBJECT_LENGTH} characters`,
        },
      ],
    };
  }
  const r = new SubjectReader(sub.split(':'));
  let value: ParsedSubject | undefined;
  if (r.parts[0] !== ns) {
    r.issues.push({
      path: 'sub',
      code: 'invalid_format',
      message: `sub must start with '${ns}:' (the subject namespace)`,
    });
  } else if (r.parts[1] === 'deploy') {
    value = parseDeployment(r, ns);
  } else if (r.parts[1] === 'environments' && r.parts[2] === 'org') {
    value = parseEnvironmentDefault(r, ns);
  } else if (r.parts[1] === 'environments' && r.parts[2] === 'pulumi.organization.login') {
    value = parseEnvironmentAttributes(r);
  } else if (r.parts[1] === 'org') {
    value = parseOidc(r, ns);
  } else {
    r.issues.push({
      path: 'sub',
      code: 'invalid_format',
      message: `sub is not a RunID subject: expected '${ns}:deploy:…', '${ns}:environments:org:…', '${ns}:environments:pulumi.organization.login:…' or '${ns}:org:…'`,
    });
  }
  if (r.issues.length > 0 || value === undefined) return { ok: false, issues: r.issues };
  return { ok: true, value };
}

/** Subject → kind and components. Throws `ClaimsError('invalid_subject')` listing every issue. */
export function parseSubject(sub: string, options?: NamespaceOptions): ParsedSubject {
  const result = checkSubject(sub, options);
  if (!result.ok) {
    throw new ClaimsError(
      'invalid_subject',
      summarizeIssues('invalid subject', result.issues),
      result.issues,
    );
  }
  return result.value;
}
