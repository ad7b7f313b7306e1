import type { AuditRecord, Run, RunDetail, RunQuery } from '@runid/sdk';
import type { Command } from 'commander';
import { apiCommand, type CliContext } from './api-command.js';
import type { ConnectionFlags } from './api-connection.js';
import { AUDIT_COLUMNS } from './audit-commands.js';
import { addPagingOptions, fetchPages, nextPageHint, type PagingFlags } from './paging.js';
import { type Column, formatFields, formatTable } from './table.js';

/** What a run is about, in one line: `deployment acme/web/prod update #42`. */
export function runIdentity(run: Run): string {
  const id = run.identity;
  switch (id.kind) {
    case 'deployment':
      return `deployment ${id.org}/${id.project}/${id.stack} ${id.operation}${id.deployment === undefined ? '' : ` #${id.deployment}`}`;
    case 'environment':
      return `environment ${id.org}/${id.currentEnvironment} ${id.user}`;
    case 'oidc':
      return `oidc ${id.org}/${id.currentEnvironment} ${id.actor}`;
  }
}

const COLUMNS: Column<Run>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'state', value: (r) => r.state },
  { header: 'identity', value: runIdentity },
  { header: 'client', value: (r) => r.clientId },
  { header: 'created', value: (r) => r.createdAt },
  { header: 'deadline', value: (r) => r.deadline },
  { header: 'ended', value: (r) => r.endedAt },
];

function runFields(run: Run): string {
  return formatFields([
    ['id', run.id],
    ['state', run.state],
    ['identity', runIdentity(run)],
    ['client', run.clientId],
    ['created', run.createdAt],
    ['deadline', run.deadline],
    ['ended', run.endedAt],
    ...(run.platforms === undefined
      ? []
      : [['platforms', run.platforms.join(', ')] as [string, string]]),
    ...(run.audiences === undefined
      ? []
      : [['audiences', run.audiences.join(', ')] as [string, string]]),
  ]);
}

type ListFlags = ConnectionFlags &
  PagingFlags & { state?: RunQuery['state']; org?: string; project?: string; stack?: string };

/** `runid-issuer runs …` over the API. */
export function registerRunCommands(program: Command, context: CliContext): void {
  const runs = program
    .command('runs')
    .description(
      'Workload runs and the tokens they minted (API: RUNID_URL and an admin credential).',
    );

  addPagingOptions(
    apiCommand(
      runs,
      'list',
      'List runs, newest first',
      context,
      (client, flags: ListFlags) =>
        fetchPages(flags, (page) =>
          client.listRuns({
            ...page,
            ...(flags.state === undefined ? {} : { state: flags.state }),
            ...(flags.org === undefined ? {} : { org: flags.org }),
            ...(flags.project === undefined ? {} : { project: flags.project }),
            ...(flags.stack === undefined ? {} : { stack: flags.stack }),
          }),
        ),
      (page) => `${formatTable(page.items, COLUMNS, 'No runs.')}${nextPageHint(page)}`,
    )
      .option('--state <state>', 'running, succeeded, failed, cancelled, expired or revoked')
      .option('--org <org>', 'runs of this org')
      .option('--project <project>', 'runs of this project')
      .option('--stack <stack>', 'runs of this stack'),
  );

  apiCommand(
    runs,
    'show',
    'Show one run and the tokens it minted',
    context,
    (client, _flags, id: string) => client.getRun(id),
    (detail: RunDetail) =>
      `${runFields(detail.run)}\n${formatTable<AuditRecord>(detail.tokens, AUDIT_COLUMNS, 'No tokens minted.')}`,
  ).argument('<runId>', 'the run id (from `runs list`)');

  apiCommand(
    runs,
    'revoke',
    'End a run and revoke every token it minted (idempotent)',
    context,
    (client, _flags, id: string) => client.revokeRun(id),
    runFields,
  ).argument('<runId>', 'the run id (from `runs list`)');
}
