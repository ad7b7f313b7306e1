import {
  agree,
  checkAudienceIs,
  component,
  environmentPath,
  type Issues,
  stringClaim,
} from './claim-fields.js';
import { COMPONENT_RULES, checkAudience } from './components.js';
import { isOperation, OPERATIONS, PLATFORMS } from './kinds.js';
import type { ParsedSubject } from './parse-subject.js';
import { describeType, getOwn, type JsonObject } from './shape.js';
import { isLegacyDefault } from './subjects.js';

// Custom claims of each kind: types, allow-lists and consistency with sub and aud.

export function deploymentClaims(
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

export function environmentClaims(
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

export function oidcClaims(
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
