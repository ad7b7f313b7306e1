export const TRUST_ERROR_CODES = [
  'invalid_json',
  'invalid_token',
  'invalid_config',
  'invalid_intent',
] as const;
export type TrustErrorCode = (typeof TRUST_ERROR_CODES)[number];

/**
 * Bad input: a file that is not JSON, a token that is neither a compact JWT nor a JSON object of
 * claims, a configuration missing a field. `source` names the file (or `token`, `role`…) and `path`
 * the field, as a JSON pointer.
 */
export class TrustInputError extends Error {
  override readonly name = 'TrustInputError';
  readonly code: TrustErrorCode;
  readonly source: string;
  readonly path: string;

  constructor(
    code: TrustErrorCode,
    source: string,
    path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}${path ? ` ${path}` : ''}: ${message}`, options);
    this.code = code;
    this.source = source;
    this.path = path;
  }
}
