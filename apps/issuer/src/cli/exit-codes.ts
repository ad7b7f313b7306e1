import { IssuerError } from '../errors.js';

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

/** What to print for an error: the message, and each field problem on its own line. */
export function describeError(error: unknown): string {
  if (error instanceof IssuerError) {
    const fields = (error.errors ?? []).map((e) => `  - ${e.path || '(body)'}: ${e.message}`);
    return [
      `runid-issuer: ${error.message}`,
      ...(error.code === 'invalid_config' ? [] : fields),
    ].join('\n');
  }
  return `runid-issuer: ${error instanceof Error ? error.message : String(error)}`;
}
