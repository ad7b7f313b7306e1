import { OPERATIONS, PLATFORMS, SUBJECT_ATTRIBUTES, TOKEN_KINDS } from '@runid/claims';
import { type Command, Option } from 'commander';
import type { Env } from '../aws/endpoint.js';
import type { CreateRunRequest, RunTokenRequest, TokenRequest } from '../types.js';
import { usageError } from './usage-error.js';

/** The parsed token flags, as commander names them (camelCase of the long flag). */
export interface TokenFlags {
  kind?: string;
  org?: string;
  duration?: string;
  project?: string;
  stack?: string;
  operation?: string;
  deployment?: string;
  platform?: string;
  currentEnvironment?: string;
  rootEnvironment?: string;
  user?: string;
  subjectAttribute?: string[];
  orgId?: string;
  currentEnvironmentName?: string;
  currentEnvironmentId?: string;
  rootEnvironmentName?: string;
  rootEnvironmentId?: string;
  actorLogin?: string;
  actorId?: string;
  audience?: string;
}

type Kind = (typeof TOKEN_KINDS)[number];

// Which flags each kind takes; a flag of another kind is an error rather than silently ignored.
const KIND_FLAGS: Record<Kind, { required: (keyof TokenFlags)[]; optional: (keyof TokenFlags)[] }> =
  {
    deployment: {
      required: ['org', 'project', 'stack', 'operation', 'deployment'],
      optional: ['duration'],
    },
    environment: {
      required: ['org', 'platform', 'currentEnvironment', 'user'],
      optional: ['rootEnvironment', 'subjectAttribute', 'duration'],
    },
    oidc: {
      required: [
        'org',
        'orgId',
        'currentEnvironmentName',
        'currentEnvironmentId',
        'rootEnvironmentName',
        'actorLogin',
        'actorId',
        'audience',
      ],
      optional: ['rootEnvironmentId', 'duration'],
    },
  };

const ALL_FLAGS = new Set<keyof TokenFlags>(
  Object.values(KIND_FLAGS).flatMap((k) => [...k.required, ...k.optional]),
);

export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function addTokenOptions(command: Command): Command {
  return addIdentityOptions(command)
    .option('--duration <duration>', 'token lifetime, e.g. 15m, 1h (default 1h)')
    .addOption(new Option('--platform <platform>', 'environment: vendor').choices(PLATFORMS))
    .addOption(
      new Option('--subject-attribute <attribute>', 'environment: subject attribute (repeatable)')
        .choices(SUBJECT_ATTRIBUTES)
        .argParser(collect),
    )
    .option(
      '--audience <aud>',
      'oidc: audience (e.g. api://AzureADTokenExchange, sts.amazonaws.com)',
    );
}

/**
 * The identity flags of a run (`runid run start`, `runid run -- …`): those of `runid token`,
 * except that `--platform` and `--audience` are the run's lists (repeatable) and the token's own
 * choices (`--duration`, `--subject-attribute`) are made later, per token.
 */
export function addRunIdentityOptions(command: Command): Command {
  return addIdentityOptions(
    command,
    'deployment: version number, integer >= 1 (default: $RUNID_DEPLOYMENT, else the issuer assigns the next)',
  )
    .option(
      '--platform <platform>',
      `environment: a vendor the run's tokens may carry (repeatable; ${PLATFORMS.join(', ')})`,
      collectOf('--platform', PLATFORMS),
    )
    .option(
      '--audience <aud>',
      "oidc: an audience the run's tokens may carry (repeatable)",
      collectOf('--audience'),
    );
}

function addIdentityOptions(
  command: Command,
  deployment = 'deployment: run number, integer >= 1 (default: $RUNID_DEPLOYMENT)',
): Command {
  return command
    .addOption(new Option('--kind <kind>', 'token kind').choices(TOKEN_KINDS))
    .option('--org <org>', 'organization (all kinds)')
    .option('--project <project>', 'deployment: project')
    .option('--stack <stack>', 'deployment: stack')
    .addOption(new Option('--operation <operation>', 'deployment: operation').choices(OPERATIONS))
    .option('--deployment <n>', deployment)
    .option('--current-environment <project/env>', 'environment: where the login is declared')
    .option(
      '--root-environment <project/env>',
      'environment: the environment opened (default: current)',
    )
    .option('--user <login>', 'environment: the user who opened it')
    .option('--org-id <id>', 'oidc: organization id')
    .option('--current-environment-name <name>', 'oidc: declaring environment name')
    .option('--current-environment-id <id>', 'oidc: declaring environment id')
    .option('--root-environment-name <name>', 'oidc: opened environment name')
    .option('--root-environment-id <id>', 'oidc: opened environment id')
    .option('--actor-login <login>', 'oidc: actor login')
    .option('--actor-id <id>', 'oidc: actor id');
}

