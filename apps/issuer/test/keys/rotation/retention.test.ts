import { describe, expect, it } from 'vitest';
import {
  jwksCacheMaxAge,
  maxTokenExpiry,
  plannedRemovalAt,
  RotationError,
  type RotationKey,
  type RotationState,
} from '../../../src/keys/rotation/index.js';
import {
  currentKey,
  DAY,
  HOUR,
  key,
  MINUTE,
  nextKey,
  retiredKey,
  SECOND,
  T0,
  V1_RETENTION,
  v1,
} from './helpers.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RotationError) return e.code;
    throw e;
  }
  return undefined;
}

describe('maxTokenExpiry', () => {
  it('is now + the longest lifetime for the current key', () => {
    expect(maxTokenExpiry(currentKey('c', T0), v1, T0 + DAY)).toBe(T0 + DAY + 2 * HOUR);
  });

  it('stays before the planned removal of the key, by skew and max-age', () => {
    const c = currentKey('c', T0);
    const exp = maxTokenExpiry(c, v1, T0 + DAY);
    // Retired right after this signature: removal = retirement + retention.
    const removal = plannedRemovalAt({ ...c, state: 'retired', retiredAt: T0 + DAY }, v1);
    expect(exp + v1.clockSkewMs + v1.jwksMaxAgeMs).toBeLessThanOrEqual(removal);
  });

  it('is capped by a removal already planned on the key', () => {
    const c: RotationKey = { ...currentKey('c', T0), removeAfter: T0 + HOUR };
    expect(maxTokenExpiry(c, v1, T0)).toBe(T0 + HOUR - 5 * MINUTE - 10 * MINUTE);
    expect(codeOf(() => maxTokenExpiry(c, v1, T0 + HOUR))).toBe('key_not_signing');
  });

  it.each<[string, RotationKey]>([
    ['next', nextKey('n', T0)],
    ['retired', retiredKey('r', T0)],
    ['removed', { ...retiredKey('r', T0), state: 'removed', removedAt: T0 + V1_RETENTION }],
    ['unpublished current', { ...currentKey('c', T0), publishedAt: undefined }],
    ['current published too briefly', { ...currentKey('c', T0), publishedAt: T0 - HOUR }],
  ])('refuses a %s key', (_name, k) => {
    expect(codeOf(() => maxTokenExpiry(k, v1, T0 + HOUR))).toBe('key_not_signing');
  });

  it('refuses to sign from a key view older than replicaLagMs (it may miss a retirement)', () => {
    const c = currentKey('c', T0);
    expect(maxTokenExpiry(c, v1, T0 + DAY, T0 + DAY - v1.replicaLagMs)).toBe(T0 + DAY + 2 * HOUR);
    expect(codeOf(() => maxTokenExpiry(c, v1, T0 + DAY, T0 + DAY - v1.replicaLagMs - 1))).toBe(
      'key_not_signing',
    );
  });

  it("a lagging replica's last token still ends before the retired key leaves", () => {
    const c = currentKey('c', T0);
    const retiredAt = T0 + DAY;
    const exp = maxTokenExpiry(c, v1, retiredAt + v1.replicaLagMs, retiredAt);
    const removal = plannedRemovalAt(
      { ...c, state: 'retired', retiredAt, removeAfter: retiredAt + V1_RETENTION },
      v1,
    );
    expect(exp + v1.clockSkewMs + v1.jwksMaxAgeMs).toBe(removal);
  });

  it('accepts an emergency key published moments ago', () => {
    const k: RotationKey = {
      ...currentKey('c', T0),
      publishedAt: T0,
      activation: 'emergency',
    };
    expect(maxTokenExpiry(k, v1, T0)).toBe(T0 + 2 * HOUR);
  });
});

describe('jwksCacheMaxAge', () => {
  const s: RotationState = { keys: [currentKey('c', T0), nextKey('n', T0)] };

  it('is the configured max-age in seconds', () => {
    expect(jwksCacheMaxAge(s, v1, T0)).toBe(600);
  });

  it('never exceeds the publish lead, even when misconfigured', () => {
    expect(jwksCacheMaxAge(s, { ...v1, publishLeadMs: 200 * SECOND }, T0)).toBe(200);
  });

  it('is zero while the JWKS is empty (a fresh issuer about to bootstrap)', () => {
    expect(jwksCacheMaxAge({ keys: [] }, v1, T0)).toBe(0);
    expect(jwksCacheMaxAge({ keys: [key({ id: 'n', state: 'next' })] }, v1, T0)).toBe(0);
  });
});
