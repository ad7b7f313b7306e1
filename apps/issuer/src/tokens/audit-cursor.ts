/** Opaque keyset cursor of the audit listing: the (iat, jti) of the last record of a page. */
export function encodeCursor(position: { iat: Date; jti: string }): string {
  return Buffer.from(JSON.stringify([position.iat.getTime(), position.jti])).toString('base64url');
}

/** The instants a cursor may hold: the store's range (a JavaScript Date reaches further). */
const EARLIEST_MS = 0;
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Token ids this issuer writes are base64url; a cursor's jti is at least visible ASCII. */
const JTI = /^[\x21-\x7e]{1,200}$/;

/**
 * The position a cursor names, or undefined when it is not one this issuer could have returned:
 * an `iat` outside 1970…9999 (2^53−1 included) or a `jti` with NUL, controls or non-ASCII never
 * reaches the store.
 */
export function decodeCursor(cursor: string): { iat: Date; jti: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      (value[0] as number) >= EARLIEST_MS &&
      (value[0] as number) <= LATEST_MS &&
      typeof value[1] === 'string' &&
      JTI.test(value[1])
    ) {
      return { iat: new Date(value[0] as number), jti: value[1] };
    }
  } catch {
    // Not ours: reported below as an invalid cursor.
  }
  return undefined;
}
