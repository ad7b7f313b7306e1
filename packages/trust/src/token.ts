import { TrustInputError } from './errors.js';
import { isPlainObject, parseJson } from './json.js';
import { type Refused, type RelyingParty, refused, type TokenClaims } from './types.js';

export interface ParsedToken {
  claims: TokenClaims;
  /** The JOSE header, when the token was a compact JWT. */
  header?: Readonly<Record<string, unknown>>;
  /** The compact JWT as given, when it was one. */
  compact?: string;
}

/** What the simulators accept for a token: a compact JWT, a JSON object of claims (text or value). */
export type TokenSource = string | TokenClaims | ParsedToken;

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Reads a token without verifying it. A string that starts with `{` is a JSON object of claims;
 * any other string must be exactly a compact JWT — nothing is stripped, because the clouds strip
 * nothing either (a trailing newline makes AWS answer `InvalidIdentityToken`).
 * Throws `TrustInputError('invalid_token')` naming `source`.
 */
export function parseToken(input: TokenSource, source = 'token'): ParsedToken {
  if (typeof input !== 'string') {
    if (isParsedToken(input)) return input;
    if (!isPlainObject(input)) {
      throw new TrustInputError('invalid_token', source, '', 'expected a JSON object of claims');
    }
    return { claims: input };
  }
  if (input.trimStart().startsWith('{')) {
    const { value } = parseJson(input, source);
    if (!isPlainObject(value)) {
      throw new TrustInputError('invalid_token', source, '', 'expected a JSON object of claims');
    }
    return { claims: value };
  }
  if (!COMPACT.test(input)) {
    throw new TrustInputError(
      'invalid_token',
      source,
      '',
      /\s$/.test(input)
        ? 'not a compact JWT: it ends with whitespace (a trailing newline?), which the clouds refuse'
        : 'not a compact JWT (three base64url parts separated by dots) nor a JSON object of claims',
    );
  }
  const [h, p] = input.split('.') as [string, string];
  return {
    header: decodePart(h, source, 'header'),
    claims: decodePart(p, source, 'payload'),
    compact: input,
  };
}

function isParsedToken(value: unknown): value is ParsedToken {
  return (
    isPlainObject(value) &&
    isPlainObject(value.claims) &&
    Object.keys(value).every((k) => k === 'claims' || k === 'header' || k === 'compact')
  );
}

function decodePart(part: string, source: string, which: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch (error) {
    throw new TrustInputError(
      'invalid_token',
      source,
      '',
      `the JWT ${which} is not base64url JSON`,
      {
        cause: error,
      },
    );
  }
  if (!isPlainObject(value)) {
    throw new TrustInputError('invalid_token', source, '', `the JWT ${which} is not a JSON object`);
  }
  return value;
}

/** What a relying party answers when the token is not a compact JWT: its code, message and a hint. */
export interface UnparsableToken {
  code: string;
  message: string;
  hint: string;
}

/**
 * The first stage of every simulation: the token's claims, or the relying party's own refusal of a
 * token it cannot parse.
 */
export function claimsOrRefusal(
  token: TokenSource,
  relyingParty: RelyingParty,
  answer: UnparsableToken,
): { claims: Readonly<Record<string, unknown>> } | Refused {
  try {
    return { claims: parseToken(token).claims };
  } catch (error) {
    if (!(error instanceof TrustInputError)) throw error;
    return refused(
      relyingParty,
      'token',
      answer.code,
      answer.message,
      { path: '', expected: 'a compact JWT', actual: error.message },
      answer.hint,
    );
  }
}
