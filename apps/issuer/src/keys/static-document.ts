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
