import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  changedKeys,
  RotationError,
  type RotationState,
  type RotationTransition,
} from '../../../src/keys/rotation/index.js';
import {
  byId,
  currentKey,
  DAY,
  HOUR,
  ids,
  key,
  nextKey,
  retiredKey,
  T0,
  V1_RETENTION,
} from './helpers.js';

const R = V1_RETENTION;
const steady: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0)] };
const activate: RotationTransition = {
  type: 'activate',
  keyId: 'n',
  mode: 'scheduled',
  notBefore: T0 + DAY,
  previous: { keyId: 'c', action: 'retire' },
  retentionMs: R,
  reason: 'test',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RotationError) return e.code;
    throw e;
  }
  return undefined;
}

describe('applyTransition: effects', () => {
  it('generate-next adds a published next key with the generated id and kid', () => {
    const s = applyTransition(
      { keys: [currentKey('c', T0)] },
      { type: 'generate-next', maxPublishedKeys: 5, reason: '' },
      T0 + HOUR,
      () => ({ id: 'x', kid: 'kid-x' }),
    );
    expect(byId(s, 'x')).toEqual({
      id: 'x',
      kid: 'kid-x',
      state: 'next',
      createdAt: T0 + HOUR,
      publishedAt: T0 + HOUR,
    });
  });

  it('a plain string id is used as the kid too', () => {
    const s = applyTransition(
      { keys: [] },
      { type: 'generate-next', maxPublishedKeys: 5, reason: '' },
      T0,
      () => 'plain',
    );
    expect(s.keys[0]).toMatchObject({ id: 'plain', kid: 'plain' });
  });

  it('activate promotes next and retires current in one step, with its planned removal', () => {
    const s = applyTransition(steady, activate, T0 + 30 * DAY, ids());
    expect(byId(s, 'n')).toMatchObject({
      state: 'current',
      activatedAt: T0 + 30 * DAY,
      activation: 'scheduled',
    });
    expect(byId(s, 'c')).toMatchObject({
      state: 'retired',
      retiredAt: T0 + 30 * DAY,
      removeAfter: T0 + 30 * DAY + R,
    });
    expect(changedKeys(steady, s).map((k) => k.id)).toEqual(['c', 'n']);
    expect(steady.keys.map((k) => k.state)).toEqual(['current', 'next']); // not mutated
  });

  it('activate with previous.action remove takes the old key out at once, marked compromised', () => {
    const t: RotationTransition = {
      ...activate,
      mode: 'emergency',
      notBefore: T0,
      previous: { keyId: 'c', action: 'remove' },
    };
    const s = applyTransition(steady, t, T0 + HOUR, ids());
    expect(byId(s, 'c')).toMatchObject({
      state: 'removed',
      removedAt: T0 + HOUR,
      compromised: true,
    });
    expect(byId(s, 'n')).toMatchObject({ state: 'current', activation: 'emergency' });
  });

  it('publish stamps publishedAt', () => {
    const s0: RotationState = { keys: [key({ id: 'n', state: 'next' })] };
    const s = applyTransition(s0, { type: 'publish', keyId: 'n', reason: '' }, T0 + 5, ids());
    expect(byId(s, 'n').publishedAt).toBe(T0 + 5);
  });

  it('remove takes a retired key out once due', () => {
    const s0: RotationState = { keys: [retiredKey('r', T0)] };
    const t: RotationTransition = {
      type: 'remove',
      keyId: 'r',
      notBefore: T0 + R,
      compromised: false,
      reason: '',
    };
    expect(byId(applyTransition(s0, t, T0 + R, ids()), 'r')).toMatchObject({
      state: 'removed',
      removedAt: T0 + R,
    });
  });
});

