import { describe, expect, it } from 'vitest';
import {
  checkConsistency,
  checkInvariants,
  checkKeyLimit,
  checkPublishBeforeSign,
  checkRetention,
  checkSingleCurrent,
  checkTokenWithinKeyLife,
  type RotationState,
} from '../../../src/keys/rotation/index.js';
import {
  currentKey,
  DAY,
  HOUR,
  key,
  nextKey,
  retiredKey,
  T0,
  V1_RETENTION,
  v1,
} from './helpers.js';

const good: RotationState = {
  keys: [currentKey('c', T0), nextKey('n', T0), retiredKey('r', T0)],
};
const names = (v: { invariant: string }[]) => v.map((x) => x.invariant);

describe('invariant checks accept a good state and catch each violation', () => {
  it('accepts a steady state', () => {
    expect(checkInvariants(good, v1, { settled: true })).toEqual([]);
    expect(checkSingleCurrent({ keys: [] })).toEqual([]);
  });

  it('consistency', () => {
    const dup = { keys: [currentKey('c', T0), { ...nextKey('c', T0), kid: 'other' }] };
    expect(names(checkConsistency(dup))).toEqual(['consistency']);
    const signedNext = { keys: [{ ...nextKey('n', T0), activatedAt: T0 + DAY }] };
    expect(names(checkConsistency(signedNext))).toEqual(['consistency']);
    const order = { keys: [{ ...currentKey('c', T0), publishedAt: T0 + 1 }] };
    expect(names(checkConsistency(order))).toEqual(['consistency']);
    const removedLive = { keys: [{ ...retiredKey('r', T0), removedAt: T0 + DAY }] };
    expect(names(checkConsistency(removedLive))).toEqual(['consistency']);
  });

  it('key-limit counts every live key, published or about to be', () => {
    const six: RotationState = {
      keys: [
        ...good.keys,
        retiredKey('r2', T0),
        retiredKey('r3', T0),
        key({ id: 'u', state: 'next' }),
      ],
    };
    expect(names(checkKeyLimit(six, v1))).toEqual(['key-limit']);
    expect(checkKeyLimit({ keys: six.keys.slice(0, 5) }, v1)).toEqual([]);
  });

  it('single-current: none or two after a key ever signed', () => {
    expect(names(checkSingleCurrent({ keys: [retiredKey('r', T0)] }))).toEqual(['single-current']);
    expect(names(checkSingleCurrent({ keys: [currentKey('a', T0), currentKey('b', T0)] }))).toEqual(
      ['single-current'],
    );
  });

  it('publish-before-sign: unpublished, or published shorter than the lead', () => {
    const unpublished = { keys: [{ ...currentKey('c', T0), publishedAt: undefined }] };
    expect(names(checkPublishBeforeSign(unpublished, v1))).toEqual(['publish-before-sign']);
    const young = { keys: [currentKey('c', T0, HOUR)] };
    expect(names(checkPublishBeforeSign(young, v1))).toEqual(['publish-before-sign']);
    const emergency = { keys: [{ ...currentKey('c', T0, 0), activation: 'emergency' as const }] };
    expect(checkPublishBeforeSign(emergency, v1)).toEqual([]);
  });

  it('retention: removed before last signature + lifetime + skew + max-age', () => {
    const early = {
      keys: [
        { ...retiredKey('r', T0), state: 'removed' as const, removedAt: T0 + V1_RETENTION - 1 },
      ],
    };
    expect(names(checkRetention(early, v1))).toEqual(['retention']);
    const onTime = { keys: [{ ...early.keys[0], removedAt: T0 + V1_RETENTION }] } as RotationState;
    expect(checkRetention(onTime, v1)).toEqual([]);
    const compromised = { keys: [{ ...early.keys[0], compromised: true }] } as RotationState;
    expect(checkRetention(compromised, v1)).toEqual([]);
  });

  it('token-within-key-life', () => {
    const r = { ...retiredKey('r', T0), state: 'removed' as const, removedAt: T0 + V1_RETENTION };
    const lastExp = T0 + V1_RETENTION - v1.clockSkewMs - v1.jwksMaxAgeMs;
    expect(checkTokenWithinKeyLife(r, lastExp, v1)).toEqual([]);
    expect(names(checkTokenWithinKeyLife(r, lastExp + 1, v1))).toEqual(['token-within-key-life']);
    expect(checkTokenWithinKeyLife(currentKey('c', T0), T0 + 99 * DAY, v1)).toEqual([]);
  });
});
