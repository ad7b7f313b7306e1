import type { AuditQuery, AuditRecord } from '@runid/sdk';
import type { Command } from 'commander';
import { apiCommand, type CliContext } from './api-command.js';
import type { ConnectionFlags } from './api-connection.js';
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
  return audit;
}
