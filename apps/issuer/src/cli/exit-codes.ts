import { IssuerError } from '../errors.js';
import { maskCredentials } from '../observability/mask-credentials.js';

/** Documented exit codes of `runid-issuer` (README.md). */
export const EXIT = {
  ok: 0,
  /** Unexpected failure: a bug or an environment problem; see the message. */
  failure: 1,
  /** Bad usage or configuration: fix the arguments or RUNID_* variables. */
  usage: 2,
  /** The store cannot be reached or opened. */
  store: 3,
  /** The key-encryption key does not open the stored keys. */
  kek: 4,
  /** The request was refused (validation, grants, not found, conflict). */
  refused: 5,
} as const;

export function exitCodeOf(error: unknown): number {
  if (!(error instanceof IssuerError)) return EXIT.failure;
  switch (error.code) {
    case 'invalid_config':
    case 'deployment_drift':
    case 'listen_failed':
    case 'cli_usage':
      return EXIT.usage;
    case 'store_failed':
    case 'store_unavailable':
      return EXIT.store;
    case 'kek_mismatch':
      return EXIT.kek;
    case 'internal_error':
      return EXIT.failure;
    default:
      return error.status >= 400 && error.status < 500 ? EXIT.refused : EXIT.failure;
  }
}

/**
 * What to print for an error: the message, each field problem on its own line, and the chain of
 * causes (a socket's or PostgreSQL's own words) not already in the message, credentials masked.
 */
export function describeError(error: unknown): string {
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
