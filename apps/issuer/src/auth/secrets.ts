import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `run`: a run credential (`rid_run_…`), shown once at `POST /api/v1/runs`. */
export type KeyType = 'admin' | 'client' | 'run';

const KEY_PATTERN = /^rid_(admin|client|run)_[A-Za-z0-9_-]{43}$/;

/** A new API key: 256 random bits behind a recognisable prefix (secret scanners can find it). */
export function generateApiKey(type: KeyType): string {
  return `rid_${type}_${randomBytes(32).toString('base64url')}`;
}

/** The key's type from its shape, or undefined when it is not a RunID key at all. */
export function apiKeyType(key: string): KeyType | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as KeyType) : undefined;
}

/**
 * SHA-256 of the key. The keys are 256-bit random values, so a fast hash is right: there is
 * nothing to brute-force, and a slow KDF would only cost every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A random identifier (128 bits) with a readable prefix. */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
