import type { Command } from 'commander';
import type { Env } from '../aws/endpoint.js';
import { createClient, type RunIdClient } from '../client.js';
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

export function clientFromFlags(flags: ConnectionFlags, env: Env): RunIdClient {
  const url = flags.url ?? env.RUNID_URL;
  if (!url) throw usageError('--url', 'the issuer URL is required: pass --url or set RUNID_URL');
  const apiKey = flags.apiKey ?? env.RUNID_API_KEY;
  if (!apiKey) {
    throw usageError(
      '--api-key',
      'a client key is required: set RUNID_API_KEY (or pass --api-key)',
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
    return createClient({ baseUrl: url, apiKey, timeoutMs, userAgent: 'runid-cli' });
  } catch (error) {
    if (error instanceof Error) throw usageError(flags.url ? '--url' : 'RUNID_URL', error.message);
    throw error;
  }
}
