/**
 * The names a run is listed by: its org, the project of its deployment or environment, and its
 * stack (deployments only).
 */
export function runNames(identity: Record<string, unknown>): {
  org: string;
  project: string | null;
  stack: string | null;
} {
  const org = identity.org as string;
  const projectOf = (environment: unknown) =>
    typeof environment === 'string' ? (environment.split('/')[0] ?? null) : null;
  switch (identity.kind) {
    case 'deployment':
      return { org, project: identity.project as string, stack: identity.stack as string };
    case 'environment':
      return { org, project: projectOf(identity.currentEnvironment), stack: null };
    default:
      return {
        org,
        project: projectOf((identity.currentEnvironment as { name?: unknown } | undefined)?.name),
        stack: null,
      };
  }
}
