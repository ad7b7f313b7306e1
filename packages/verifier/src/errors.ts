/**
 * Stable failure codes. Messages are fixed strings chosen by this package: they never echo the
 * token, an unverified header or an unverified claim.
 */
export const VERIFY_ERROR_CODES = [
  'malformed',
  'token_too_large',
  'header_not_allowed',
  'crit_unsupported',
  'algorithm_not_allowed',
  'unknown_issuer',
  'issuer_mismatch',
  'unknown_kid',
  'key_mismatch',
  'bad_signature',
  'expired',
  'not_yet_valid',
  'issued_in_future',
  'token_too_old',
  'audience_mismatch',
  'claims_invalid',
  'jwks_unavailable',
  'token_inactive',
  'introspection_unavailable',
] as const;
export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number];

/** Errors thrown at configuration time (never for a bad token). */
export type ConfigErrorCode = 'invalid_config' | 'invalid_policy';

export type VerifierErrorCode = VerifyErrorCode | ConfigErrorCode;

/** HTTP status a relying party should answer with for each failure. */
export function statusForCode(code: VerifierErrorCode): number {
  if (code === 'jwks_unavailable' || code === 'introspection_unavailable') return 503;
  if (code === 'invalid_config' || code === 'invalid_policy') return 500;
  return 401;
}

export interface ErrorIssue {
  path: string;
  code: string;
  message: string;
}

/** The package's single error family. */
export class VerifierError extends Error {
  override readonly name = 'VerifierError';
  readonly code: VerifierErrorCode;
  readonly status: number;
  readonly issues: readonly ErrorIssue[];

  constructor(
    code: VerifierErrorCode,
    message: string,
    options: { cause?: unknown; issues?: readonly ErrorIssue[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = statusForCode(code);
    this.issues = options.issues ?? [];
  }
}

export interface VerifyFailure {
  readonly ok: false;
  readonly code: VerifyErrorCode;
  readonly message: string;
  /** For `claims_invalid`: each problem found (paths and rules, never claim values). */
  readonly issues?: readonly ErrorIssue[];
  /**
   * For `unknown_issuer` / `issuer_mismatch`: the `iss` the token carried, for logs. UNVERIFIED
   * (anyone can put anything there): at most 128 characters, everything outside printable ASCII
   * escaped as `\uXXXX`. Kept out of `message`, which stays fixed text safe to send to callers.
   */
  readonly unverified?: { readonly iss: string };
  /**
   * For `audience_mismatch`: the audiences the token carried, for logs (its signature was verified,
   * but the values still come from the token): each sanitized like `unverified.iss`, at most
   * {@link MAX_REPORTED_AUDIENCES}. Kept out of `message`, like `unverified`.
   */
  readonly audience?: readonly string[];
}

export const MAX_REPORTED_AUDIENCES = 10;

const MAX_UNVERIFIED_CHARS = 128;

/** An unverified claim value made safe to log: printable ASCII only, bounded. */
export function sanitizeUnverified(value: string): string {
  const escaped = value
    .slice(0, MAX_UNVERIFIED_CHARS + 1)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > MAX_UNVERIFIED_CHARS
    ? `${escaped.slice(0, MAX_UNVERIFIED_CHARS)}…`
    : escaped;
}

/**
 * `message`, plus the unverified issuer or the token's audiences when there are some: for logs,
 * not for responses.
 */
export function describeFailure(result: VerifyFailure): string {
  if (result.unverified !== undefined) {
    return `${result.message} (the token's iss, unverified: "${result.unverified.iss}")`;
  }
  if (result.audience !== undefined) {
    const list = result.audience.map((aud) => `"${aud}"`).join(', ');
    return `${result.message} (the token's aud: ${list === '' ? 'none' : list})`;
  }
  return result.message;
}

/** Builds a failure result; frozen so a shared instance can never be mutated by a caller. */
export function failure(
  code: VerifyErrorCode,
  message: string,
  issues?: readonly ErrorIssue[],
): VerifyFailure {
  return Object.freeze(
    issues === undefined
      ? { ok: false, code, message }
      : { ok: false, code, message, issues: Object.freeze([...issues]) },
  );
}
