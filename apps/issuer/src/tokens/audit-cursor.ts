/** Opaque keyset cursor of the audit listing: the (iat, jti) of the last record of a page. */
export function encodeCursor(position: { iat: Date; jti: string }): string {
  return Buffer.from(JSON.stringify([position.iat.getTime(), position.jti])).toString('base64url');
}

export function decodeCursor(cursor: string): { iat: Date; jti: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length > 0 &&
      value[1].length <= 200
    ) {
      return { iat: new Date(value[0] as number), jti: value[1] };
    }
  } catch {
    // Not ours: reported below as an invalid cursor.
  }
  return undefined;
}