describe('applyTransition: stale or repeated transitions are no-ops (same object)', () => {
  const after = applyTransition(steady, activate, T0 + 30 * DAY, ids());
  const cases: Array<[string, RotationState, RotationTransition]> = [
    ['activate applied twice', after, activate],
    [
      'activate planned before another replica rotated',
      { keys: [...after.keys, nextKey('n2', T0 + 30 * DAY)] },
      { ...activate, keyId: 'n2' },
    ],
    [
      'generate-next when a next exists',
      steady,
      { type: 'generate-next', maxPublishedKeys: 5, reason: '' },
    ],
    ['publish of a published key', steady, { type: 'publish', keyId: 'n', reason: '' }],
    [
      'remove of a removed key',
      { keys: [{ ...retiredKey('r', T0), state: 'removed', removedAt: T0 + R }] },
      { type: 'remove', keyId: 'r', notBefore: T0 + R, compromised: false, reason: '' },
    ],
    [
      'retire when only one current remains',
      steady,
      { type: 'retire', keyId: 'c', keepKeyId: 'n', retentionMs: R, reason: '' },
    ],
    [
      'bootstrap after a key already signed',
      { keys: [retiredKey('r', T0)] },
      {
        type: 'generate-current',
        mode: 'bootstrap',
        previous: null,
        retentionMs: R,
        maxPublishedKeys: 5,
        reason: '',
      },
    ],
    [
      'emergency generate-current whose previous key no longer signs',
      after,
      {
        type: 'generate-current',
        mode: 'emergency',
        previous: { keyId: 'c', action: 'remove' },
        retentionMs: R,
        maxPublishedKeys: 5,
        reason: '',
      },
    ],
  ];
  it.each(cases)('%s', (_name, state, transition) => {
    expect(applyTransition(state, transition, T0 + 31 * DAY, ids('z'))).toBe(state);
  });
});

describe('applyTransition: refusals (RotationError code)', () => {
  const unpublished: RotationState = {
    keys: [currentKey('c', T0), key({ id: 'n', state: 'next', createdAt: T0 })],
  };
  const full: RotationState = {
    keys: [
      currentKey('c', T0),
      retiredKey('r1', T0),
      retiredKey('r2', T0),
      retiredKey('r3', T0),
      retiredKey('r4', T0),
    ],
  };
  const cases: Array<[string, () => unknown, string]> = [
    [
      'activate an unpublished key (even in an emergency)',
      () =>
        applyTransition(
          unpublished,
          { ...activate, mode: 'emergency', notBefore: T0 },
          T0 + 40 * DAY,
          ids(),
        ),
      'unpublished_key',
    ],
    [
      'activate before the publish lead',
      () => applyTransition(steady, activate, T0 + DAY - 1, ids()),
      'activation_too_early',
    ],
    [
      'activate with a notBefore before publication',
      () => applyTransition(steady, { ...activate, notBefore: T0 - 1 }, T0 + DAY, ids()),
      'invalid_transition',
    ],
    [
      'remove a retired key before its retention',
      () =>
        applyTransition(
          { keys: [retiredKey('r', T0)] },
          { type: 'remove', keyId: 'r', notBefore: T0, compromised: false, reason: '' },
          T0 + R - 1,
          ids(),
        ),
      'removal_too_early',
    ],
    [
      'remove the current key',
      () =>
        applyTransition(
          steady,
          { type: 'remove', keyId: 'c', notBefore: T0, compromised: true, reason: '' },
          T0,
          ids(),
        ),
      'invalid_transition',
    ],
    [
      'generate past the key limit',
      () =>
        applyTransition(
          full,
          { type: 'generate-next', maxPublishedKeys: 5, reason: '' },
          T0,
          ids(),
        ),
      'key_limit',
    ],
    [
      'generate an id that is taken',
      () =>
        applyTransition(
          { keys: [currentKey('c', T0)] },
          { type: 'generate-next', maxPublishedKeys: 5, reason: '' },
          T0,
          () => 'c',
        ),
      'invalid_transition',
    ],
    [
      'bootstrap-activate a young key after another key already signed',
      () =>
        applyTransition(
          { keys: [retiredKey('r', T0), nextKey('n', T0 + DAY)] },
          { ...activate, mode: 'bootstrap', previous: null },
          T0 + DAY,
          ids(),
        ),
      'invalid_transition',
    ],
    [
      'unknown key',
      () => applyTransition(steady, { type: 'publish', keyId: 'nope', reason: '' }, T0, ids()),
      'unknown_key',
    ],
    [
      'retire the key it keeps',
      () =>
        applyTransition(
          steady,
          { type: 'retire', keyId: 'c', keepKeyId: 'c', retentionMs: R, reason: '' },
          T0,
          ids(),
        ),
      'invalid_transition',
    ],
  ];
  it.each(cases)('%s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });

  it('a compromised retired key may be removed before its retention', () => {
    const s = applyTransition(
      { keys: [retiredKey('r', T0)] },
      { type: 'remove', keyId: 'r', notBefore: T0 + R, compromised: true, reason: '' },
      T0 + 1,
      ids(),
    );
    expect(byId(s, 'r')).toMatchObject({ state: 'removed', compromised: true });
  });
});
