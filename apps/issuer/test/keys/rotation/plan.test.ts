import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  nextWakeUp,
  planRotation,
  type RotationState,
} from '../../../src/keys/rotation/index.js';
import {
  applyAll,
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
  v1,
} from './helpers.js';

const types = (s: RotationState, now: number) =>
  planRotation(s, v1, now).transitions.map((t) => ('keyId' in t ? `${t.type}:${t.keyId}` : t.type));

/** Applying a plan reaches a fixpoint that satisfies every invariant. */
function settle(state: RotationState, now: number): RotationState {
  const after = applyAll(state, planRotation(state, v1, now).transitions, now, ids('new'));
  expect(planRotation(after, v1, now).transitions).toEqual([]);
  expect(checkInvariants(after, v1, { settled: true })).toEqual([]);
  return after;
}

describe('planRotation: scheduled transitions', () => {
  const steady: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0)] };

  it('does nothing in a steady state before the rotation period', () => {
    expect(planRotation(steady, v1, T0 + 29 * DAY)).toEqual({
      transitions: [],
      waits: [],
      canSign: true,
    });
  });

  it('bootstraps a fresh issuer: a signing key at once and a published next key', () => {
    expect(types({ keys: [] }, T0)).toEqual(['generate-current', 'generate-next']);
    const s = settle({ keys: [] }, T0);
    expect(s.keys.map((k) => [k.state, k.activation])).toEqual([
      ['current', 'bootstrap'],
      ['next', undefined],
    ]);
  });

  it('bootstraps with an existing next key when no key ever signed', () => {
    expect(types({ keys: [nextKey('n', T0)] }, T0 + HOUR)).toEqual(['activate:n', 'generate-next']);
  });

  it('generates a next key when none exists', () => {
    expect(types({ keys: [currentKey('c', T0)] }, T0 + DAY)).toEqual(['generate-next']);
  });

  it('activates the next key once the current one is older than the period', () => {
    expect(types(steady, T0 + 30 * DAY - 1)).toEqual([]);
    expect(types(steady, T0 + 30 * DAY)).toEqual(['activate:n', 'generate-next']);
    const s = settle(steady, T0 + 30 * DAY);
    expect(byId(s, 'c')).toMatchObject({
      state: 'retired',
      retiredAt: T0 + 30 * DAY,
      removeAfter: T0 + 30 * DAY + V1_RETENTION,
    });
    expect(byId(s, 'n')).toMatchObject({ state: 'current', activation: 'scheduled' });
  });

  it('waits for the publish lead of a young next key even when rotation is overdue', () => {
    const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0 + 40 * DAY)] };
    const plan = planRotation(s, v1, T0 + 40 * DAY + HOUR);
    expect(plan.transitions).toEqual([]);
    expect(plan.canSign).toBe(true);
    expect(plan.waits).toEqual([
      expect.objectContaining({ code: 'next_key_too_young', until: T0 + 41 * DAY }),
    ]);
    expect(types(s, T0 + 41 * DAY)).toEqual(['activate:n', 'generate-next']);
  });

  it('removes a retired key exactly when last signature + lifetime + skew + max-age has passed', () => {
    const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0), retiredKey('r', T0)] };
    expect(types(s, T0 + V1_RETENTION - 1)).toEqual([]);
    expect(types(s, T0 + V1_RETENTION)).toEqual(['remove:r']);
  });

  it('measures retention from lastSignedAt when it is later than retiredAt', () => {
    const r = { ...retiredKey('r', T0), lastSignedAt: T0 + HOUR };
    const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0), r] };
    expect(types(s, T0 + V1_RETENTION)).toEqual([]);
    expect(types(s, T0 + HOUR + V1_RETENTION)).toEqual(['remove:r']);
  });

  it('never shortens a retention written under longer settings', () => {
    const r = { ...retiredKey('r', T0), removeAfter: T0 + DAY };
    const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0), r] };
    expect(types(s, T0 + DAY - 1)).toEqual([]);
    expect(types(s, T0 + DAY)).toEqual(['remove:r']);
  });

  it('catches up when run days late: one activation, then the fresh key waits its lead', () => {
    const s = settle({ keys: [currentKey('c', T0), nextKey('n', T0)] }, T0 + 65 * DAY);
    expect(byId(s, 'n').state).toBe('current');
    expect(byId(s, 'c').state).toBe('retired');
    const later = planRotation(s, v1, T0 + 65 * DAY + HOUR);
    // n is overdue too (activated late, but its own period counts from its activation).
    expect(later.transitions).toEqual([]);
    expect(nextWakeUp(s, v1, T0 + 65 * DAY + HOUR)).toBe(T0 + 65 * DAY + V1_RETENTION);
  });
});

