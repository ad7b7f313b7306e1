import { decodeBase64urlText, isBase64url } from './base64url.js';
import { failure, type VerifyFailure } from './errors.js';
import { JsonError, parseJsonObject } from './json.js';

/** The three segments of a compact JWS, and the signing input the signature covers. */
export interface CompactJws {
  readonly protected: string;
  readonly payload: string;
  readonly signature: string;
  /** `<protected>.<payload>`, exactly as received. */
  readonly signingInput: string;
}

const NOT_A_STRING = failure('malformed', 'the token must be a string');
const TOO_LARGE = failure('token_too_large', 'the token exceeds the maximum size');
const NOT_COMPACT = failure(
  'malformed',
  'the token is not a compact JWS (three base64url segments separated by dots)',
);
const BAD_SIGNATURE_ENCODING = failure(
  'malformed',
  'the signature segment is not strict base64url',
);

/**
 * Splits a compact JWS after checking its size. Refuses anything else: JWE (five segments), JSON
 * serialization, empty segments, a token that is not a primitive string (never coerced).
 */
export function splitCompact(token: unknown, maxBytes: number): CompactJws | VerifyFailure {
  if (typeof token !== 'string') return NOT_A_STRING;
  // Checked before any decoding. Length in UTF-16 units never exceeds the UTF-8 byte count, and any
  // character outside ASCII fails the base64url check below anyway.
  if (token.length > maxBytes) return TOO_LARGE;
  const first = token.indexOf('.');
  if (first <= 0) return NOT_COMPACT;
  const second = token.indexOf('.', first + 1);
  // An empty signature is let through to the header checks so `alg: none` is reported as such;
  // it can never verify.
  if (second < 0 || second === first + 1) return NOT_COMPACT;
  if (token.indexOf('.', second + 1) >= 0) return NOT_COMPACT;
  const signature = token.slice(second + 1);
  if (!isBase64url(signature)) return BAD_SIGNATURE_ENCODING;
  return {
    protected: token.slice(0, first),
    payload: token.slice(first + 1, second),
    signature,
    signingInput: token.slice(0, second),
  };
}

// fatal: invalid UTF-8 is an error, not U+FFFD. ignoreBOM: a BOM stays in the text and fails JSON.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class SegmentError extends Error {
  override readonly name = 'SegmentError';
}

/** Decodes one base64url segment holding a JSON object, strictly. Throws `SegmentError`. */
export function decodeJsonSegment(segment: string): Record<string, unknown> {
  let text: string | undefined;
  try {
    text = decodeBase64urlText(segment, utf8);
  } catch {
    throw new SegmentError('not valid UTF-8');
  }
  if (text === undefined) throw new SegmentError('not strict base64url');
  try {
    return parseJsonObject(text);
  } catch (error) {
    throw new SegmentError(error instanceof JsonError ? error.message : 'not valid JSON');
  }
}
