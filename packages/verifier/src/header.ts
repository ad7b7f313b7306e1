import { type Algorithm, isForbiddenAlgorithm, isSupportedAlgorithm } from './algorithms.js';
import { failure, type VerifyFailure } from './errors.js';
import { decodeJsonSegment, SegmentError } from './jws.js';

/** The protected header of a token that passed the structural checks. */
export interface JwsHeader {
  readonly alg: Algorithm;
  readonly kid: string;
  readonly typ?: string;
  readonly [name: string]: unknown;
}

export const MAX_KID_LENGTH = 256;

/**
 * Header members that would let the token choose its own key or trust anchor. They are refused
 * rather than ignored so a misconfigured issuer is noticed.
 */
const KEY_CARRYING_MEMBERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

const ALG_MISSING = failure('malformed', 'the header has no "alg" string');
const ALG_FORBIDDEN = failure(
  'algorithm_not_allowed',
  'the token algorithm is never accepted (none and HMAC are refused)',
);
const ALG_UNSUPPORTED = failure('algorithm_not_allowed', 'the token algorithm is not supported');
const CRIT = failure(
  'crit_unsupported',
  'the header lists critical extensions ("crit"); none are supported',
);
const KID_MISSING = failure('unknown_kid', 'the header has no "kid"; a key id is required');
const KID_MALFORMED = failure(
  'malformed',
  `the header "kid" must be a string of 1-${MAX_KID_LENGTH} printable ASCII characters`,
);
const TYP_MALFORMED = failure('malformed', 'the header "typ" must be a string');
const KEY_CARRYING: Record<string, VerifyFailure> = Object.fromEntries(
  KEY_CARRYING_MEMBERS.map((name) => [
    name,
    failure('header_not_allowed', `the header member "${name}" is not allowed`),
  ]),
);

function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Checks an already-decoded header object. Issuer-specific checks (allow-list) come later. */
export function checkHeader(header: Record<string, unknown>): JwsHeader | VerifyFailure {
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string' || alg.length === 0) return ALG_MISSING;
  if (isForbiddenAlgorithm(alg)) return ALG_FORBIDDEN;
  if (!isSupportedAlgorithm(alg)) return ALG_UNSUPPORTED;
  for (const name of KEY_CARRYING_MEMBERS) {
    if (Object.hasOwn(header, name)) return KEY_CARRYING[name] as VerifyFailure;
  }
  if (Object.hasOwn(header, 'crit')) return CRIT;
  if (kid === undefined) return KID_MISSING;
  if (
    typeof kid !== 'string' ||
    kid.length === 0 ||
    kid.length > MAX_KID_LENGTH ||
    !isPrintableAscii(kid)
  ) {
    return KID_MALFORMED;
  }
  if (typ !== undefined && typeof typ !== 'string') return TYP_MALFORMED;
  return header as JwsHeader;
}

/** Decodes and checks the protected header segment. */
export function parseHeader(segment: string): JwsHeader | VerifyFailure {
  let header: Record<string, unknown>;
  try {
    header = decodeJsonSegment(segment);
  } catch (error) {
    const reason = error instanceof SegmentError ? error.message : 'undecodable';
    return failure('malformed', `the token header is malformed: ${reason}`);
  }
  return checkHeader(header);
}