function collectOf(flag: string, allowed?: readonly string[]) {
  return (value: string, previous: string[] | undefined): string[] => {
    if (allowed !== undefined && !allowed.includes(value)) {
      throw usageError(
        flag,
        `unknown value ${JSON.stringify(value)}; allowed: ${allowed.join(', ')}`,
      );
    }
    if (previous?.includes(value))
      throw usageError(flag, `${JSON.stringify(value)} is given twice`);
    return [...(previous ?? []), value];
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  if (!(SUBJECT_ATTRIBUTES as readonly string[]).includes(value)) {
    throw usageError(
      '--subject-attribute',
      `unknown attribute ${JSON.stringify(value)}; allowed: ${SUBJECT_ATTRIBUTES.join(', ')}`,
    );
  }
  return [...(previous ?? []), value];
}

/**
 * Builds the request body from the flags. `deployment` is required by the API: it comes from
 * `--deployment`, else `RUNID_DEPLOYMENT`, else this is a usage error (never a guessed default).
 */
export function tokenRequestFromFlags(flags: TokenFlags, env: Env): TokenRequest {
  const { kind, values } = checkKindFlags(flags, env, KIND_FLAGS, ALL_FLAGS);
  const v = values as Required<TokenFlags>;
  const duration = values.duration === undefined ? {} : { duration: values.duration };
  switch (kind) {
    case 'deployment':
      return {
        kind,
        org: v.org,
        project: v.project,
        stack: v.stack,
        operation: v.operation as (typeof OPERATIONS)[number],
        deployment: parseDeployment(v.deployment, flags.deployment === undefined),
        ...duration,
      };
    case 'environment':
      return {
        kind,
        org: v.org,
        platform: v.platform as (typeof PLATFORMS)[number],
        currentEnvironment: v.currentEnvironment,
        ...(values.rootEnvironment === undefined
          ? {}
          : { rootEnvironment: values.rootEnvironment }),
        user: v.user,
        ...(values.subjectAttribute === undefined
          ? {}
          : {
              subjectAttributes: values.subjectAttribute as (typeof SUBJECT_ATTRIBUTES)[number][],
            }),
        ...duration,
      };
    case 'oidc':
      return {
        kind,
        org: v.org,
        orgId: v.orgId,
        currentEnvironment: { name: v.currentEnvironmentName, id: v.currentEnvironmentId },
        rootEnvironment: {
          name: v.rootEnvironmentName,
          ...(values.rootEnvironmentId === undefined ? {} : { id: values.rootEnvironmentId }),
        },
        actor: { login: v.actorLogin, id: v.actorId },
        audience: v.audience,
        ...duration,
      };
  }
}

type Spec<F> = { required: (keyof F)[]; optional: (keyof F)[] };

/**
 * `--kind` and the flags it takes: a flag of another kind is an error rather than silently
 * ignored, a required one missing is an error. `RUNID_DEPLOYMENT` stands in for `--deployment`.
 */
function checkKindFlags<F extends { kind?: string; deployment?: string }>(
  flags: F,
  env: Env,
  specs: Record<Kind, Spec<F>>,
  all: ReadonlySet<keyof F>,
): { kind: Kind; values: F } {
  const kind = flags.kind as Kind | undefined;
  if (kind === undefined) {
    throw usageError('--kind', `is required: one of ${TOKEN_KINDS.join(', ')}`);
  }
  const values: F = { ...flags };
  if (kind === 'deployment' && values.deployment === undefined && env.RUNID_DEPLOYMENT) {
    values.deployment = env.RUNID_DEPLOYMENT;
  }
  const spec = specs[kind];
  const allowed = new Set<keyof F>([...spec.required, ...spec.optional]);
  const foreign = [...all].filter((k) => values[k] !== undefined && !allowed.has(k));
  if (foreign.length > 0) {
    throw usageError(
      flagName(foreign[0] as string),
      `not an input of kind ${kind}${
        foreign.length > 1
          ? ` (nor ${foreign
              .slice(1)
              .map((k) => flagName(k as string))
              .join(', ')})`
          : ''
      }; it takes ${[...allowed].map((k) => flagName(k as string)).join(', ')}`,
    );
  }
  const missing = spec.required.filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length > 0) {
    const hint =
      kind === 'deployment' && missing.includes('deployment' as keyof F)
        ? ' (--deployment or RUNID_DEPLOYMENT: the run number the API requires)'
        : '';
    throw usageError(
      flagName(missing[0] as string),
      `missing: kind ${kind} needs ${missing.map((k) => flagName(k as string)).join(', ')}${hint}`,
    );
  }
  return { kind, values };
}

// Inside a run the token chooses only these; the run fixed everything else.
const RUN_TOKEN_FLAGS = ['audience', 'platform', 'duration', 'subjectAttribute'] as const;

