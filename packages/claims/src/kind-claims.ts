import {
  agree,
  checkAudienceIs,
  checkAudienceIsPlatformOf,
  component,
  environmentPath,
  type Issues,
  stringClaim,
} from './claim-fields.js';
import { OIDC_CLAIM_NAMES } from './claims.js';
import { COMPONENT_RULES, checkAudience } from './components.js';
import { isOperation, OPERATIONS, PLATFORMS } from './kinds.js';
import type { ParsedSubject } from './parse-subject.js';
import { describeType, getOwn, type JsonObject } from './shape.js';
import { isLegacyDefault } from './subjects.js';

// Custom claims of each kind: types, allow-lists and consistency with sub and aud.

const OIDC_SUFFIXES = OIDC_CLAIM_NAMES;
type OidcNames = Readonly<Record<(typeof OIDC_SUFFIXES)[number], string>>;

/** Namespaced oidc claim names, built once per namespace (few per process; bounded anyway). */
const oidcNamesByNamespace = new Map<string, OidcNames>();
const MAX_CACHED_NAMESPACES = 64;

function oidcNames(cns: string): OidcNames {
  let names = oidcNamesByNamespace.get(cns);
  if (names === undefined) {
    const built: Record<string, string> = {};
    for (const suffix of OIDC_SUFFIXES) built[suffix] = `${cns}${suffix}`;
    names = Object.freeze(built) as OidcNames;
    if (oidcNamesByNamespace.size >= MAX_CACHED_NAMESPACES) oidcNamesByNamespace.clear();
    oidcNamesByNamespace.set(cns, names);
  }
  return names;
}

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
      const claim =
        name === 'rootEnvironment.name'
          ? 'root_env'
          : name === 'currentEnvironment.name'
            ? 'current_env'
            : 'trigger_user';
      const claimValue = claim === 'root_env' ? root : claim === 'current_env' ? current : user;
      if (claimValue !== undefined && claimValue !== value) {
        agree(issues, claim, claimValue, value, `claim ${claim} does not match ${name} in sub`);
      }
    }
  }
  if (org !== undefined && current !== undefined) {
    if (isLegacyDefault(current)) {
      checkAudienceIs(
        issues,
        aud,
        [org],
        "aud of an environment token declared in the legacy 'default' project must be the bare org",
      );
    } else {
      checkAudienceIsPlatformOf(
        issues,
        aud,
        org,
        PLATFORMS,
        'aud of an environment token must be <platform>:<org> for a known platform',
      );
    }
  }
}

export function oidcClaims(
  p: JsonObject,
  cns: string,
  subject: ParsedSubject | undefined,
  aud: string[] | undefined,
  issues: Issues,
): void {
  const at = oidcNames(cns);
  if (aud !== undefined) {
    const listed = Array.isArray(p.aud);
    for (let index = 0; index < aud.length; index++) {
      // The audience rule's messages name the path, never the value.
      const found = checkAudience(aud[index] as string, listed ? `aud[${index}]` : 'aud');
      if (found.length > 0) issues.push(...found);
    }
  }
  component(p, at.org, COMPONENT_RULES.org, issues);
  const orgId = component(p, at.org_id, COMPONENT_RULES.id, issues);
  environmentPath(p, at.current_env, issues);
  const currentId = component(p, at.current_env_id, COMPONENT_RULES.id, issues);
  environmentPath(p, at.root_env, issues);
  component(p, at.root_env_id, COMPONENT_RULES.id, issues, false);
  component(p, at.actor, COMPONENT_RULES.login, issues);
  component(p, at.actor_id, COMPONENT_RULES.id, issues);
  if (subject?.kind === 'oidc') {
    agree(
      issues,
      at.org_id,
      orgId,
      subject.orgId,
      `claim ${at.org_id} does not match the org id in sub`,
    );
    agree(
      issues,
      at.current_env_id,
      currentId,
      subject.environmentId,
      `claim ${at.current_env_id} does not match the environment id in sub`,
    );
  }
}
