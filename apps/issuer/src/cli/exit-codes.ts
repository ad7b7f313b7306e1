import {
  EXIT,
  exitCodeForApiError,
  RunIdApiError,
  RunIdArgumentError,
  RunIdNetworkError,
  RunIdTimeoutError,
} from '@runid/sdk';
import { toIssuerError } from '../error-conversion.js';
import { IssuerError } from '../errors.js';
import { maskCredentials } from '../observability/mask-credentials.js';

/**
 * The exit codes of `runid-issuer`: the table of the `runid` CLI (@runid/sdk), documented in
 * README.md. An API refusal maps to its code by the SDK's own `exitCodeForApiError`, and so does
 * the same refusal raised in this process by a command that opens the store directly.
 */
export { EXIT };

export function exitCodeOf(error: unknown): number {
  if (error instanceof RunIdArgumentError) return EXIT.usage;
  if (error instanceof RunIdApiError) return exitCodeForApiError(error);
  if (error instanceof RunIdNetworkError || error instanceof RunIdTimeoutError) return EXIT.network;
  const known = toIssuerError(error);
  switch (known.code) {
    case 'invalid_config':
    case 'deployment_drift':
    case 'listen_failed':
    case 'cli_usage':
      return EXIT.usage;
    case 'store_failed':
    case 'store_unavailable':
      return EXIT.network;
    case 'kek_mismatch':
      return EXIT.kek;
    default:
      return exitCodeForApiError(known);
  }
}

// What to do about each API refusal, in the words of someone at a terminal.
const API_HINTS: Partial<Record<string, string>> = {
  unauthorized:
    'check RUNID_ADMIN_KEY (or RUNID_ADMIN_KEY_FILE): it must be an admin credential of this issuer that is not revoked',
  forbidden:
    'this credential may not do this: a client key is not an admin credential, and an auditor credential only reads',
  last_admin_credential:
    'nothing changed; create another admin credential (runid-issuer credentials create --role admin) first',
  not_found: 'check the id (list them with the list command) and the issuer URL (RUNID_URL)',
  store_unavailable: 'the issuer is degraded: try again later',
  confirmation_required:
    'nothing changed; to go ahead, run again with --confirm <the issuer> (and --remove-compromised if its key leaked)',
};

function describeApiError(error: RunIdApiError): string {
  const lines = [
    `runid-issuer: the issuer refused (${error.status} ${error.code}): ${error.detail}`,
  ];
  for (const field of error.errors) lines.push(`  - ${field.path || '(body)'}: ${field.message}`);
  const hint = API_HINTS[error.code];
  if (hint) lines.push(`  hint: ${hint}`);
  if (error.requestId) lines.push(`  request id: ${error.requestId}`);
  return lines.join('\n');
}

/**
 * What to print for an error: the message, each field problem on its own line, and the chain of
 * causes (a socket's or PostgreSQL's own words) not already in the message, credentials masked.
 */
export function describeError(error: unknown): string {
  if (error instanceof RunIdApiError) return maskCredentials(describeApiError(error));
  if (error instanceof RunIdNetworkError || error instanceof RunIdTimeoutError) {
    return maskCredentials(
      `runid-issuer: ${error.message}\n  hint: check RUNID_URL (or --url): it must be the base URL of a running issuer`,
    );
  }
  const lines: string[] = [];
  if (error instanceof IssuerError) {
    lines.push(`runid-issuer: ${error.message}`);
    if (error.code !== 'invalid_config') {
      for (const e of error.errors ?? []) lines.push(`  - ${e.path || '(body)'}: ${e.message}`);
    }
  } else {
    lines.push(`runid-issuer: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const cause of causes(error)) {
    const said = cause instanceof Error ? cause.message : String(cause);
    if (said !== '' && !lines.some((line) => line.includes(said))) {
      lines.push(`  cause: ${describeOne(cause)}`);
    }
  }
  return maskCredentials(lines.join('\n'));
}

function causes(error: unknown): unknown[] {
  const found: unknown[] = [];
  let current = (error as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    // A store_unavailable wrapper says nothing about the cause; its own cause does.
    if (current instanceof IssuerError && current.code === 'store_unavailable') {
      current = current.cause;
      continue;
    }
    if (current instanceof AggregateError) {
      found.push(...current.errors);
    } else {
      found.push(current);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

function describeOne(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${error.message} (${code})`
    : error.message;
}
