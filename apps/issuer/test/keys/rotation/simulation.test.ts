import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  checkInvariants,
  checkTokenWithinKeyLife,
  defaultRotationSettings,
  jwksCacheMaxAge,
  maxTokenExpiry,
  nextWakeUp,
  planEmergencyRotation,
  planRotation,
  RotationError,
  type RotationKey,
  type RotationSettings,
  type RotationState,
  type RotationTransition,
  retentionMs,
  signingKey,
} from '../../../src/keys/rotation/index.js';
import { DAY, HOUR, MINUTE, prng, SECOND, T0 } from './helpers.js';

const YEARS = 3;
const STEP = 10 * MINUTE;

interface Stats {
  steps: number;
  rotations: number;
  removals: number;
  crashes: number;
  midActivationCrashes: number;
  unpublishedCrashes: number;
  duplicates: number;
  staleApplied: number;
  lateRuns: number;
  emergencies: number;
  emergencyRefused: number;
  keyLimitWaits: number;
  tokens: number;
  laggingTokens: number;
}

/**
 * A scheduler that runs the planner every ~10 minutes for years, with an injected clock, random
 * crashes, repeated and stale transitions, late runs, emergency rotations, a replica that learns
 * of changes up to a minute late, and a relying party whose cache may be as old as the max-age
 * we served. Any invariant breach throws with the seed and the simulated time.
 */
function simulate(settings: RotationSettings, seed: number): Stats {
  const random = prng(seed);
  const chance = (p: number): boolean => random() < p;
  let n = 0;
  const generateId = () => {
    n += 1;
    return { id: `k${n}`, kid: `kid-${seed}-${n}` };
  };
  const stats: Stats = {
    steps: 0,
    rotations: 0,
    removals: 0,
    crashes: 0,
    midActivationCrashes: 0,
    unpublishedCrashes: 0,
    duplicates: 0,
    staleApplied: 0,
    lateRuns: 0,
    emergencies: 0,
    emergencyRefused: 0,
    keyLimitWaits: 0,
    tokens: 0,
    laggingTokens: 0,
  };
  const maxExp = new Map<string, number>();
  let state: RotationState = { keys: [] };
  let now = T0;
  let settled = true;
  let pausedUntil = 0;
  let stalePlan: readonly RotationTransition[] = [];
  let wake: number | null = null;
  let maxServedAgeMs = 0;
  const burstAt = T0 + Math.floor(random() * 2 * 365) * DAY;
  let burstDone = 0;
  const end = T0 + YEARS * 365 * DAY;

  const fail = (message: string): never => {
    throw new Error(`seed ${seed} at ${new Date(now).toISOString()}: ${message}`);
  };
  const check = (): void => {
    const violations = checkInvariants(state, settings, { settled });
    if (violations.length > 0) fail(JSON.stringify(violations));
    const age = jwksCacheMaxAge(state, settings, now) * SECOND;
    if (age > settings.publishLeadMs || age > settings.jwksMaxAgeMs) fail(`max-age ${age}`);
    maxServedAgeMs = Math.max(maxServedAgeMs, age);
  };
  const apply = (t: RotationTransition, at: number): void => {
    const before = state;
    state = applyTransition(state, t, at, generateId);
    if (state !== before && t.type === 'activate') stats.rotations += 1;
    if (chance(0.1)) {
      stats.duplicates += 1;
      if (applyTransition(state, t, at, generateId) !== state)
        fail(`${t.type} twice changed state`);
    }
  };
  const mint = (view: RotationState, at: number, viewAsOf: number): void => {
    const viewKey = signingKey(view);
    if (viewKey === undefined) return;
    const exp = maxTokenExpiry(viewKey, settings, at, viewAsOf);
    const real = state.keys.find((k) => k.id === viewKey.id) as RotationKey;
    if (real.state === 'removed' && real.compromised !== true)
      fail(`${real.kid} signed after removal`);
    if (real.publishedAt === undefined) fail(`${real.kid} signed unpublished`);
    // Relying party whose JWKS copy is as old as the longest max-age we ever served.
    const fresh = real.activation === 'emergency' || real.activation === 'bootstrap';
    if (
      !fresh &&
      at - (real.publishedAt as number) < Math.max(maxServedAgeMs, settings.publishLeadMs)
    ) {
      fail(`${real.kid} signed ${at - (real.publishedAt as number)} ms after publication`);
    }
    maxExp.set(real.id, Math.max(maxExp.get(real.id) ?? 0, exp));
    stats.tokens += 1;
  };
  const checkRemovals = (): void => {
    for (const k of state.keys) {
      if (k.state !== 'removed' || !maxExp.has(k.id)) continue;
      const v = checkTokenWithinKeyLife(k, maxExp.get(k.id) as number, settings);
      if (v.length > 0) fail(JSON.stringify(v));
      maxExp.delete(k.id);
      stats.removals += 1;
    }
    // The planner does not need tombstones; keeping them would only slow the simulation down.
    state = { keys: state.keys.filter((k) => k.state !== 'removed' || k.removedAt === now) };
  };

  while (now < end) {
    stats.steps += 1;
    const previous = state;
    if (
      wake !== null &&
      now < wake &&
      settled &&
      planRotation(state, settings, now).transitions.length > 0
    ) {
      fail(`work became due before the announced wake-up ${new Date(wake).toISOString()}`);
    }

    if (now >= pausedUntil) {
      if (chance(0.0001)) {
        pausedUntil = now + (1 + Math.floor(random() * 10)) * DAY;
        stats.lateRuns += 1;
      } else {
        if (chance(0.01) && stalePlan.length > 0) {
          stats.staleApplied += 1;
          for (const t of stalePlan) {
            try {
              apply(t, now);
            } catch (e) {
              if (!(e instanceof RotationError)) throw e;
            }
            check();
          }
        }
        const plan = planRotation(state, settings, now);
        if (plan.waits.some((w) => w.code === 'key_limit')) stats.keyLimitWaits += 1;
        settled = true;
        for (const t of plan.transitions) {
          if (chance(0.03)) {
            stats.crashes += 1;
            settled = false;
            break;
          }
          const current = signingKey(state);
          if (
            t.type === 'activate' &&
            t.previous !== null &&
            current !== undefined &&
            chance(0.2)
          ) {
            // A two-step activation that died half-way: one of the two writes landed.
            stats.midActivationCrashes += 1;
            settled = false;
            const only = chance(0.5)
              ? {
                  ...current,
                  state: 'retired' as const,
                  retiredAt: now,
                  removeAfter: now + retentionMs(settings),
                }
              : {
                  ...(state.keys.find((k) => k.id === t.keyId) as RotationKey),
                  state: 'current' as const,
                  activatedAt: now,
                  activation: 'scheduled' as const,
                };
            state = { keys: state.keys.map((k) => (k.id === only.id ? only : k)) };
            check();
            break;
          }
          apply(t, now);
          if (t.type === 'generate-next' && chance(0.3)) {
            // Generated in one transaction, published in another, crashed in between.
            stats.unpublishedCrashes += 1;
            settled = false;
            state = {
              keys: state.keys.map((k) =>
                k.state === 'next' && k.createdAt === now ? { ...k, publishedAt: undefined } : k,
              ),
            };
            check();
            break;
          }
          check();
        }
        if (settled) {
          if (planRotation(state, settings, now).transitions.length > 0)
            fail('plan is not a fixpoint');
          if (!planRotation(state, settings, now).canSign)
            fail('issuer cannot sign after a full plan');
          wake = nextWakeUp(state, settings, now);
          if (planRotation(state, settings, wake).transitions.length === 0)
            fail('wake-up with nothing to do');
        } else {
          wake = null;
        }
        if (plan.transitions.length > 0) stalePlan = plan.transitions;
      }
    }

    // A burst of emergency rotations fills the JWKS: the fresh next key is deferred, then a
    // rotation without a next key is refused until the compromised key is removed.
    const burst = now >= burstAt && burstDone < 6;
    if ((burst || chance(0.0002)) && settled && now >= pausedUntil) {
      const removeCompromised = burst ? burstDone === 5 : chance(0.5);
      if (burst) burstDone += 1;
      const emergency = planEmergencyRotation(state, settings, now, { removeCompromised });
      if (emergency.ok) {
        stats.emergencies += 1;
        for (const t of emergency.transitions) apply(t, now);
        check();
        if (signingKey(state)?.activation !== 'emergency') fail('emergency did not promote');
        wake = null;
      } else {
        stats.emergencyRefused += 1;
        if (emergency.code !== 'key_limit' || removeCompromised) fail('unexpected refusal');
      }
    }

    check();
    mint(state, now, now);
    // A replica that refreshed just before this step's changes signs once more, up to its lag later.
    const lag = Math.floor(random() * (settings.replicaLagMs + 1));
    if (previous !== state && signingKey(previous) !== undefined) {
      stats.laggingTokens += 1;
      mint(previous, now + lag, now);
    }
    checkRemovals();
    now += STEP + Math.floor(random() * 5 * MINUTE);
  }
  return stats;
}

