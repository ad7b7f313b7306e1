import { decodeKeyset, encodeKeyset, isCursorId, isCursorInstant } from './keyset-cursor.js';
import type { TrailPosition } from './trail.js';

/** Opaque cursor of the merged trail: the (time, table, id) of a page's last entry. */
export function encodeTrailCursor(position: TrailPosition): string {
  return encodeKeyset([
    position.at.getTime(),
    position.source === 'token' ? 't' : 'e',
    position.id,
  ]);
}

/** The position a cursor names, or undefined when this issuer could not have returned it. */
export function decodeTrailCursor(cursor: string): TrailPosition | undefined {
  const value = decodeKeyset(cursor, 3);
  if (
    value === undefined ||
    !isCursorInstant(value[0]) ||
    (value[1] !== 't' && value[1] !== 'e') ||
    !isCursorId(value[2])
  ) {
    return undefined;
  }
  return { at: new Date(value[0]), source: value[1] === 't' ? 'token' : 'event', id: value[2] };
}
