/** RFC 6750 `b64token`, capped: nothing else is a credential. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const MAX_HEADER_LENGTH = 512;

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined. Strict: one scheme,
 * exactly one space, no trailing whitespace, no second credential, bounded length.
 */
export function parseBearer(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return undefined;
  const match = BEARER.exec(header);
  return match?.[1];
}