describe('planRotation: key limit', () => {
  const four = (now: number): RotationState => ({
    keys: [
      currentKey('c', now - DAY),
      retiredKey('r1', now - HOUR),
      retiredKey('r2', now - HOUR / 2),
      retiredKey('r3', now - HOUR / 4),
      retiredKey('r4', now - HOUR / 8),
    ],
  });

  it('waits instead of generating a key that would exceed the limit, and says until when', () => {
    const now = T0 + 10 * DAY;
    const plan = planRotation(four(now), v1, now);
    expect(plan.transitions).toEqual([]);
    expect(plan.waits).toEqual([
      expect.objectContaining({
        code: 'key_limit',
        until: now - HOUR + V1_RETENTION,
        message: expect.stringMatching(/6 published keys \(limit 5\)/),
      }),
    ]);
    expect(nextWakeUp(four(now), v1, now)).toBe(now - HOUR + V1_RETENTION);
  });

  it('removes first, then generates within the limit', () => {
    const now = T0 + 10 * DAY;
    expect(types(four(now), now - HOUR + V1_RETENTION)).toEqual(['remove:r1', 'generate-next']);
  });

  it('counts the limit with a smaller maxPublishedKeys', () => {
    const settings = { ...v1, maxPublishedKeys: 3 };
    const s: RotationState = {
      keys: [currentKey('c', T0), retiredKey('r1', T0), retiredKey('r2', T0 + HOUR)],
    };
    expect(planRotation(s, settings, T0 + HOUR).waits[0]?.code).toBe('key_limit');
  });
});

