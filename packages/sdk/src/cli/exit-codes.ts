/**
 * The exit codes of both RunID CLIs, `runid` (this package) and `runid-issuer` (@runid/issuer),
 * documented in both READMEs. An issuer refusal maps to its code by {@link exitCodeForApiError}
 * in both, so a script reads the same number for the same answer.
 */
export const EXIT = {
  ok: 0,
  /** The issuer or a cloud refused (an answer with an error not listed below), or an unexpected failure. */
  refused: 1,
  /** Bad flags or environment; nothing was sent. */
  usage: 2,
  /**
   * The issuer, a cloud or the store could not be reached or did not answer in time, or the
   * issuer answered 503 (its store is unavailable, no key may sign): try again later.
   */
  network: 3,
  /** runid-issuer on the store directly: the key-encryption key does not open the stored keys. */
  kek: 4,
  /** The credential was refused (401 `unauthorized`) or may not do this (403 `forbidden`). */
  auth: 5,
  /** The issuer has no such client, run, key or credential (404). */
  resourceNotFound: 6,
  /** The change conflicts with the issuer's state (409 `conflict`, e.g. a name already taken). */
  conflict: 7,
  /** exec: the command exists but cannot be run. */
  cannotExecute: 126,
  /** exec: the command was not found. */
  notFound: 127,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** exec: a command killed by signal N exits 128 + N, as shells report it. */
export const SIGNAL_EXIT_BASE = 128;

// 403s about the credential itself; `grant_denied` (403 too) is about the request: `refused`.
const CREDENTIAL_REFUSALS: ReadonlySet<string> = new Set([
  'forbidden',
  'run_credential_not_allowed',
]);

/** The exit code of an issuer refusal, by its HTTP status and contract error code. */
export function exitCodeForApiError(error: { status: number; code: string }): ExitCode {
  if (error.status === 401 || CREDENTIAL_REFUSALS.has(error.code)) return EXIT.auth;
  if (error.status === 404) return EXIT.resourceNotFound;
  if (error.status === 409) return EXIT.conflict;
  if (error.status === 503) return EXIT.network;
  return EXIT.refused;
}
