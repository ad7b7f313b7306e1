import { RotationError } from './errors.js';
import type { RotationKey, RotationSettings } from './types.js';

/**
 * How long a retired key stays published after its retirement: a replica that has not seen the
 * retirement may sign for `replicaLagMs` more, that token lives `maxTokenLifetimeMs`, is accepted
 * `clockSkewMs` past its `exp`, plus one `jwksMaxAgeMs` of margin.
 */
export function retentionMs(settings: RotationSettings): number {
  return (
    settings.replicaLagMs +
    settings.maxTokenLifetimeMs +
    settings.clockSkewMs +
    settings.jwksMaxAgeMs
  );
}

/**
 * The last time the key may have signed (as recorded, or as stamped at retirement), or undefined
 * while it is still `current` / never signed. Lagging replicas are covered by `retentionMs`.
 */
export function lastSignatureAt(key: RotationKey): number | undefined {
  if (key.activatedAt === undefined) return undefined;
  if (key.retiredAt === undefined) return key.lastSignedAt;
  return Math.max(key.retiredAt, key.lastSignedAt ?? key.retiredAt);
}

/**
 * Earliest time a retired key may leave the JWKS. Takes the later of the removal written at
 * retirement and the one implied by today's settings, so lengthening a lifetime never shortens a
 * retention. A key that never signed may go at once.
 */
export function plannedRemovalAt(key: RotationKey, settings: RotationSettings): number {
  const last = lastSignatureAt(key);
  const implied = last === undefined ? Number.NEGATIVE_INFINITY : last + retentionMs(settings);
  return Math.max(key.removeAfter ?? Number.NEGATIVE_INFINITY, implied);
}

/**
 * The latest `exp` a token signed by `key` at `now` may carry. `viewAsOf` is when the caller's
 * copy of the key state was last known fresh: a view older than `replicaLagMs` may miss a
 * retirement, so it must not sign. Within that bound the retention (measured from retirement,
 * lag included) keeps `now + maxTokenLifetimeMs` before the key's removal minus skew and cache
 * age; a key that is not `current` (or not published) must not sign at all.
 */
export function maxTokenExpiry(
  key: RotationKey,
  settings: RotationSettings,
  now: number,
  viewAsOf: number = now,
): number {
  if (now - viewAsOf > settings.replicaLagMs) {
    throw new RotationError(
      'key_not_signing',
      `key state is ${now - viewAsOf} ms old (replicaLagMs ${settings.replicaLagMs}): refresh before signing`,
    );
  }
  if (key.state !== 'current') {
    throw new RotationError('key_not_signing', `key ${key.kid} is ${key.state}, not current`);
  }
  if (key.publishedAt === undefined || key.publishedAt > now) {
    throw new RotationError('key_not_signing', `key ${key.kid} is not published`);
  }
  if (key.activation === 'scheduled' && now < key.publishedAt + settings.publishLeadMs) {
    throw new RotationError('key_not_signing', `key ${key.kid} was not published long enough`);
  }
  let latest = now + settings.maxTokenLifetimeMs;
  if (key.removeAfter !== undefined) {
    // Defensive: a removal already planned for this key bounds its tokens too.
    latest = Math.min(latest, key.removeAfter - settings.clockSkewMs - settings.jwksMaxAgeMs);
  }
  if (latest <= now) {
    throw new RotationError('key_not_signing', `key ${key.kid} is about to leave the JWKS`);
  }
  return latest;
}