/**
 * The body of a mint with the run credential (`RUNID_RUN_TOKEN`): `--audience` / `--platform`
 * within the run's lists, `--duration`, `--subject-attribute`. An identity flag is a usage error:
 * the run fixes the identity.
 */
export function runTokenRequestFromFlags(flags: TokenFlags): RunTokenRequest {
  const identity = ['kind' as const, ...ALL_FLAGS].filter(
    (k) => flags[k] !== undefined && !(RUN_TOKEN_FLAGS as readonly string[]).includes(k),
  );
  if (identity.length > 0) {
    throw usageError(
      flagName(identity[0] as string),
      `RUNID_RUN_TOKEN is set, and the run fixes the identity: drop ${identity.map(flagName).join(', ')} (a token of the run takes only ${RUN_TOKEN_FLAGS.map(flagName).join(', ')}), or unset RUNID_RUN_TOKEN to mint with a client key`,
    );
  }
  return {
    ...(flags.audience === undefined ? {} : { audience: flags.audience }),
    ...(flags.platform === undefined
      ? {}
      : { platform: flags.platform as (typeof PLATFORMS)[number] }),
    ...(flags.duration === undefined ? {} : { duration: flags.duration }),
    ...(flags.subjectAttribute === undefined
      ? {}
      : { subjectAttributes: flags.subjectAttribute as (typeof SUBJECT_ATTRIBUTES)[number][] }),
  };
}

/** The parsed identity flags of a run: `--platform` and `--audience` are lists. */
export type RunIdentityFlags = Omit<
  TokenFlags,
  'platform' | 'audience' | 'duration' | 'subjectAttribute'
> & {
  platform?: string[];
  audience?: string[];
};

const RUN_KIND_FLAGS: Record<Kind, Spec<RunIdentityFlags>> = {
  deployment: { required: ['org', 'project', 'stack', 'operation'], optional: ['deployment'] },
  environment: {
    required: ['org', 'platform', 'currentEnvironment', 'user'],
    optional: ['rootEnvironment'],
  },
  oidc: {
    required: [
      'org',
      'orgId',
      'currentEnvironmentName',
      'currentEnvironmentId',
      'rootEnvironmentName',
      'actorLogin',
      'actorId',
      'audience',
    ],
    optional: ['rootEnvironmentId'],
  },
};

const ALL_RUN_FLAGS = new Set<keyof RunIdentityFlags>(
  Object.values(RUN_KIND_FLAGS).flatMap((k) => [...k.required, ...k.optional]),
);

/**
 * The run's identity and lists from the flags (`POST /api/v1/runs` without `deadline`). A
 * deployment run may leave `--deployment` (and `RUNID_DEPLOYMENT`) out: the issuer assigns the
 * next number of the stack. `--platform` (environment) and `--audience` (oidc) are the lists the
 * run's tokens choose from.
 */
export function runIdentityFromFlags(
  flags: RunIdentityFlags,
  env: Env,
): Omit<CreateRunRequest, 'deadline'> {
  const { kind, values } = checkKindFlags(flags, env, RUN_KIND_FLAGS, ALL_RUN_FLAGS);
  const v = values as Required<RunIdentityFlags>;
  switch (kind) {
    case 'deployment':
      return {
        identity: {
          kind,
          org: v.org,
          project: v.project,
          stack: v.stack,
          operation: v.operation as (typeof OPERATIONS)[number],
          ...(values.deployment === undefined
            ? {}
            : { deployment: parseDeployment(values.deployment, flags.deployment === undefined) }),
        },
      };
    case 'environment':
      return {
        identity: {
          kind,
          org: v.org,
          currentEnvironment: v.currentEnvironment,
          ...(values.rootEnvironment === undefined
            ? {}
            : { rootEnvironment: values.rootEnvironment }),
          user: v.user,
        },
        platforms: v.platform as (typeof PLATFORMS)[number][],
      };
    case 'oidc':
      return {
        identity: {
          kind,
          org: v.org,
          orgId: v.orgId,
          currentEnvironment: { name: v.currentEnvironmentName, id: v.currentEnvironmentId },
          rootEnvironment: {
            name: v.rootEnvironmentName,
            ...(values.rootEnvironmentId === undefined ? {} : { id: values.rootEnvironmentId }),
          },
          actor: { login: v.actorLogin, id: v.actorId },
        },
        audiences: v.audience,
      };
  }
}

function parseDeployment(text: string, fromEnv: boolean): number {
  const source = fromEnv ? 'RUNID_DEPLOYMENT' : '--deployment';
  if (!/^[1-9]\d{0,15}$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw usageError(
      source,
      `must be the run number, an integer >= 1 (got ${JSON.stringify(text)})`,
    );
  }
  return Number(text);
}
