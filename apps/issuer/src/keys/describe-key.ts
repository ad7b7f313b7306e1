import type { Schemas } from '@runid/contract';
import type { SigningKeyRecord } from '../store/records.js';

/** A key as the admin API shows it: metadata only, never private material. */
export function describeKey(key: SigningKeyRecord): Schemas['SigningKey'] {
  return {
    issuer: key.issuer,
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    createdAt: key.createdAt.toISOString(),
    ...(key.activatedAt && { activatedAt: key.activatedAt.toISOString() }),
    ...(key.retiredAt && { retiredAt: key.retiredAt.toISOString() }),
    ...(key.removedAt && { removedAt: key.removedAt.toISOString() }),
    ...(key.publishedAt && { publishedAt: key.publishedAt.toISOString() }),
    ...(key.publishUntil && { publishUntil: key.publishUntil.toISOString() }),
  };
}
