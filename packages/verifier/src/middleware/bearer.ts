/**
 * RFC 6750 §2.1: `Authorization: Bearer <b64token>`. Only the header form is supported (tokens in
 * query strings end up in logs).
 */
export type BearerExtraction =
  | { readonly status: 'token'; readonly token: string }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly description: string };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: |$)/;

export function extractBearer(
  authorization: string | readonly string[] | null | undefined,
): BearerExtraction {
  if (Array.isArray(authorization)) {
    if (authorization.length > 1) {
      return { status: 'invalid', description: 'more than one Authorization header' };
    }
    return extractBearer(authorization[0]);
  }
  const header = authorization as string | null | undefined;
  if (header === undefined || header === null || header.trim() === '') return { status: 'missing' };
  const scheme = SCHEME.exec(header)?.[1];
  // Another scheme (Basic, DPoP…) carries no bearer token: a plain challenge, not an error.
  if (scheme !== undefined && scheme.toLowerCase() !== 'bearer') return { status: 'missing' };
  const match = BEARER.exec(header);
  if (match === null) {
    return { status: 'invalid', description: 'the Authorization header is not "Bearer <token>"' };
  }
  return { status: 'token', token: match[1] as string };
}
