import type { ApiClient, ClientKey, CreateClientRequest, Grant } from '@runid/sdk';
import type { Command } from 'commander';
import { IssuerError } from '../errors.js';
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
  { header: 'keys', value: (c) => keysSummary(c.keys) },
  { header: 'grants', value: (c) => c.grants.map(grantSummary).join('; ') },
];

/** `2 active, one expires 2026-12-05T10:00:00.000Z`: how many keys work, and the first to stop. */
export function keysSummary(keys: readonly ClientKey[]): string {
  const active = keys.filter((k) => k.status === 'active');
  const expiries = active.flatMap((k) => (k.expiresAt === undefined ? [] : [k.expiresAt])).sort();
  return [`${active.length} active`, expiries[0] !== undefined && `one expires ${expiries[0]}`]
    .filter(Boolean)
    .join(', ');
}

/** A key in one line: `ck_… active, created …, expires …` (never the key). */
export function keySummary(key: ClientKey): string {
  return [
    `${key.id} ${key.status}`,
    `created ${key.createdAt}`,
    key.expiresAt !== undefined && `expires ${key.expiresAt}`,
    key.revokedAt !== undefined && `revoked ${key.revokedAt}`,
  ]
    .filter(Boolean)
    .join(', ');
}

export function clientFields(client: Omit<ApiClient, 'keys'> & { keys?: ClientKey[] }): string {
  return formatFields([
    ['id', client.id],
    ['name', client.name],
    ['state', client.disabled ? 'disabled' : 'enabled'],
    ['created', client.createdAt],
    ...(client.disabledAt === undefined
      ? []
      : [['disabled', client.disabledAt] as [string, string]]),
    ...client.grants.map((g, i): [string, string] => [`grant ${i + 1}`, grantSummary(g)]),
    ...(client.keys ?? []).map((k, i): [string, string] => [`key ${i + 1}`, keySummary(k)]),
  ]);
}

/** `--key-expires-in` / `--key-expires-at` as the API takes them. */
function expiryFlags(flags: KeyExpiryFlags): KeyExpiryFlags {
  return {
    ...(flags.keyExpiresIn !== undefined && { keyExpiresIn: flags.keyExpiresIn }),
    ...(flags.keyExpiresAt !== undefined && { keyExpiresAt: flags.keyExpiresAt }),
  };
}

interface KeyExpiryFlags {
  keyExpiresIn?: string;
  keyExpiresAt?: string;
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
    (client, flags: ConnectionFlags & KeyExpiryFlags & { name: string; grants: string }) =>
      client.createApiClient({
        name: flags.name,
        grants: jsonArg(flags.grants, '--grants') as CreateClientRequest['grants'],
        ...expiryFlags(flags),
      }),
    (created) => {
      const key: ClientKey = {
        id: created.keyId,
        status: 'active',
        createdAt: created.createdAt,
        ...(created.keyExpiresAt !== undefined && { expiresAt: created.keyExpiresAt }),
      };
      return `${clientFields({ ...created, keys: [key] })}\nKey (shown once, store it now): ${created.key}\n`;
    },
  )
    .requiredOption('--name <name>', 'a unique client name')
    .requiredOption(
      '--grants <json>',
      'grants as a JSON array (or @file), e.g. \'[{"kinds":["deployment"],"orgs":["acme"]}]\'',
    )
    .option('--key-expires-in <duration>', "the key stops working after this, e.g. '720h'")
    .option('--key-expires-at <time>', 'the key stops working at this RFC 3339 time');

  apiCommand(
    clients,
    'disable',
    'Disable a client at once: its key stops minting on every replica within 1 s',
    context,
    (client, _flags, id: string) => client.disableClient(id),
    clientFields,
  ).argument('<clientId>', 'the client id (from `clients list`)');

  apiCommand(
    clients,
    'enable',
    'Re-enable a disabled client (its name, grants and still-valid keys)',
    context,
    (client, _flags, id: string) => client.enableClient(id),
    clientFields,
  ).argument('<clientId>', 'the client id (from `clients list`)');

  apiCommand(
    clients,
    'rotate-key',
    'Issue a new key (printed once); the keys valid now expire after --overlap',
    context,
    (client, flags: ConnectionFlags & KeyExpiryFlags & { overlap?: string }, id: string) =>
      client.rotateClientKey(id, {
        ...(flags.overlap !== undefined && { overlap: flags.overlap }),
        ...expiryFlags(flags),
      }),
    (rotated) =>
      `${formatFields([
        ['client', rotated.clientId],
        ...rotated.keys.map((k, i): [string, string] => [`key ${i + 1}`, keySummary(k)]),
      ])}\nNew key ${rotated.keyId} — shown once, store it now: ${rotated.key}\n`,
  )
    .argument('<clientId>', 'the client id (from `clients list`)')
    .option(
      '--overlap <duration>',
      "how long the old keys keep working: '0' to end them now, at most 720h",
      '24h',
    )
    .option('--key-expires-in <duration>', "the new key stops working after this, e.g. '720h'")
    .option('--key-expires-at <time>', 'the new key stops working at this RFC 3339 time');

  apiCommand(
    clients,
    'revoke-key',
    "Revoke one of the client's keys at once (on every replica within 1 s)",
    context,
    (client, _flags, id: string, keyId: string) => client.revokeClientKey(id, keyId),
    clientFields,
  )
    .argument('<clientId>', 'the client id (from `clients list`)')
    .argument('<keyId>', 'the key id (ck_…, from `clients show`)');

  const grants = clients.command('grants').description("A client's grants.");
  apiCommand(
    grants,
    'set',
    'Replace the client\'s grants with those in --file (a JSON array, or {"grants": [...]})',
    context,
    (client, flags: ConnectionFlags & { file: string }, id: string) =>
      client.replaceClientGrants(id, grantsFile(flags.file)),
    clientFields,
  )
    .argument('<clientId>', 'the client id (from `clients list`)')
    .requiredOption('--file <path>', 'a JSON file with the new grants');

  return clients;
}

/** The grants of `grants set --file`: a JSON array, or an object with `grants` (a `show --json`). */
function grantsFile(path: string): Grant[] {
  const value = jsonArg(`@${path}`, '--file');
  if (Array.isArray(value)) return value as Grant[];
  if (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { grants?: unknown }).grants)
  ) {
    return (value as { grants: Grant[] }).grants;
  }
  throw new IssuerError(
    'cli_usage',
    '--file must hold a JSON array of grants, or an object with "grants".',
  );
}
