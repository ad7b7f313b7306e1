import type { AuditEvent, AuditEventQuery, AuditQuery, AuditRecord } from '@runid/sdk';
import type { Command } from 'commander';
import { IssuerError } from '../errors.js';
import { apiCommand, type CliContext } from './api-command.js';
import { addConnectionOptions, apiClient, type ConnectionFlags } from './api-connection.js';
import { addPagingOptions, fetchPages, nextPageHint, type PagingFlags } from './paging.js';
import { type Column, formatTable } from './table.js';

export const AUDIT_COLUMNS: Column<AuditRecord>[] = [
  { header: 'issued', value: (r) => r.iat },
  { header: 'kind', value: (r) => r.kind },
  { header: 'sub', value: (r) => r.sub },
  { header: 'aud', value: (r) => r.aud },
  { header: 'client', value: (r) => r.clientId },
  { header: 'run', value: (r) => r.runId },
  { header: 'jti', value: (r) => r.jti },
];

export const EVENT_COLUMNS: Column<AuditEvent>[] = [
  { header: 'at', value: (e) => e.at },
  { header: 'type', value: (e) => e.type },
  { header: 'actor', value: (e) => `${e.actor.type}:${e.actor.name ?? e.actor.id}` },
  {
    header: 'target',
    value: (e) => (e.target === undefined ? undefined : `${e.target.type}:${e.target.id}`),
  },
  {
    header: 'outcome',
    value: (e) => (e.reason === undefined ? e.outcome : `${e.outcome} (${e.reason})`),
  },
  { header: 'source', value: (e) => e.source },
  { header: 'request', value: (e) => e.requestId },
];

type EventFlags = ConnectionFlags &
  PagingFlags & {
    type?: string[];
    actor?: string;
    since?: string;
    until?: string;
  };

function eventQuery(flags: EventFlags): AuditEventQuery {
  const query: AuditEventQuery = {};
  if (flags.type !== undefined && flags.type.length > 0) query.type = flags.type.join(',');
  if (flags.actor !== undefined) query.actor = flags.actor;
  if (flags.since !== undefined) query.since = flags.since;
  if (flags.until !== undefined) query.until = flags.until;
  return query;
}

type ExportFlags = ConnectionFlags & { since?: string; until?: string; kinds?: string };

const KINDS = new Set(['tokens', 'events', 'tokens,events', 'events,tokens']);

type ListFlags = ConnectionFlags &
  PagingFlags & {
    jti?: string;
    sub?: string;
    client?: string;
    kind?: AuditQuery['kind'];
    run?: string;
    since?: string;
    until?: string;
  };

/** The filters of `audit list`, named as the API names them. */
function auditQuery(flags: ListFlags): AuditQuery {
  const query: AuditQuery = {};
  if (flags.jti !== undefined) query.jti = flags.jti;
  if (flags.sub !== undefined) query.sub = flags.sub;
  if (flags.client !== undefined) query.clientId = flags.client;
  if (flags.kind !== undefined) query.kind = flags.kind;
  if (flags.run !== undefined) query.runId = flags.run;
  if (flags.since !== undefined) query.since = flags.since;
  if (flags.until !== undefined) query.until = flags.until;
  return query;
}

/** `runid-issuer audit …` over the API. */
export function registerAuditCommands(program: Command, context: CliContext): Command {
  const audit = program
    .command('audit')
    .description('The audit trail (API: RUNID_URL and an admin credential).');

  addPagingOptions(
    apiCommand(
      audit,
      'list',
      'List audit records, newest first, filtered',
      context,
      (client, flags: ListFlags) =>
        fetchPages(flags, (page) => client.listAudit({ ...auditQuery(flags), ...page })),
      (page) =>
        `${formatTable(page.items, AUDIT_COLUMNS, 'No audit records.')}${nextPageHint(page)}`,
    )
      .option('--jti <jti>', 'exactly this token id')
      .option('--sub <sub>', 'exactly this subject')
      .option('--client <clientId>', 'tokens minted by this client')
      .option('--kind <kind>', 'deployment, environment or oidc')
      .option('--run <runId>', 'tokens minted by this run')
      .option('--since <time>', 'issued at or after this time (RFC 3339)')
      .option('--until <time>', 'issued before this time (RFC 3339)'),
  );

  addPagingOptions(
    apiCommand(
      audit,
      'events',
      'List audit events (refusals, admin actions, key transitions, sign-ins, runs, minted tokens), newest first',
      context,
      (client, flags: EventFlags) =>
        fetchPages(flags, (page) => client.listAuditEvents({ ...eventQuery(flags), ...page })),
      (page) =>
        `${formatTable(page.items, EVENT_COLUMNS, 'No audit events.')}${nextPageHint(page)}`,
    )
      .option(
        '--type <type>',
        'only this event type (repeatable, or comma-separated), e.g. token.refused',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        '--actor <id>',
        'only events of this actor (client, admin, run id, rotator, anonymous)',
      )
      .option('--since <time>', 'at or after this time (RFC 3339)')
      .option('--until <time>', 'before this time (RFC 3339)'),
  );

  addConnectionOptions(
    audit
      .command('export')
      .description(
        'Write the audit trail as NDJSON (tokens and events, oldest first) to stdout, e.g. > audit.ndjson (API)',
      )
      .option('--since <time>', 'records at or after this time (RFC 3339)')
      .option('--until <time>', 'records before this time (RFC 3339; default: now)')
      .option('--kinds <kinds>', 'tokens, events or tokens,events (the default)'),
  ).action(async (flags: ExportFlags) => {
    if (flags.kinds !== undefined && !KINDS.has(flags.kinds)) {
      throw new IssuerError('cli_usage', '--kinds must be tokens, events or tokens,events.');
    }
    const client = apiClient(flags, context.env);
    const query = {
      ...(flags.since !== undefined && { since: flags.since }),
      ...(flags.until !== undefined && { until: flags.until }),
      ...(flags.kinds !== undefined && { kinds: flags.kinds as 'tokens' }),
    };
    let lines = 0;
    // Line by line as it streams: the export is never held in memory. An export cut short
    // throws after the lines received (exit code of invalid_response): the file is incomplete.
    for await (const line of client.exportAudit(query)) {
      context.stdout(`${JSON.stringify(line)}\n`);
      lines += 1;
    }
    context.stderr(`Exported ${lines - 1} audit records.\n`);
  });
  return audit;
}
