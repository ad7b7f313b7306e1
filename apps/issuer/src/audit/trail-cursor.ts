import type { TrailPosition } from './trail.js';

const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Ids this issuer writes (event ids, jtis) are visible ASCII. */
const ID = /^[\x21-\x7e]{1,200}$/;

/** Opaque cursor of the merged trail: the (time, table, id) of a page's last entry. */
export function encodeTrailCursor(position: TrailPosition): string {
  return Buffer.from(
    JSON.stringify([position.at.getTime(), position.source === 'token' ? 't' : 'e', position.id]),
  ).toString('base64url');
}

/** The position a cursor names, or undefined when this issuer could not have returned it. */
export function decodeTrailCursor(cursor: string): TrailPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      Number.isSafeInteger(value[0]) &&
      (value[0] as number) >= 0 &&
      (value[0] as number) <= LATEST_MS &&
      (value[1] === 't' || value[1] === 'e') &&
      typeof value[2] === 'string' &&
      ID.test(value[2])
    ) {
      return {
        at: new Date(value[0] as number),
        source: value[1] === 't' ? 'token' : 'event',
        id: value[2],
      };
    }
  } catch {
    // Not ours: the caller answers 400.
  }
  return undefined;
}
