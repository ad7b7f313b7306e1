import { randomFillSync } from 'node:crypto';

const ID_BYTES = 16;
const POOL_IDS = 256;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let next = POOL_IDS;

/**
 * A token's `jti`: 16 bytes from the CSPRNG, base64url (22 characters). The bytes are drawn
 * 4 KiB at a time (one `randomFillSync` per 256 ids instead of one per token, as Node's own
 * `randomUUID` does); every id uses bytes no other id used.
 */
export function tokenId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const start = next * ID_BYTES;
  next++;
  return pool.toString('base64url', start, start + ID_BYTES);
}
