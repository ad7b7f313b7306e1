import { readFileSync } from 'node:fs';
import { createClient, RunIdArgumentError, type RunIdClient } from '@runid/sdk';
import type { Command } from 'commander';
import type { Env } from '../config/load.js';
import { IssuerError } from '../errors.js';

export interface ConnectionFlags {
  url?: string;
  adminKeyFile?: string;
  timeout?: string;
  json?: boolean;
}

/** The options every command that speaks the API takes. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', 'issuer base URL (default: $RUNID_URL)')
    .option(
      '--admin-key-file <file>',
      'file holding the admin credential (default: $RUNID_ADMIN_KEY, or the file $RUNID_ADMIN_KEY_FILE names)',
    )
    .option('--timeout <ms>', 'per-attempt timeout in milliseconds (default 10000)')
    .option('--json', "print the API's JSON answer instead of a table");
}

function usage(message: string): IssuerError {
  return new IssuerError('cli_usage', message);
}

function readKeyFile(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw usage(`${name} names ${path}, which cannot be read (${code}).`);
  }
}

/** The admin credential: --admin-key-file, else RUNID_ADMIN_KEY, else RUNID_ADMIN_KEY_FILE. */
function adminKey(flags: ConnectionFlags, env: Env): string {
  if (flags.adminKeyFile !== undefined) return readKeyFile(flags.adminKeyFile, '--admin-key-file');
  const inline = env.RUNID_ADMIN_KEY || undefined;
  const file = env.RUNID_ADMIN_KEY_FILE || undefined;
  if (inline !== undefined && file !== undefined) {
    throw usage('RUNID_ADMIN_KEY and RUNID_ADMIN_KEY_FILE are both set: set only one.');
  }
  const key =
    inline ?? (file === undefined ? undefined : readKeyFile(file, 'RUNID_ADMIN_KEY_FILE'));
  if (key === undefined || key === '') {
    throw usage(
      'An admin credential is required: set RUNID_ADMIN_KEY (or RUNID_ADMIN_KEY_FILE, or pass --admin-key-file).',
    );
  }
  return key;
}

/** The SDK client for one API command, from its flags and the environment. Sends nothing. */
export function apiClient(flags: ConnectionFlags, env: Env): RunIdClient {
  const url = flags.url ?? (env.RUNID_URL || undefined);
  if (url === undefined) {
    throw usage(
      'The issuer URL is required: set RUNID_URL (or pass --url), e.g. RUNID_URL=https://id.example.com. This command speaks the API of a running issuer.',
    );
  }
  let timeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    timeoutMs = Number(flags.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw usage(`--timeout must be a positive integer of milliseconds, not ${flags.timeout}.`);
    }
  }
  const key = adminKey(flags, env);
  try {
    return createClient({ baseUrl: url, apiKey: key, timeoutMs, userAgent: 'runid-issuer-cli' });
  } catch (error) {
    if (!(error instanceof RunIdArgumentError)) throw error;
    const message = error.message.slice(error.argument.length + 2);
    if (error.argument === 'apiKey') throw usage(`The admin credential ${message}.`);
    throw usage(`${flags.url === undefined ? 'RUNID_URL' : '--url'}: ${message}.`);
  }
}
