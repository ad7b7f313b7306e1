/**
 * The console's session cookie. On https it carries the `__Host-` prefix (the browser then
 * insists on `Secure`, `Path=/` and no `Domain`, so no subdomain can plant or shadow it).
 */
export interface SessionCookie {
  readonly name: string;
  readonly secure: boolean;
}

export function sessionCookie(issuerBaseUrl: string): SessionCookie {
  const secure = new URL(issuerBaseUrl).protocol === 'https:';
  return { name: secure ? '__Host-runid_session' : 'runid_session', secure };
}

/** `Set-Cookie` for a new session id; a session cookie (no Max-Age): the store times it out. */
export function setCookieHeader(cookie: SessionCookie, id: string): string {
  return `${cookie.name}=${id}; Path=/; HttpOnly; SameSite=Strict${cookie.secure ? '; Secure' : ''}`;
}

/** `Set-Cookie` that makes the browser drop the cookie. */
export function clearCookieHeader(cookie: SessionCookie): string {
  return `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${cookie.secure ? '; Secure' : ''}`;
}

/**
 * The value of the session cookie in a `Cookie` header, or undefined. More than one cookie of
 * that name (a planted duplicate) is treated as none.
 */
export function readSessionCookie(
  cookie: SessionCookie,
  header: string | undefined,
): string | undefined {
  if (header === undefined) return undefined;
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === cookie.name) values.push(part.slice(eq + 1).trim());
  }
  return values.length === 1 ? values[0] : undefined;
}
