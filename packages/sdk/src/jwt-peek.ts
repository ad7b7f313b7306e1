/**
 * Reads (never verifies) a JWT's payload, only to word error hints ("the token's sub is …").
 * Returns undefined for anything that isn't a compact JWS with a JSON object payload.
 */
export function peekJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function describeTokenIdentity(token: string): string {
  const p = peekJwtPayload(token);
  if (p === undefined) return 'the token';
  const fields = ['iss', 'aud', 'sub']
    .filter((k) => typeof p[k] === 'string')
    .map((k) => `${k}=${JSON.stringify(p[k])}`);
  return fields.length ? `the token (${fields.join(', ')})` : 'the token';
}
