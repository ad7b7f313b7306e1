import { decodeKeyset, encodeKeyset, isCursorId, isCursorInstant } from '../audit/keyset-cursor.js';

/** Opaque keyset cursor of the audit listing: the (iat, jti) of the last record of a page. */
export function encodeCursor(position: { iat: Date; jti: string }): string {
  return encodeKeyset([position.iat.getTime(), position.jti]);
}

/**
 * The position a cursor names, or undefined when it is not one this issuer could have returned:
 * an `iat` outside 1970…9999 (2^53−1 included) or a `jti` with NUL, controls or non-ASCII never
 * reaches the store.
 */
export function decodeCursor(cursor: string): { iat: Date; jti: string } | undefined {
  const value = decodeKeyset(cursor, 2);
  if (value === undefined || !isCursorInstant(value[0]) || !isCursorId(value[1])) return undefined;
  return { iat: new Date(value[0]), jti: value[1] };
}
