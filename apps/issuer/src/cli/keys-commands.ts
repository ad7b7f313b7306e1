import type { SigningKey } from '@runid/sdk';
import type { Command } from 'commander';
import { IssuerError } from '../errors.js';
import { apiCommand, type CliContext } from './api-command.js';
import type { ConnectionFlags } from './api-connection.js';
import { type Column, formatTable } from './table.js';

const COLUMNS: Column<SigningKey>[] = [
  { header: 'issuer', value: (k) => k.issuer },
  { header: 'state', value: (k) => k.state },
  { header: 'kid', value: (k) => k.kid },
  { header: 'alg', value: (k) => k.alg },
  { header: 'created', value: (k) => k.createdAt },
  { header: 'activated', value: (k) => k.activatedAt },
  { header: 'retired', value: (k) => k.retiredAt },
  { header: 'removed', value: (k) => k.removedAt },
];

export function issuerArg(text: string): 'v1' | 'v2' {
  if (text !== 'v1' && text !== 'v2') {
    throw new IssuerError('cli_usage', `--issuer must be v1 or v2, not ${JSON.stringify(text)}.`);
  }
  return text;
}

type RotateFlags = ConnectionFlags & {
  issuer: string;
  confirm?: string;
  removeCompromised?: boolean;
};

/** `keys list` and `keys rotate` over the API (`keys rekey|export` open the store: store-commands). */
export function registerKeyApiCommands(keys: Command, context: CliContext): void {
  apiCommand(
    keys,
    'list',
    'List the signing keys of both issuers (no private material)',
    context,
    (client) => client.listKeys(),
    (answer) => formatTable(answer.items, COLUMNS, 'No keys.'),
  );

  apiCommand(
    keys,
    'rotate',
    'Emergency rotation: the next key signs at once, a fresh next key is published. Without --confirm the issuer answers the consequences and nothing changes',
    context,
    (client, flags: RotateFlags) => {
      const issuer = issuerArg(flags.issuer);
      if (flags.confirm !== undefined && flags.confirm !== issuer) {
        throw new IssuerError(
          'cli_usage',
          `--confirm must repeat the issuer being rotated (--confirm ${issuer}), not ${JSON.stringify(flags.confirm)}.`,
        );
      }
      return client.rotateKeys({
        issuer,
        ...(flags.confirm === undefined ? {} : { confirm: true }),
        ...(flags.removeCompromised === true ? { removeCompromised: true } : {}),
      });
    },
    (rotation) =>
      `${rotation.explanation}\n${rotation.consequences.map((c) => `- ${c}\n`).join('')}\n${formatTable(rotation.keys, COLUMNS, 'No keys.')}`,
  )
    .requiredOption('--issuer <issuer>', 'v1 or v2')
    .option(
      '--confirm <issuer>',
      'really rotate: repeat the issuer (relying parties with an old cached JWKS reject new tokens until they refetch)',
    )
    .option(
      '--remove-compromised',
      'the old signing key is compromised: remove it from the JWKS now instead of retiring it',
    );
}
