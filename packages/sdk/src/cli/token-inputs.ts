import { OPERATIONS, PLATFORMS, SUBJECT_ATTRIBUTES, TOKEN_KINDS } from '@runid/claims';
import { type Command, Option } from 'commander';
import type { Env } from '../aws/endpoint.js';
import type { TokenRequest } from '../types.js';
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
  return command
    .addOption(new Option('--kind <kind>', 'token kind').choices(TOKEN_KINDS))
    .option('--org <org>', 'organization (all kinds)')
    .option('--duration <duration>', 'token lifetime, e.g. 15m, 1h (default 1h)')
    .option('--project <project>', 'deployment: project')
    .option('--stack <stack>', 'deployment: stack')
    .addOption(new Option('--operation <operation>', 'deployment: operation').choices(OPERATIONS))
    .option('--deployment <n>', 'deployment: run number, integer >= 1 (default: $RUNID_DEPLOYMENT)')
    .addOption(new Option('--platform <platform>', 'environment: vendor').choices(PLATFORMS))
    .option('--current-environment <project/env>', 'environment: where the login is declared')
    .option(
      '--root-environment <project/env>',
      'environment: the environment opened (default: current)',
    )
    .option('--user <login>', 'environment: the user who opened it')
    .addOption(
      new Option('--subject-attribute <attribute>', 'environment: subject attribute (repeatable)')
        .choices(SUBJECT_ATTRIBUTES)
        .argParser(collect),
    )
    .option('--org-id <id>', 'oidc: organization id')
    .option('--current-environment-name <name>', 'oidc: declaring environment name')
    .option('--current-environment-id <id>', 'oidc: declaring environment id')
    .option('--root-environment-name <name>', 'oidc: opened environment name')
    .option('--root-environment-id <id>', 'oidc: opened environment id')
    .option('--actor-login <login>', 'oidc: actor login')
    .option('--actor-id <id>', 'oidc: actor id')
    .option(
      '--audience <aud>',
      'oidc: audience (e.g. api://AzureADTokenExchange, sts.amazonaws.com)',
    );
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
  const kind = flags.kind as Kind | undefined;
  if (kind === undefined) {
    throw usageError('--kind', `is required: one of ${TOKEN_KINDS.join(', ')}`);
  }
  const values: TokenFlags = { ...flags };
  if (kind === 'deployment' && values.deployment === undefined && env.RUNID_DEPLOYMENT) {
    values.deployment = env.RUNID_DEPLOYMENT;
  }
  const spec = KIND_FLAGS[kind];
  const allowed = new Set<keyof TokenFlags>([...spec.required, ...spec.optional]);
  const foreign = [...ALL_FLAGS].filter((k) => values[k] !== undefined && !allowed.has(k));
  if (foreign.length > 0) {
    throw usageError(
      flagName(foreign[0] as string),
      `not an input of kind ${kind}${foreign.length > 1 ? ` (nor ${foreign.slice(1).map(flagName).join(', ')})` : ''}; it takes ${[...allowed].map(flagName).join(', ')}`,
    );
  }
  const missing = spec.required.filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length > 0) {
    const hint =
      kind === 'deployment' && missing.includes('deployment')
        ? ' (--deployment or RUNID_DEPLOYMENT: the run number the API requires)'
        : '';
    throw usageError(
      flagName(missing[0] as string),
      `missing: kind ${kind} needs ${missing.map(flagName).join(', ')}${hint}`,
    );
  }
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
