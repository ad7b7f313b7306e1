import { readFileSync } from 'node:fs';
import { OPERATIONS, type Operation, parseDuration } from '@runid/claims';
import {
  type Finding,
  generateAws,
  generateAzure,
  generateGcp,
  generateVault,
  type Intent,
  lintAws,
  lintAzure,
  lintGcp,
  lintVault,
  readAwsProvider,
  readAwsRole,
  readAwsTrustPolicy,
  readAzureCredentials,
  readGcpIamPolicy,
  readGcpProvider,
  readVaultRole,
  simulateAws,
  simulateAzure,
  simulateGcp,
  simulateVault,
  TrustInputError,
  type Verdict,
} from '@runid/trust';
import type { Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { usageError } from './usage-error.js';

// `runid trust simulate|lint|generate`: the @runid/trust toolkit on files operators already have.
// Everything is local: nothing is sent anywhere.

export interface TrustIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads a file, or standard input for `-`. */
  readFile?: (path: string) => string;
}

interface TargetFlags {
  awsProvider?: string;
  awsRole?: string;
  awsTrustPolicy?: string;
  awsMaxSession?: string;
  azureCredential?: string;
  gcpProvider?: string;
  gcpIamPolicy?: string;
  gcpAudience?: string;
  vaultRole?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--aws-provider <file>', 'aws iam get-open-id-connect-provider output')
    .option('--aws-role <file>', 'aws iam get-role output')
    .option('--aws-trust-policy <file>', 'a bare trust policy document (instead of --aws-role)')
    .option('--aws-max-session <seconds>', "the role's MaxSessionDuration with --aws-trust-policy")
    .option('--azure-credential <file>', 'az ad app federated-credential list output')
    .option(
      '--gcp-provider <file>',
      'gcloud iam workload-identity-pools providers describe --format=json output',
    )
    .option(
      '--gcp-iam-policy <file>',
      "the service account's IAM policy (gcloud … get-iam-policy --format=json)",
    )
    .option('--gcp-audience <audience>', 'the STS audience parameter callers send')
    .option('--vault-role <file>', 'vault read -format=json auth/<mount>/role/<name> output')
    .option('--json', 'print JSON for machines');
}

type Target =
  | { cloud: 'aws'; target: Parameters<typeof simulateAws>[1] }
  | { cloud: 'azure'; credentials: ReturnType<typeof readAzureCredentials> }
  | { cloud: 'gcp'; target: Parameters<typeof simulateGcp>[1]; audience?: string }
  | { cloud: 'vault'; target: Parameters<typeof simulateVault>[1] };

function reader(io: TrustIo) {
  return (path: string, flag: string): string => {
    try {
      return io.readFile ? io.readFile(path) : readFileSync(path === '-' ? 0 : path, 'utf8');
    } catch (error) {
      throw usageError(flag, `cannot read ${path}: ${(error as Error).message}`);
    }
  };
}

