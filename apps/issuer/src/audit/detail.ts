import type { JsonValue } from '../store/records.js';

/** Larger details are replaced by `{ "truncated": true }`: an event is a line, not a payload. */
export const MAX_DETAIL_BYTES = 4096;
const MAX_STRING = 500;
/** A RunID secret (`rid_admin_…`, `rid_client_…`, `rid_run_…`) or a JWS/JWT anywhere in a string. */
const SECRET_VALUE = /rid_(?:admin|client|run)_[A-Za-z0-9_-]{8,}|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;
/** Members that name a secret are never kept, whatever their value looks like. */
const SECRET_NAME = /secret|password|passphrase|token$|^key$|apikey|api_key|credential$|kek/i;

export const REDACTED = '[redacted]';

/**
 * An event's detail as stored: secrets redacted (by name and by shape), long strings cut, depth
 * and size bounded. The recorder applies it to every event, so a caller's mistake cannot put a
 * key or a token into the audit trail.
 */
export function safeDetail(detail: Readonly<Record<string, unknown>> | undefined): {
  [key: string]: JsonValue;
} {
  if (detail === undefined) return {};
  const cleaned = clean(detail, 0);
  const object =
    cleaned !== null && typeof cleaned === 'object' && !Array.isArray(cleaned) ? cleaned : {};
  return Buffer.byteLength(JSON.stringify(object)) > MAX_DETAIL_BYTES
    ? { truncated: true }
    : object;
}

function clean(value: unknown, depth: number): JsonValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (depth >= 4) return null;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [name, member] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
      if (member === undefined) continue;
      out[name] = SECRET_NAME.test(name) ? REDACTED : clean(member, depth + 1);
    }
    return out;
  }
  return null;
}
