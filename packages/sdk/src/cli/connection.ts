import type { Command } from 'commander';
import type { Env } from '../aws/endpoint.js';
import { createClient, type RunIdClient } from '../client.js';
import { RunIdArgumentError } from '../errors.js';
import { usageError } from './usage-error.js';

export interface ConnectionFlags {
  url?: string;
  apiKey?: string;
  timeout?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', 'issuer base URL (default: $RUNID_URL)')
    .option(
      '--api-key <key>',
      'client key (default: $RUNID_API_KEY; prefer the variable: argv is visible to ps)',
    )
    .option('--timeout <ms>', 'per-attempt timeout in milliseconds (default 10000)');
}

/**
 * The run credential `token`, `exec` and `credential-process` mint with: `RUNID_RUN_TOKEN` when it
 * is set and no `--api-key` was given (inside `runid run`, or after `eval "$(runid run start …)"`).
 */
export function runTokenOf(flags: ConnectionFlags, env: Env): string | undefined {
  return flags.apiKey === undefined ? env.RUNID_RUN_TOKEN || undefined : undefined;
}

/** A client with the client key, or with `runToken` (a run credential) when one is given. */
export function clientFromFlags(flags: ConnectionFlags, env: Env, runToken?: string): RunIdClient {
  const url = flags.url ?? env.RUNID_URL;
  if (!url) throw usageError('--url', 'the issuer URL is required: pass --url or set RUNID_URL');
  const apiKey = runToken === undefined ? (flags.apiKey ?? env.RUNID_API_KEY) : undefined;
  if (runToken === undefined && !apiKey) {
    throw usageError(
      '--api-key',
      `a client key is required: set RUNID_API_KEY (or pass --api-key)${env.RUNID_RUN_TOKEN ? '; RUNID_RUN_TOKEN, a run credential, serves only token, exec, credential-process and run finish' : ''}`,
    );
  }
  let timeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    timeoutMs = Number(flags.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
      throw usageError(
        '--timeout',
        `must be a positive integer of milliseconds, got ${flags.timeout}`,
      );
    }
  }
  try {
    return createClient({ baseUrl: url, apiKey, runToken, env, timeoutMs, userAgent: 'runid-cli' });
  } catch (error) {
    if (error instanceof RunIdArgumentError && error.argument === 'runToken') {
      throw usageError('RUNID_RUN_TOKEN', 'must be a run credential (rid_run_…) on one line');
    }
    if (error instanceof Error) throw usageError(flags.url ? '--url' : 'RUNID_URL', error.message);
    throw error;
  }
}
