import { RotationError } from './errors.js';
import { everActivated } from './select.js';
import type {
  GenerateKeyId,
  PreviousKeyAction,
  RotationKey,
  RotationState,
  RotationTransition,
} from './types.js';

/**
 * Applies one transition and returns the new state; the input is never mutated. A transition whose
 * preconditions no longer hold (applied twice, or planned before another replica acted) returns the
 * SAME state object. A transition that would break an invariant throws RotationError.
 */
export function applyTransition(
  state: RotationState,
  transition: RotationTransition,
  now: number,
  generateId: GenerateKeyId,
): RotationState {
  switch (transition.type) {
    case 'generate-next': {
      if (state.keys.some((k) => k.state === 'next')) return state;
      assertRoom(state.keys, transition.maxPublishedKeys);
      return { keys: [...state.keys, newKey(state.keys, generateId, now, 'next')] };
    }
    case 'generate-current': {
      const currents = state.keys.filter((k) => k.state === 'current');
      if (transition.previous === null) {
        if (currents.length > 0) return state;
        if (transition.mode === 'bootstrap' && everActivated(state)) return state;
      } else if (!currents.some((k) => k.id === transition.previous?.keyId)) {
        return state;
      }
      const keys = retireCurrents(state.keys, transition.previous, transition.retentionMs, now);
      assertRoom(keys, transition.maxPublishedKeys);
      const key: RotationKey = {
        ...newKey(keys, generateId, now, 'current'),
        activatedAt: now,
        activation: transition.mode,
      };
      return { keys: [...keys, key] };
    }
    case 'publish': {
      const key = find(state, transition.keyId);
      if (key.publishedAt !== undefined || (key.state !== 'next' && key.state !== 'current')) {
        return state;
      }
      return replace(state.keys, { ...key, publishedAt: now });
    }
    case 'activate': {
      const key = find(state, transition.keyId);
      if (key.state !== 'next') return state;
      const currents = state.keys.filter((k) => k.state === 'current');
      const previous = transition.previous;
      if (
        previous === null ? currents.length > 0 : !currents.some((k) => k.id === previous.keyId)
      ) {
        return state;
      }
      if (key.publishedAt === undefined || key.publishedAt > now) {
        throw new RotationError('unpublished_key', `key ${key.kid} was never published`);
      }
      if (transition.mode === 'bootstrap' && everActivated(state)) {
        throw new RotationError('invalid_transition', 'bootstrap only before any key has signed');
      }
      if (transition.mode === 'scheduled') {
        if (transition.notBefore < key.publishedAt) {
          throw new RotationError('invalid_transition', 'notBefore precedes the publication');
        }
        if (now < transition.notBefore) {
          throw new RotationError(
            'activation_too_early',
            `key ${key.kid} may sign from ${new Date(transition.notBefore).toISOString()}`,
          );
        }
      }
      const keys = retireCurrents(state.keys, previous, transition.retentionMs, now);
      return replace(keys, {
        ...key,
        state: 'current',
        activatedAt: now,
        activation: transition.mode,
      });
    }
    case 'retire': {
      if (transition.keyId === transition.keepKeyId) {
        throw new RotationError('invalid_transition', 'cannot retire the key it keeps');
      }
      const key = find(state, transition.keyId);
      const keep = find(state, transition.keepKeyId);
      if (key.state !== 'current' || keep.state !== 'current') return state;
      return replace(state.keys, retired(key, transition.retentionMs, now));
    }
    case 'remove': {
      const key = find(state, transition.keyId);
      if (key.state === 'removed') return state;
      if (key.state === 'current') {
        throw new RotationError('invalid_transition', `key ${key.kid} is current; rotate first`);
      }
      if (key.state === 'retired' && !transition.compromised) {
        const due = Math.max(transition.notBefore, key.removeAfter ?? Number.NEGATIVE_INFINITY);
        if (now < due) {
          throw new RotationError(
            'removal_too_early',
            `key ${key.kid} must stay published until ${new Date(due).toISOString()}`,
          );
        }
      }
      return replace(state.keys, removed(key, transition.compromised, now));
    }
  }
}

/** The keys that differ between two states (new or changed), for the store to persist. */
export function changedKeys(before: RotationState, after: RotationState): RotationKey[] {
  const old = new Map(before.keys.map((k) => [k.id, k]));
  return after.keys.filter((k) => old.get(k.id) !== k);
}

function newKey(
  keys: readonly RotationKey[],
  generateId: GenerateKeyId,
  now: number,
  state: 'next' | 'current',
): RotationKey {
  const generated = generateId();
  const { id, kid } = typeof generated === 'string' ? { id: generated, kid: generated } : generated;
  if (keys.some((k) => k.id === id || k.kid === kid)) {
    throw new RotationError('invalid_transition', `generated key id ${id} / kid ${kid} is taken`);
  }
  return { id, kid, state, createdAt: now, publishedAt: now };
}

/** Every current key stops signing: `previous` as asked, any stray duplicate is retired. */
function retireCurrents(
  keys: readonly RotationKey[],
  previous: PreviousKeyAction | null,
  retention: number,
  now: number,
): RotationKey[] {
  return keys.map((k) => {
    if (k.state !== 'current') return k;
    if (previous?.keyId === k.id && previous.action === 'remove') {
      return removed({ ...k, retiredAt: now }, true, now);
    }
    return retired(k, retention, now);
  });
}

function retired(key: RotationKey, retention: number, now: number): RotationKey {
  const last = Math.max(now, key.lastSignedAt ?? now);
  return { ...key, state: 'retired', retiredAt: now, removeAfter: last + retention };
}

function removed(key: RotationKey, compromised: boolean, now: number): RotationKey {
  return compromised
    ? { ...key, state: 'removed', removedAt: now, compromised: true }
    : { ...key, state: 'removed', removedAt: now };
}

function assertRoom(keys: readonly RotationKey[], max: number): void {
  const live = keys.filter((k) => k.state !== 'removed').length;
  if (live + 1 > max) {
    throw new RotationError(
      'key_limit',
      `a new key would make ${live + 1} published keys; the JWKS holds at most ${max}`,
    );
  }
}

function find(state: RotationState, id: string): RotationKey {
  const key = state.keys.find((k) => k.id === id);
  if (key === undefined) throw new RotationError('unknown_key', `no key with id ${id}`);
  return key;
}

function replace(keys: readonly RotationKey[], key: RotationKey): RotationState {
  return { keys: keys.map((k) => (k.id === key.id ? key : k)) };
}
