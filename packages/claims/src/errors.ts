/** One precise problem with a value: where, what kind of problem, and what is allowed. */
export interface ClaimIssue {
  /** Dotted path into the value, e.g. `currentEnvironment.name` or `subjectAttributes[1]`; `''` = the whole value. */
  path: string;
  /**
   * Stable machine code: `required`, `invalid_type`, `unknown_field`, `invalid_characters`,
   * `invalid_case`, `too_long`, `too_short`, `not_allowed`, `out_of_range`, `duplicate`,
   * `invalid_format`, `mismatch`.
   */
  code: string;
  /** Human-readable; says what is allowed. Never echoes a whole input value. */
  message: string;
}

export const CLAIMS_ERROR_CODES = [
  'invalid_input',
  'invalid_duration',
  'lifetime_out_of_range',
  'invalid_subject',
  'invalid_claims',
  'invalid_namespace',
] as const;
export type ClaimsErrorCode = (typeof CLAIMS_ERROR_CODES)[number];

/** The one error family of this package. Tests and callers switch on `code`, never on `message`. */
export class ClaimsError extends Error {
  override readonly name = 'ClaimsError';
  readonly code: ClaimsErrorCode;
  readonly issues: ClaimIssue[];

  constructor(
    code: ClaimsErrorCode,
    message: string,
    issues: ClaimIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.issues = issues;
  }
}

/** `"<summary>: org must be lower case…; project is required"` — bounded so huge inputs stay readable. */
export function summarizeIssues(summary: string, issues: readonly ClaimIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => i.message);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return `${summary}: ${shown.join('; ')}${more}`;
}
