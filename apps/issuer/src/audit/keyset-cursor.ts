/**
 * The one format of the issuer's opaque keyset cursors (the audit listing, the merged trail, the
 * runs' tokens): a page's last position as a JSON array, base64url. Decoding admits only what
 * this issuer could have written, so nothing else reaches a store's query.
 */

/** The instants a cursor may hold: the store's range, 1970…9999 (a JavaScript Date reaches further). */
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Ids this issuer writes (jtis, event ids) are visible ASCII: no NUL, controls or non-ASCII. */
const ID = /^[\x21-\x7e]{1,200}$/;

export function encodeKeyset(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The array of `length` parts a cursor holds, or undefined when it is not such a cursor. */
export function decodeKeyset(cursor: string, length: number): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === length ? value : undefined;
  } catch {
    // Not ours: the caller answers 400.
    return undefined;
  }
}

/** A millisecond instant in the store's range (2^53−1 and negatives refused). */
export function isCursorInstant(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= LATEST_MS;
}

export function isCursorId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}
