import type { ApiClient, CreateClientRequest, Grant } from '@runid/sdk';
import type { Command } from 'commander';
import { apiCommand, type CliContext, jsonArg } from './api-command.js';
import type { ConnectionFlags } from './api-connection.js';
import { type Column, formatFields, formatTable } from './table.js';

/** A grant in one line: `deployment,environment acme/web/prod`, then any other limits. */
export function grantSummary(grant: Grant): string {
  const path = [grant.orgs, grant.projects ?? ['*'], grant.stacks ?? ['*']]
    .map((names) => names.join(','))
    .join('/');
  const extra = [
    grant.environments && `environments=${grant.environments.join(',')}`,
    grant.platforms && `platforms=${grant.platforms.join(',')}`,
    grant.audiences && `audiences=${grant.audiences.join(',')}`,
    grant.maxDuration !== undefined && `maxDuration=${grant.maxDuration}`,
  ].filter(Boolean);
  return [grant.kinds.join(','), path, ...extra].join(' ');
}

const COLUMNS: Column<ApiClient>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'state', value: (c) => (c.disabled ? 'disabled' : 'enabled') },
  { header: 'created', value: (c) => c.createdAt },
  { header: 'grants', value: (c) => c.grants.map(grantSummary).join('; ') },
];

export function clientFields(client: ApiClient): string {
  return formatFields([
    ['id', client.id],
    ['name', client.name],
    ['state', client.disabled ? 'disabled' : 'enabled'],
    ['created', client.createdAt],
    ...(client.disabledAt === undefined
      ? []
      : [['disabled', client.disabledAt] as [string, string]]),
    ...client.grants.map((g, i): [string, string] => [`grant ${i + 1}`, grantSummary(g)]),
  ]);
}

/** `runid-issuer clients …` over the API. */
export function registerClientCommands(program: Command, context: CliContext): Command {
  const clients = program
    .command('clients')
    .description('API clients and their grants (API: RUNID_URL and an admin credential).');

  apiCommand(
    clients,
    'list',
    'List the clients (never their keys)',
    context,
    (client) => client.listClients(),
    (answer) => formatTable(answer.items, COLUMNS, 'No clients.'),
  );

  apiCommand(
    clients,
    'show',
    'Show one client and its grants',
    context,
    (client, _flags, id: string) => client.getClient(id),
    clientFields,
  ).argument('<clientId>', 'the client id (from `clients list`)');

  apiCommand(
    clients,
    'create',
    'Create a client; prints its key once',
    context,
    (client, flags: ConnectionFlags & { name: string; grants: string }) =>
      client.createApiClient({
        name: flags.name,
        grants: jsonArg(flags.grants, '--grants') as CreateClientRequest['grants'],
      }),
    (created) => `${clientFields(created)}\nKey (shown once, store it now): ${created.key}\n`,
  )
    .requiredOption('--name <name>', 'a unique client name')
    .requiredOption(
      '--grants <json>',
      'grants as a JSON array (or @file), e.g. \'[{"kinds":["deployment"],"orgs":["acme"]}]\'',
    );

  apiCommand(
    clients,
    'disable',
    'Disable a client at once: its key stops minting on every replica within 1 s',
    context,
    (client, _flags, id: string) => client.disableClient(id),
    clientFields,
  ).argument('<clientId>', 'the client id (from `clients list`)');

  return clients;
}
