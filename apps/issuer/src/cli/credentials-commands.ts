import type { AdminCredential, AdminRole } from '@runid/sdk';
import type { Command } from 'commander';
import { IssuerError } from '../errors.js';
import { apiCommand, type CliContext } from './api-command.js';
import type { ConnectionFlags } from './api-connection.js';
import { type Column, formatFields, formatTable } from './table.js';

const ROLES: readonly AdminRole[] = ['admin', 'auditor'];

const COLUMNS: Column<AdminCredential>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'role', value: (c) => c.role },
  { header: 'state', value: (c) => c.state },
  { header: 'created', value: (c) => c.createdAt },
  { header: 'expires', value: (c) => c.expiresAt },
  { header: 'last used', value: (c) => c.lastUsedAt },
];

function credentialFields(credential: AdminCredential): string {
  return formatFields([
    ['id', credential.id],
    ['name', credential.name],
    ['role', credential.role],
    ['state', credential.state],
    ['created', credential.createdAt],
    ['expires', credential.expiresAt ?? 'never'],
    ['last used', credential.lastUsedAt ?? 'never'],
    ...(credential.revokedAt === undefined
      ? []
      : [['revoked', credential.revokedAt] as [string, string]]),
  ]);
}

type CreateFlags = ConnectionFlags & {
  name: string;
  role: string;
  expiresIn?: string;
  expiresAt?: string;
};

/** `runid-issuer credentials …` over the API: admin credentials and their roles. */
export function registerCredentialCommands(program: Command, context: CliContext): Command {
  const credentials = program
    .command('credentials')
    .description(
      'Admin credentials with roles: admin, or the read-only auditor (API: RUNID_URL and an admin credential).',
    );

  apiCommand(
    credentials,
    'list',
    'List the admin credentials, revoked ones too (never their keys)',
    context,
    (client) => client.listAdminCredentials(),
    (answer) => formatTable(answer.items, COLUMNS, 'No admin credentials.'),
  );

  apiCommand(
    credentials,
    'show',
    'Show one admin credential',
    context,
    (client, _flags, id: string) => client.getAdminCredential(id),
    credentialFields,
  ).argument('<credentialId>', 'the credential id (from `credentials list`)');

  apiCommand(
    credentials,
    'create',
    'Create an admin credential; prints its key once',
    context,
    (client, flags: CreateFlags) => {
      if (!(ROLES as readonly string[]).includes(flags.role)) {
        throw new IssuerError(
          'cli_usage',
          `--role must be admin or auditor, not ${JSON.stringify(flags.role)}.`,
        );
      }
      return client.createAdminCredential({
        name: flags.name,
        role: flags.role as AdminRole,
        ...(flags.expiresIn !== undefined && { expiresIn: flags.expiresIn }),
        ...(flags.expiresAt !== undefined && { expiresAt: flags.expiresAt }),
      });
    },
    (created) => `${credentialFields(created)}Key (shown once, store it now): ${created.key}\n`,
  )
    .requiredOption('--name <name>', 'a name unique among active credentials')
    .requiredOption('--role <role>', 'admin (everything) or auditor (read-only)')
    .option('--expires-in <duration>', 'ends this long after now, e.g. 30d or 12h (1m to 3650d)')
    .option('--expires-at <time>', 'ends at this RFC 3339 time (instead of --expires-in)');

  apiCommand(
    credentials,
    'revoke',
    'Revoke an admin credential at once (every replica within 1 s); the last admin is refused',
    context,
    (client, _flags, id: string) => client.revokeAdminCredential(id),
    credentialFields,
  ).argument('<credentialId>', 'the credential id (from `credentials list`)');

  return credentials;
}