function loadTarget(flags: TargetFlags, io: TrustIo, needProvider: boolean): Target {
  const read = reader(io);
  const chosen = [
    flags.awsRole || flags.awsTrustPolicy ? 'aws' : undefined,
    flags.azureCredential ? 'azure' : undefined,
    flags.gcpProvider ? 'gcp' : undefined,
    flags.vaultRole ? 'vault' : undefined,
  ].filter(Boolean);
  if (chosen.length !== 1) {
    throw usageError(
      '<target>',
      'name exactly one of --aws-role/--aws-trust-policy, --azure-credential, --gcp-provider, --vault-role',
    );
  }
  if (flags.awsRole || flags.awsTrustPolicy) {
    if (needProvider && !flags.awsProvider)
      throw usageError('--aws-provider', 'is required with --aws-role or --aws-trust-policy');
    const providers = flags.awsProvider
      ? [readAwsProvider(read(flags.awsProvider, '--aws-provider'), flags.awsProvider)]
      : [];
    let role: ReturnType<typeof readAwsRole>;
    if (flags.awsRole) {
      role = readAwsRole(read(flags.awsRole, '--aws-role'), flags.awsRole);
    } else {
      const file = flags.awsTrustPolicy as string;
      const { trustPolicy, duplicates } = readAwsTrustPolicy(
        read(file, '--aws-trust-policy'),
        file,
      );
      const max = flags.awsMaxSession === undefined ? 3600 : Number(flags.awsMaxSession);
      if (!Number.isInteger(max) || max < 3600 || max > 43200)
        throw usageError('--aws-max-session', 'must be seconds between 3600 and 43200');
      role = { maxSessionDuration: max, trustPolicy, policyPath: '', duplicates };
    }
    return { cloud: 'aws', target: { providers, role } };
  }
  if (flags.azureCredential) {
    return {
      cloud: 'azure',
      credentials: readAzureCredentials(
        read(flags.azureCredential, '--azure-credential'),
        flags.azureCredential,
      ),
    };
  }
  if (flags.gcpProvider) {
    const provider = readGcpProvider(read(flags.gcpProvider, '--gcp-provider'), flags.gcpProvider);
    const iamPolicy = flags.gcpIamPolicy
      ? readGcpIamPolicy(read(flags.gcpIamPolicy, '--gcp-iam-policy'), flags.gcpIamPolicy)
      : undefined;
    return {
      cloud: 'gcp',
      target: iamPolicy ? { provider, iamPolicy } : { provider },
      ...(flags.gcpAudience ? { audience: flags.gcpAudience } : {}),
    };
  }
  return {
    cloud: 'vault',
    target: {
      role: readVaultRole(read(flags.vaultRole as string, '--vault-role'), flags.vaultRole),
    },
  };
}

