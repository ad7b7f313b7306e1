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

/**
 * Every Authorization header of a request, from Node's raw header list (`req.headers` keeps
 * only the first of repeated ones, so a second credential would pass unseen).
 */
export function authorizationHeaders(rawHeaders: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === 'authorization')
      values.push(rawHeaders[i + 1] as string);
  }
  return values;
}