describe('rotation over three years of simulated time', () => {
  const configs: Array<[string, RotationSettings, number]> = [
    ['v1 defaults (30 d period, 24 h lead, 2 h tokens)', defaultRotationSettings('v1'), 1],
    ['v2 defaults (1 h tokens)', defaultRotationSettings('v2'), 2],
    [
      'tight: 3 d period, 25 h lead, 15 min max-age, 3 keys',
      {
        ...defaultRotationSettings('v1'),
        rotationPeriodMs: 3 * DAY,
        publishLeadMs: 25 * HOUR,
        jwksMaxAgeMs: 15 * MINUTE,
        maxPublishedKeys: 3,
      },
      3,
    ],
    [
      'lead-bound: 25 h period, 24 h lead, 3 keys (deferred next keys must wait their lead)',
      {
        ...defaultRotationSettings('v1'),
        rotationPeriodMs: 25 * HOUR,
        maxPublishedKeys: 3,
      },
      4,
    ],
  ];

  it.each(configs)(
    '%s keeps every invariant at every step',
    { timeout: 120_000 },
    (_name, settings, seed) => {
      const stats = simulate(settings, seed);
      const years = YEARS * 365 * DAY;
      expect(stats.steps).toBeGreaterThan(years / (STEP + 5 * MINUTE));
      // The run really exercised each path (a simulation that skips them proves nothing).
      // Late runs and crashes delay some rotations (emergencies add some); most happen on schedule.
      expect(stats.rotations).toBeGreaterThanOrEqual(0.8 * (years / settings.rotationPeriodMs));
      for (const field of [
        'removals',
        'crashes',
        'midActivationCrashes',
        'unpublishedCrashes',
        'duplicates',
        'staleApplied',
        'lateRuns',
        'emergencies',
        'emergencyRefused',
        'keyLimitWaits',
        'laggingTokens',
      ] as const) {
        expect(stats[field], field).toBeGreaterThan(0);
      }
    },
  );

  it('is reproducible for a seed', { timeout: 120_000 }, () => {
    const settings = defaultRotationSettings('v2');
    expect(simulate(settings, 42)).toEqual(simulate(settings, 42));
  });
});
