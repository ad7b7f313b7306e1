import type { EnvironmentTokenInput } from './inputs.js';
import { LEGACY_DEFAULT_PROJECT, type Operation, type SubjectAttribute } from './kinds.js';

// Renderers only: callers pass validated components (no ':' etc.), which is what keeps them injective.

export function deploymentSubject(
  ns: string,
  c: { org: string; project: string; stack: string; operation: Operation },
): string {
  return `${ns}:deploy:org:${c.org}:project:${c.project}:stack:${c.stack}:operation:${c.operation}:scope:write`;
}

export function isLegacyDefault(environmentPath: string): boolean {
  return environmentPath.startsWith(`${LEGACY_DEFAULT_PROJECT}/`);
}

/** `default/<env>` renders as `<env>`: the pre-project format Pulumi keeps for the legacy project. */
export function subjectEnvironment(environmentPath: string): string {
  return isLegacyDefault(environmentPath)
    ? environmentPath.slice(LEGACY_DEFAULT_PROJECT.length + 1)
    : environmentPath;
}

export function environmentSubject(
  ns: string,
  c: Pick<
    EnvironmentTokenInput,
    'org' | 'currentEnvironment' | 'rootEnvironment' | 'user' | 'subjectAttributes'
  >,
): string {
  const root = c.rootEnvironment ?? c.currentEnvironment;
  if (c.subjectAttributes === undefined) {
    return `${ns}:environments:org:${c.org}:env:${subjectEnvironment(root)}`;
  }
  const values: Record<SubjectAttribute, string> = {
    'rootEnvironment.name': root,
    'currentEnvironment.name': c.currentEnvironment,
    'pulumi.user.login': c.user,
    'pulumi.organization.login': c.org,
  };
  let sub = `${ns}:environments:pulumi.organization.login:${c.org}`;
  for (const attribute of c.subjectAttributes) {
    // The organization always leads the subject; listing it again adds nothing.
    if (attribute === 'pulumi.organization.login') continue;
    sub += `:${attribute}:${values[attribute]}`;
  }
  return sub;
}

export function oidcSubject(ns: string, orgId: string, environmentId: string): string {
  return `${ns}:org:${orgId}:env:${environmentId}`;
}