describe('planRotation: repairs after a crash', () => {
  it('publishes a next key that was generated but never published, and never activates it', () => {
    const n = key({ id: 'n', state: 'next', createdAt: T0 });
    const s: RotationState = { keys: [currentKey('c', T0 - 40 * DAY), n] };
    const plan = planRotation(s, v1, T0 + 5 * DAY);
    expect(types(s, T0 + 5 * DAY)).toEqual(['publish:n']);
    expect(plan.waits).toEqual([
      expect.objectContaining({ code: 'next_key_too_young', until: T0 + 6 * DAY }),
    ]);
  });

  it('no current, published next old enough: activates it', () => {
    const s: RotationState = { keys: [retiredKey('r', T0), nextKey('n', T0 - 2 * DAY)] };
    expect(types(s, T0)).toEqual(['activate:n', 'generate-next']);
    expect(settle(s, T0).keys.find((k) => k.state === 'current')?.id).toBe('n');
  });

  it('no current, young next: reports the issuer unable to sign until the lead has passed', () => {
    const s: RotationState = { keys: [retiredKey('r', T0), nextKey('n', T0 - HOUR)] };
    const plan = planRotation(s, v1, T0);
    expect(plan.transitions).toEqual([]);
    expect(plan.canSign).toBe(false);
    expect(plan.waits).toEqual([
      expect.objectContaining({ code: 'no_signing_key', until: T0 - HOUR + DAY }),
    ]);
    // The retired key's removal comes first, then the moment the next key may sign.
    const wake = nextWakeUp(s, v1, T0);
    expect(wake).toBe(T0 + V1_RETENTION);
    const after = applyAll(s, planRotation(s, v1, wake).transitions, wake, ids());
    expect(nextWakeUp(after, v1, wake)).toBe(T0 - HOUR + DAY);
    expect(types(after, T0 - HOUR + DAY)).toEqual(['activate:n', 'generate-next']);
  });

  it('no current, unpublished next: publishes it and waits a full lead', () => {
    const n = key({ id: 'n', state: 'next', createdAt: T0 - 5 * DAY });
    const plan = planRotation({ keys: [retiredKey('r', T0), n] }, v1, T0);
    expect(plan.transitions.map((t) => t.type)).toEqual(['publish']);
    expect(plan.waits).toEqual([
      expect.objectContaining({ code: 'no_signing_key', until: T0 + DAY }),
    ]);
  });

  it('no current, no next (after a key was active): generates one and waits a full lead', () => {
    const plan = planRotation({ keys: [retiredKey('r', T0)] }, v1, T0);
    expect(plan.transitions.map((t) => t.type)).toEqual(['generate-next']);
    expect(plan.canSign).toBe(false);
    expect(plan.waits).toEqual([
      expect.objectContaining({ code: 'no_signing_key', until: T0 + DAY }),
    ]);
  });

  it('two current keys: keeps the newest activation, retires the other', () => {
    const s: RotationState = {
      keys: [currentKey('old', T0), currentKey('new', T0 + DAY), nextKey('n', T0)],
    };
    const plan = planRotation(s, v1, T0 + 2 * DAY);
    expect(plan.transitions).toEqual([
      expect.objectContaining({ type: 'retire', keyId: 'old', keepKeyId: 'new' }),
    ]);
    const after = settle(s, T0 + 2 * DAY);
    expect(byId(after, 'old')).toMatchObject({ state: 'retired', retiredAt: T0 + 2 * DAY });
  });

  it('two next keys: keeps the published one, discards the other (it never signed)', () => {
    const unpublished = key({ id: 'n0', state: 'next', createdAt: T0 - DAY });
    const s: RotationState = { keys: [currentKey('c', T0), unpublished, nextKey('n1', T0)] };
    expect(types(s, T0 + HOUR)).toEqual(['remove:n0']);
    expect(byId(settle(s, T0 + HOUR), 'n0').state).toBe('removed');
  });

  it('a current key missing from the JWKS is published at once', () => {
    const c = { ...currentKey('c', T0), publishedAt: undefined };
    expect(types({ keys: [c, nextKey('n', T0)] }, T0 + HOUR)).toEqual(['publish:c']);
  });
});

describe('nextWakeUp', () => {
  it('is now when something is due', () => {
    expect(nextWakeUp({ keys: [] }, v1, T0)).toBe(T0);
  });

  it('is the rotation time in a steady state', () => {
    const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0 + HOUR)] };
    expect(nextWakeUp(s, v1, T0 + 2 * HOUR)).toBe(T0 + 30 * DAY);
  });

  it('is the end of the publish lead when the next key is younger than the period allows', () => {
    const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0 + 30 * DAY - HOUR)] };
    expect(nextWakeUp(s, v1, T0 + 30 * DAY - HOUR)).toBe(T0 + 31 * DAY - HOUR);
  });

  it('is the earliest retired-key removal when that comes first', () => {
    const s: RotationState = {
      keys: [currentKey('c', T0), nextKey('n', T0), retiredKey('r', T0 + HOUR)],
    };
    expect(nextWakeUp(s, v1, T0 + HOUR)).toBe(T0 + HOUR + V1_RETENTION);
  });

  it('running the planner at the wake-up time finds work to do', () => {
    const s: RotationState = {
      keys: [currentKey('c', T0), nextKey('n', T0), retiredKey('r', T0 + HOUR)],
    };
    const wake = nextWakeUp(s, v1, T0 + HOUR);
    expect(planRotation(s, v1, wake - 1).transitions).toEqual([]);
    expect(planRotation(s, v1, wake).transitions).not.toEqual([]);
  });
});
