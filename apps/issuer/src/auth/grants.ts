import { parseDuration, type TokenInput, type TokenKind } from '@runid/claims';
import type { Schemas } from '@runid/contract';
import type { FieldError } from '../errors.js';
import { compileGlob, matchesAny } from './glob.js';

export type Grant = Schemas['Grant'];

/** A grant with its globs compiled once (when the client is loaded, not per request). */
export interface CompiledGrant {
  readonly kinds: ReadonlySet<TokenKind>;
  readonly orgs: readonly RegExp[];
  readonly projects: readonly RegExp[] | undefined;
  readonly stacks: readonly RegExp[] | undefined;
  readonly environments: readonly RegExp[] | undefined;
  readonly platforms: ReadonlySet<string> | undefined;
  /** Absent audiences mean none: `oidc` tokens need them listed. */
  readonly audiences: ReadonlySet<string>;
  readonly maxDurationSeconds: number | undefined;
  /** May introspect the tokens of `orgs` (any kind, any minting client). */
  readonly introspect: boolean;
}

export function compileGrant(grant: Grant): CompiledGrant {
  const globs = (list: string[] | undefined) => list?.map(compileGlob);
  return {
    kinds: new Set(grant.kinds),
    orgs: grant.orgs.map(compileGlob),
    projects: globs(grant.projects),
    stacks: globs(grant.stacks),
    environments: globs(grant.environments),
    platforms: grant.platforms ? new Set(grant.platforms) : undefined,
    audiences: new Set(grant.audiences ?? []),
    maxDurationSeconds:
      grant.maxDuration === undefined ? undefined : parseDuration(grant.maxDuration),
    introspect: grant.introspect === true,
  };
}

/** The names a request touches, by grant field. */
function requestNames(input: TokenInput): {
  projects: string[];
  stacks: string[];
  environments: string[];
} {
  const project = (env: string) => env.split('/')[0] ?? env;
  switch (input.kind) {
    case 'deployment':
      return { projects: [input.project], stacks: [input.stack], environments: [] };
    case 'environment': {
      const envs = [input.currentEnvironment, input.rootEnvironment ?? input.currentEnvironment];
      return { projects: envs.map(project), stacks: [], environments: envs };
    }
    case 'oidc': {
      const envs = [input.currentEnvironment.name, input.rootEnvironment.name];
      return { projects: envs.map(project), stacks: [], environments: envs };
    }
  }
}

/** Why one grant refuses the request (the first field that does), or undefined when it allows it. */
function refusal(
  grant: CompiledGrant,
  input: TokenInput,
  lifetimeSeconds: number,
): [string, string] | undefined {
  if (!grant.kinds.has(input.kind)) return ['kinds', `does not allow kind '${input.kind}'`];
  if (!matchesAny(grant.orgs, input.org)) return ['orgs', `does not allow org '${input.org}'`];
  const names = requestNames(input);
  if (grant.projects) {
    const denied = names.projects.find((p) => !matchesAny(grant.projects ?? [], p));
    if (denied !== undefined) return ['projects', `does not allow project '${denied}'`];
  }
  if (grant.stacks) {
    const denied = names.stacks.find((s) => !matchesAny(grant.stacks ?? [], s));
    if (denied !== undefined) return ['stacks', `does not allow stack '${denied}'`];
  }
  if (grant.environments) {
    const denied = names.environments.find((e) => !matchesAny(grant.environments ?? [], e));
    if (denied !== undefined) return ['environments', `does not allow environment '${denied}'`];
  }
  if (input.kind === 'environment' && grant.platforms && !grant.platforms.has(input.platform)) {
    return ['platforms', `does not allow platform '${input.platform}'`];
  }
  if (input.kind === 'oidc' && !grant.audiences.has(input.audience)) {
    return [
      'audiences',
      grant.audiences.size === 0
        ? 'allows no audience (list the audiences an oidc token may carry)'
        : 'does not allow this audience',
    ];
  }
  if (grant.maxDurationSeconds !== undefined && lifetimeSeconds > grant.maxDurationSeconds) {
    return [
      'maxDuration',
      `caps the lifetime at ${grant.maxDurationSeconds} s; ${lifetimeSeconds} s was asked`,
    ];
  }
  return undefined;
}

/** Undefined when some grant allows the request; otherwise one reason per grant. */
export function checkGrants(
  grants: readonly CompiledGrant[],
  input: TokenInput,
  lifetimeSeconds: number,
): FieldError[] | undefined {
  const reasons: FieldError[] = [];
  for (const [index, grant] of grants.entries()) {
    const refused = refusal(grant, input, lifetimeSeconds);
    if (refused === undefined) return undefined;
    reasons.push({
      path: `grants[${index}].${refused[0]}`,
      code: 'not_granted',
      message: `${refused[0]} ${refused[1]}`,
    });
  }
  return reasons;
}

/** Whether any grant lets the client introspect at all. */
export function introspects(grants: readonly CompiledGrant[]): boolean {
  return grants.some((g) => g.introspect);
}

/** Whether an introspecting grant covers the tokens of `org`. */
export function mayIntrospect(grants: readonly CompiledGrant[], org: string): boolean {
  return grants.some((g) => g.introspect && matchesAny(g.orgs, org));
}
