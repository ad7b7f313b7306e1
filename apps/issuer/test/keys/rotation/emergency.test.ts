import { describe, expect, it } from 'vitest';
import {
  checkInvariants,
  planEmergencyRotation,
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
  MINUTE,
  nextKey,
  retiredKey,
  T0,
  V1_RETENTION,
  v1,
} from './helpers.js';

function run(state: RotationState, now: number, removeCompromised: boolean) {
  const plan = planEmergencyRotation(state, v1, now, { removeCompromised });
  if (!plan.ok) throw new Error(plan.explanation);
  const after = applyAll(state, plan.transitions, now, ids('e'));
  expect(checkInvariants(after, v1, { settled: true })).toEqual([]);
  expect(planRotation(after, v1, now).transitions).toEqual([]);
  return { plan, after };
}

describe('planEmergencyRotation', () => {
  const steady: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0 + HOUR)] };

  it('promotes the next key at once, retires the old one and publishes a fresh next', () => {
    const now = T0 + 2 * HOUR;
    const { plan, after } = run(steady, now, false);
    expect(plan.transitions.map((t) => t.type)).toEqual(['activate', 'generate-next']);
    expect(byId(after, 'n')).toMatchObject({ state: 'current', activation: 'emergency' });
    expect(byId(after, 'c')).toMatchObject({ state: 'retired', removeAfter: now + V1_RETENTION });
    expect(after.keys.filter((k) => k.state === 'next')).toHaveLength(1);
    expect(plan.explanation).toMatch(/kid-c stops signing now but stays published until/);
    expect(plan.explanation).toMatch(/use removeCompromised/);
    expect(plan.explanation).toMatch(/published only 1h ago \(publish lead 1d\)/);
    expect(plan.explanation).toMatch(/reject new tokens until they refetch/);
  });

  it('with removeCompromised takes the old key out of the JWKS immediately and says what that means', () => {
    const { plan, after } = run(steady, T0 + 2 * HOUR, true);
    expect(byId(after, 'c')).toMatchObject({ state: 'removed', compromised: true });
    expect(plan.explanation).toMatch(/leaves the JWKS now/);
    expect(plan.explanation).toMatch(/keep trusting it until their cache expires \(up to 10m/);
    expect(plan.explanation).toMatch(/stay valid/);
  });

  it('says relying parties should already hold a next key older than the lead', () => {
    const { plan } = run(steady, T0 + 3 * DAY, false);
    expect(plan.explanation).toMatch(/published 2d23h ago, longer than the 1d publish lead/);
  });

  it('publishes an unpublished next key before promoting it', () => {
    const s: RotationState = {
      keys: [currentKey('c', T0), key({ id: 'n', state: 'next', createdAt: T0 })],
    };
    const { plan, after } = run(s, T0 + HOUR, false);
    expect(plan.transitions.map((t) => t.type)).toEqual(['publish', 'activate', 'generate-next']);
    expect(byId(after, 'n').publishedAt).toBe(T0 + HOUR);
    expect(plan.explanation).toMatch(/published only 0s ago/);
  });

  it('generates a key that signs at once when there is no next key', () => {
    const { plan, after } = run({ keys: [currentKey('c', T0)] }, T0 + HOUR, true);
    expect(plan.transitions.map((t) => t.type)).toEqual(['generate-current', 'generate-next']);
    expect(after.keys.find((k) => k.state === 'current')?.activation).toBe('emergency');
    expect(plan.explanation).toMatch(/There is no next key/);
  });

  it('repairs two current keys on the way (both stop signing)', () => {
    const s: RotationState = {
      keys: [currentKey('a', T0), currentKey('b', T0 + HOUR), nextKey('n', T0)],
    };
    const { after } = run(s, T0 + 2 * DAY, true);
    expect(byId(after, 'b').state).toBe('removed');
    expect(byId(after, 'a').state).toBe('retired');
  });

  it('works for an issuer that cannot sign (no current key)', () => {
    const s: RotationState = { keys: [retiredKey('r', T0), nextKey('n', T0)] };
    const { plan, after } = run(s, T0 + 10 * MINUTE, true);
    expect(byId(after, 'n').state).toBe('current');
    expect(plan.explanation).toMatch(/No key is signing now/);
  });

  it('defers the fresh next key when the JWKS is full', () => {
    const s: RotationState = {
      keys: [
        currentKey('c', T0),
        nextKey('n', T0),
        retiredKey('r1', T0 + HOUR),
        retiredKey('r2', T0 + HOUR),
        retiredKey('r3', T0 + HOUR),
      ],
    };
    const { plan, after } = run(s, T0 + 2 * HOUR, false);
    expect(plan.transitions.map((t) => t.type)).toEqual(['activate']);
    expect(after.keys.filter((k) => k.state !== 'removed')).toHaveLength(5);
    expect(plan.explanation).toMatch(/No fresh next key yet: the JWKS holds 5 keys \(limit 5\)/);
  });

  it('refuses when there is no next key and no room, unless the compromised key is removed', () => {
    const s: RotationState = {
      keys: [
        currentKey('c', T0),
        retiredKey('r1', T0 + HOUR),
        retiredKey('r2', T0 + HOUR),
        retiredKey('r3', T0 + HOUR),
        retiredKey('r4', T0 + HOUR),
      ],
    };
    const refused = planEmergencyRotation(s, v1, T0 + 2 * HOUR, { removeCompromised: false });
    expect(refused).toMatchObject({ ok: false, code: 'key_limit' });
    expect(refused.explanation).toMatch(/Retry with removeCompromised/);
    const { after } = run(s, T0 + 2 * HOUR, true);
    expect(byId(after, 'c').state).toBe('removed');
    expect(after.keys.filter((k) => k.state === 'current')).toHaveLength(1);
  });
});