/** Turns bad input into a usage error (exit 2) naming the file and field. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TrustInputError)
      throw usageError(
        error.source,
        error.message.slice(error.source.length).replace(/^ /, '').replace(/^: /, ''),
      );
    throw error;
  }
}

export function formatVerdict(v: Verdict): string {
  if (v.accepted) {
    return [
      `accepted by ${v.relyingParty}${v.principal ? ` as ${v.principal}` : ''}`,
      ...v.notes.map((n) => `  note: ${n}`),
      '',
    ].join('\n');
  }
  return [
    `refused by ${v.relyingParty} at the ${v.stage} stage`,
    // Entra's literal messages start with their own code (`AADSTS7002138: …`): print it once.
    `  ${v.message.startsWith(`${v.code}:`) ? v.message : `${v.code}: ${v.message}`}`,
    `  failed: ${v.failed.path || '(token)'}`,
    `    expected: ${JSON.stringify(v.failed.expected)}`,
    ...(v.failed.actual === undefined
      ? ['    actual: (absent)']
      : [`    actual: ${JSON.stringify(v.failed.actual)}`]),
    `  hint: ${v.hint}`,
    ...v.notes.map((n) => `  note: ${n}`),
    '',
  ].join('\n');
}

export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings\n';
  return `${findings.map((f) => `${f.rule} ${f.severity} ${f.path || '/'}\n  ${f.message}\n  fix: ${f.fix}${f.admits?.length ? `\n  also admits: ${f.admits.join(', ')}` : ''}`).join('\n')}\n`;
}

/** Registers `trust simulate|lint|generate`; `setExit` receives 0 accepted/clean, 1 refused/findings. */
export function addTrustCommands(
  program: Command,
  io: TrustIo,
  setExit: (code: number) => void,
): void {
  const trust = program
    .command('trust')
    .description(
      'simulate, lint and generate cloud trust configuration for RunID tokens (local, sends nothing)',
    );
  const out = { writeOut: io.stdout, writeErr: io.stderr };

  addTargetOptions(
    trust
      .command('simulate')
      .description(
        'would the cloud accept this token under this configuration? exit 0 accepted, 1 refused, 2 bad input',
      )
      .requiredOption('--token <file|->', 'a compact JWT or a JSON object of claims')
      .option('--at <ISO time>', 'the time of the exchange (default now)')
      .option(
        '--duration <d>',
        'the requested session duration (AWS DurationSeconds, Google token lifetime), e.g. 1h',
      ),
  )
    .exitOverride()
    .configureOutput(out)
    .action((flags: TargetFlags & { token: string; at?: string; duration?: string }) => {
      const now = flags.at === undefined ? new Date() : new Date(flags.at);
      if (Number.isNaN(now.getTime()))
        throw usageError('--at', 'must be an ISO 8601 time, e.g. 2026-01-01T12:00:00Z');
      let durationSeconds: number | undefined;
      if (flags.duration !== undefined) {
        try {
          durationSeconds = parseDuration(flags.duration);
        } catch {
          throw usageError('--duration', 'must look like 1h, 30m or 1h30m');
        }
      }
      const verdict = guarded(() => {
        const target = loadTarget(flags, io, true);
        // The simulators read the token themselves: a malformed one is a refusal at the token stage.
        const token = reader(io)(flags.token, '--token');
        const d = durationSeconds === undefined ? {} : { durationSeconds };
        switch (target.cloud) {
          case 'aws':
            return simulateAws(token, target.target, { now, ...d });
          case 'azure':
            return simulateAzure(token, target.credentials, { now });
          case 'gcp':
            return simulateGcp(token, target.target, {
              now,
              ...d,
              ...(target.audience ? { audience: target.audience } : {}),
            });
          case 'vault':
            return simulateVault(token, target.target, { now });
        }
      });
      if (flags.json) {
        const { accepted, relyingParty } = verdict;
        const body = verdict.accepted
          ? {
              accepted,
              relyingParty,
              stage: null,
              code: null,
              message: null,
              failed: null,
              hint: null,
            }
          : {
              accepted,
              relyingParty,
              stage: verdict.stage,
              code: verdict.code,
              message: verdict.message,
              failed: verdict.failed,
              hint: verdict.hint,
            };
        io.stdout(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        io.stdout(formatVerdict(verdict));
      }
      setExit(verdict.accepted ? EXIT.ok : EXIT.refused);
    });

  addTargetOptions(
    trust
      .command('lint')
      .description('find misconfigurations (rules L1–L24); exit 0 clean, 1 findings')
      .option('--issuer <url>', 'the RunID issuer (iss) the configuration is for'),
  )
    .exitOverride()
    .configureOutput(out)
    .action((flags: TargetFlags & { issuer?: string }) => {
      const findings = guarded(() => {
        const target = loadTarget(flags, io, false);
        const issuer = flags.issuer ? { issuer: flags.issuer } : {};
        switch (target.cloud) {
          case 'aws':
            return lintAws({
              role: target.target.role,
              providers: target.target.providers,
              ...issuer,
            });
          case 'azure':
            return lintAzure({ credentials: target.credentials, ...issuer });
          case 'gcp':
            return lintGcp({
              ...target.target,
              ...(target.audience ? { audience: target.audience } : {}),
            });
          case 'vault':
            return lintVault(target.target);
        }
      });
      io.stdout(
        flags.json
          ? `${JSON.stringify({ findings: findings.map(({ rule, severity, path, message, fix }) => ({ rule, severity, path, message, fix })) }, null, 2)}\n`
          : formatFindings(findings),
      );
      setExit(findings.some((f) => f.severity !== 'info') ? EXIT.refused : EXIT.ok);
    });

  trust
    .command('generate')
    .description('print least-privilege trust configuration for one intent')
    .argument('<cloud>', 'aws, azure, gcp or vault')
    .requiredOption('--issuer <url>', 'the issuer base URL, e.g. https://id.example.com')
    .requiredOption('--kind <kind>', 'deployment, environment or oidc')
    .option('--org <org>', 'organization (deployment, environment)')
    .option('--project <project>', 'project (deployment)')
    .option('--stack <stack>', 'stack (deployment)')
    .option('--operation <op>', 'an operation (repeatable)', collect)
    .option('--environment <project/env>', 'an environment (repeatable)', collect)
    .option('--org-id <id>', 'organization id (oidc)')
    .option('--environment-id <id>', 'an environment id (oidc, repeatable)', collect)
    .option('--audience <aud>', 'the audience (oidc)')
    .option('--account-id <id>', 'AWS account id')
    .option('--role-name <name>', 'AWS role or Vault role name')
    .option(
      '--application <object-id>',
      'Azure app registration object id (repeat it: one app per 20 credentials)',
      collect,
    )
    .option('--identity-name <name>', 'Azure user-assigned identity (instead of --application)')
    .option('--resource-group <rg>', "the identity's resource group")
    .option('--project-number <n>', 'Google Cloud project number')
    .option('--pool <id>', 'workload identity pool id')
    .option('--provider <id>', 'workload identity pool provider id')
    .option('--service-account <email>', 'service account to impersonate')
    .option('--mount <path>', 'Vault auth mount (default runid)')
    .option('--policy <name>', 'Vault token policy (repeatable)', collect)
    .option('--format <format>', 'terraform or native', 'terraform')
    .exitOverride()
    .configureOutput(out)
    .action((cloud: string, f: Record<string, string | string[] | undefined>) => {
      const s = (name: string) => {
        const v = f[name];
        if (typeof v !== 'string' || v === '')
          throw usageError(
            `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
            'is required here',
          );
        return v;
      };
      const l = (name: string) => {
        const v = f[name];
        if (!Array.isArray(v) || v.length === 0)
          throw usageError(
            `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
            'is required here (repeat it for several)',
          );
        return v;
      };
      if (f.format !== 'terraform' && f.format !== 'native')
        throw usageError('--format', 'must be terraform or native');
      const kind = s('kind');
      let intent: Intent;
      if (kind === 'deployment') {
        const [org, project, stack] = [s('org'), s('project'), s('stack')];
        const ops = l('operation');
        for (const op of ops) {
          if (!(OPERATIONS as readonly string[]).includes(op)) {
            throw usageError('--operation', `must be one of ${OPERATIONS.join(', ')}`);
          }
        }
        intent = { kind, org, project, stack, operations: ops as Operation[] };
      } else if (kind === 'environment') {
        intent = { kind, org: s('org'), environments: l('environment') };
      } else if (kind === 'oidc') {
        intent = {
          kind,
          orgId: s('orgId'),
          environmentIds: l('environmentId'),
          audience: s('audience'),
        };
      } else {
        throw usageError('--kind', 'must be deployment, environment or oidc');
      }
      const issuerBase = s('issuer');
      const generated = guarded(() => {
        switch (cloud) {
          case 'aws':
            return generateAws(intent, {
              issuerBase,
              accountId: s('accountId'),
              roleName: s('roleName'),
            });
          case 'azure':
            return generateAzure(
              intent,
              f.identityName
                ? {
                    issuerBase,
                    identity: { name: s('identityName'), resourceGroup: s('resourceGroup') },
                  }
                : { issuerBase, application: l('application') },
            );
          case 'gcp':
            return generateGcp(intent, {
              issuerBase,
              projectNumber: s('projectNumber'),
              poolId: s('pool'),
              providerId: s('provider'),
              serviceAccount: s('serviceAccount'),
            });
          case 'vault':
            return generateVault(intent, {
              issuerBase,
              roleName: s('roleName'),
              policies: l('policy'),
              ...(typeof f.mount === 'string' ? { mount: f.mount } : {}),
            });
          default:
            throw usageError('<cloud>', 'must be aws, azure, gcp or vault');
        }
      });
      for (const note of generated.notes) io.stderr(`note: ${note}\n`);
      io.stdout(f.format === 'native' ? generated.native : generated.terraform);
      setExit(EXIT.ok);
    });
}
