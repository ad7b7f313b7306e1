import {
  applyTransition,
  defaultRotationSettings,
  type GenerateKeyId,
  type RotationKey,
  type RotationSettings,
  type RotationState,
  type RotationTransition,
} from '../../../src/keys/rotation/index.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2030, 0, 1);

export const v1: RotationSettings = defaultRotationSettings('v1');
/** replica lag + maxTokenLifetime + skew + max-age for v1 defaults: 1 min + 2 h + 5 min + 10 min. */
export const V1_RETENTION = MINUTE + 2 * HOUR + 5 * MINUTE + 10 * MINUTE;

export function ids(prefix = 'k'): GenerateKeyId {
  let n = 0;
  return () => {
    n += 1;
    return { id: `${prefix}${n}`, kid: `kid-${prefix}${n}` };
  };
}

export function key(
  partial: Partial<RotationKey> & Pick<RotationKey, 'id' | 'state'>,
): RotationKey {
  return { kid: `kid-${partial.id}`, createdAt: T0, ...partial };
}

/** A published next key. */
export function nextKey(id: string, publishedAt: number): RotationKey {
  return key({ id, state: 'next', createdAt: publishedAt, publishedAt });
}

/** A current key, published the full lead before its (scheduled) activation. */
export function currentKey(id: string, activatedAt: number, lead = v1.publishLeadMs): RotationKey {
  return key({
    id,
    state: 'current',
    createdAt: activatedAt - lead,
    publishedAt: activatedAt - lead,
    activatedAt,
    activation: 'scheduled',
  });
}

export function retiredKey(id: string, retiredAt: number, retention = V1_RETENTION): RotationKey {
  return {
    ...currentKey(id, retiredAt - 30 * DAY),
    state: 'retired',
    retiredAt,
    removeAfter: retiredAt + retention,
  };
}

export function applyAll(
  state: RotationState,
  transitions: readonly RotationTransition[],
  now: number,
  generateId: GenerateKeyId,
): RotationState {
  return transitions.reduce((s, t) => applyTransition(s, t, now, generateId), state);
}

export function byId(state: RotationState, id: string): RotationKey {
  const k = state.keys.find((x) => x.id === id);
  if (k === undefined) throw new Error(`no key ${id}`);
  return k;
}

/** mulberry32: small, seeded, reproducible (fast-check is not a dependency of this package). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
