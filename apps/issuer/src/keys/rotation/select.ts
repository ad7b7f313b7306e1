import type { RotationKey, RotationState } from './types.js';

/** When a key started signing; a corrupt `current` without `activatedAt` falls back to older stamps. */
export function activationTime(key: RotationKey): number {
  return key.activatedAt ?? key.publishedAt ?? key.createdAt;
}

/** Current keys, the one to keep first: newest activation, ties broken by id for determinism. */
export function currentKeys(state: RotationState): RotationKey[] {
  return state.keys
    .filter((k) => k.state === 'current')
    .sort((a, b) => activationTime(b) - activationTime(a) || compare(a.id, b.id));
}

/** Next keys, the one to keep first: published before unpublished, then the oldest. */
export function nextKeys(state: RotationState): RotationKey[] {
  const rank = (k: RotationKey): number => k.publishedAt ?? Number.POSITIVE_INFINITY;
  return state.keys
    .filter((k) => k.state === 'next')
    .sort((a, b) => compare(rank(a), rank(b)) || a.createdAt - b.createdAt || compare(a.id, b.id));
}

export function liveKeys(state: RotationState): RotationKey[] {
  return state.keys.filter((k) => k.state !== 'removed');
}

/** Keys a JWKS built from this state contains. */
export function publishedKeys(state: RotationState): RotationKey[] {
  return liveKeys(state).filter((k) => k.publishedAt !== undefined);
}

/** The key that signs now, if any (the newest activation when a crash left two). */
export function signingKey(state: RotationState): RotationKey | undefined {
  return currentKeys(state)[0];
}

export function everActivated(state: RotationState): boolean {
  return state.keys.some(
    (k) => k.activatedAt !== undefined || k.state === 'current' || k.state === 'retired',
  );
}

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
