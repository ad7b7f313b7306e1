import { createHash } from 'node:crypto';

/** A JSON document serialised once: the same bytes and strong ETag for every request. */
export interface StaticDocument {
  readonly body: Buffer;
  readonly etag: string;
}

export function staticDocument(value: unknown): StaticDocument {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  return { body, etag };
}

/**
 * RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly (a `W/` prefix matches
 * the strong tag with the same opaque value).
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  for (const part of trimmed.split(',')) {
    const tag = part.trim().replace(/^W\//, '');
    if (tag === etag) return true;
  }
  return false;
}
