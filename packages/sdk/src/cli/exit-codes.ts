/** The CLI's exit codes (documented in README.md). */
export const EXIT = {
  ok: 0,
  /** The issuer or a cloud refused (an answer with an error). */
  refused: 1,
  /** Bad flags or environment; nothing was sent. */
  usage: 2,
  /** The issuer or a cloud could not be reached, or did not answer in time. */
  network: 3,
  /** exec: the command exists but cannot be run. */
  cannotExecute: 126,
  /** exec: the command was not found. */
  notFound: 127,
} as const;

/** exec: a command killed by signal N exits 128 + N, as shells report it. */
export const SIGNAL_EXIT_BASE = 128;
