import { iso } from './format.js';
import { plannedRemovalAt, retentionMs } from './retention.js';
import { activationTime, currentKeys, everActivated, liveKeys, nextKeys } from './select.js';
import type {
  RotationPlan,
  RotationSettings,
  RotationState,
  RotationTransition,
  RotationWait,
} from './types.js';

/**
 * (state, settings, now) → the transitions due now, in order, and what is waiting. Applying every
 * transition yields a state for which the planner returns no transitions at the same `now`.
 *
 * Order matters for crash safety: repairs first, publications before any activation, removals
 * before generation (so the key limit is checked against what will remain).
 */
export function planRotation(
  state: RotationState,
  settings: RotationSettings,
  now: number,
): RotationPlan {
  const transitions: RotationTransition[] = [];
  const waits: RotationWait[] = [];
  const retention = retentionMs(settings);
  const lead = settings.publishLeadMs;
  const max = settings.maxPublishedKeys;
  let live = liveKeys(state).length;

  // Repair: a crash during activation (or two replicas without the lock) left two signing keys.
  const [current, ...extraCurrents] = currentKeys(state);
  for (const stale of extraCurrents) {
    if (current === undefined) break;
    transitions.push({
      type: 'retire',
      keyId: stale.id,
      keepKeyId: current.id,
      retentionMs: retention,
      reason: `two current keys: keeping ${current.kid} (newest activation), retiring ${stale.kid}`,
    });
  }
  if (current !== undefined && current.publishedAt === undefined) {
    transitions.push({
      type: 'publish',
      keyId: current.id,
      reason: `current key ${current.kid} is missing from the JWKS`,
    });
  }

  const [next, ...extraNexts] = nextKeys(state);
  for (const extra of extraNexts) {
    transitions.push({
      type: 'remove',
      keyId: extra.id,
      notBefore: now,
      compromised: false,
      reason: `more than one next key: ${extra.kid} never signed and is discarded`,
    });
    live -= 1;
  }
  if (next !== undefined && next.publishedAt === undefined) {
    transitions.push({
      type: 'publish',
      keyId: next.id,
      reason: `next key ${next.kid} was generated but never published (crash before publication)`,
    });
  }
  const nextPublishedAt = next === undefined ? undefined : (next.publishedAt ?? now);

  const retired = state.keys.filter((k) => k.state === 'retired');
  for (const key of retired) {
    const due = plannedRemovalAt(key, settings);
    if (due <= now) {
      transitions.push({
        type: 'remove',
        keyId: key.id,
        notBefore: due,
        compromised: false,
        reason: `retired key ${key.kid} outlived its last token (+ skew + JWKS max-age) at ${iso(due)}`,
      });
      live -= 1;
    }
  }
  const pendingRemovals = retired
    .map((k) => plannedRemovalAt(k, settings))
    .filter((due) => due > now);
  const firstRemoval = pendingRemovals.length > 0 ? Math.min(...pendingRemovals) : null;

  let signing = current !== undefined;
  let nextConsumed = false;
  let noSigningUntil: number | null = null;

  if (current === undefined && !everActivated(state)) {
    // Nothing ever signed for this issuer, so no relying party can hold a token to break.
    if (next !== undefined && nextPublishedAt !== undefined) {
      transitions.push({
        type: 'activate',
        keyId: next.id,
        mode: 'bootstrap',
        notBefore: nextPublishedAt,
        previous: null,
        retentionMs: retention,
        reason: `bootstrap: first key ${next.kid} signs at once`,
      });
      nextConsumed = true;
    } else {
      transitions.push({
        type: 'generate-current',
        mode: 'bootstrap',
        previous: null,
        retentionMs: retention,
        maxPublishedKeys: max,
        reason: 'bootstrap: a fresh issuer generates its first signing key',
      });
      live += 1;
    }
    signing = true;
  } else if (current === undefined) {
    if (next !== undefined && nextPublishedAt !== undefined) {
      const readyAt = nextPublishedAt + lead;
      if (readyAt <= now) {
        transitions.push({
          type: 'activate',
          keyId: next.id,
          mode: 'scheduled',
          notBefore: readyAt,
          previous: null,
          retentionMs: retention,
          reason: `no current key: activating next key ${next.kid}, published since ${iso(nextPublishedAt)}`,
        });
        nextConsumed = true;
        signing = true;
      } else {
        noSigningUntil = readyAt;
      }
    }
  } else {
    const dueAt = activationTime(current) + settings.rotationPeriodMs;
    if (dueAt <= now) {
      const readyAt = nextPublishedAt === undefined ? now + lead : nextPublishedAt + lead;
      if (next !== undefined && readyAt <= now) {
        transitions.push({
          type: 'activate',
          keyId: next.id,
          mode: 'scheduled',
          notBefore: readyAt,
          previous: { keyId: current.id, action: 'retire' },
          retentionMs: retention,
          reason: `current key ${current.kid} reached the rotation period at ${iso(dueAt)}`,
        });
        nextConsumed = true;
      } else {
        waits.push({
          code: 'next_key_too_young',
          until: next === undefined ? null : readyAt,
          keyId: current.id,
          message:
            next === undefined
              ? `rotation of ${current.kid} is due but there is no next key yet`
              : `rotation of ${current.kid} is due but next key ${next.kid} may only sign from ${iso(readyAt)} (publish lead)`,
        });
      }
    }
  }

  if (next === undefined || nextConsumed) {
    if (live + 1 <= max) {
      transitions.push({
        type: 'generate-next',
        maxPublishedKeys: max,
        reason: nextConsumed ? 'the next key was activated' : 'no next key is published',
      });
      if (!signing) noSigningUntil = now + lead;
    } else {
      waits.push({
        code: 'key_limit',
        until: firstRemoval,
        message: `a next key would make ${live + 1} published keys (limit ${max}); generating it once a retired key is removed${firstRemoval === null ? '' : ` at ${iso(firstRemoval)}`}`,
      });
      if (!signing) noSigningUntil = firstRemoval === null ? null : firstRemoval + lead;
    }
  }

  if (!signing) {
    waits.push({
      code: 'no_signing_key',
      until: noSigningUntil,
      message: `no key may sign${noSigningUntil === null ? '' : ` until ${iso(noSigningUntil)}`}: a key must be published for ${lead} ms before it signs`,
    });
  }

  return { transitions, waits, canSign: signing };
}

/**
 * When the planner should run next: `now` if something is due, otherwise the earliest future
 * moment a transition becomes due. Replicas may change the state meanwhile, so a scheduler should
 * also wake on change notifications (and cap its sleep to the platform's timer limit).
 */
export function nextWakeUp(state: RotationState, settings: RotationSettings, now: number): number {
  const plan = planRotation(state, settings, now);
  if (plan.transitions.length > 0) return now;
  const candidates: number[] = [];
  for (const wait of plan.waits) {
    if (wait.until !== null) candidates.push(wait.until);
  }
  const [current] = currentKeys(state);
  const [next] = nextKeys(state);
  if (current !== undefined && next?.publishedAt !== undefined) {
    candidates.push(
      Math.max(
        activationTime(current) + settings.rotationPeriodMs,
        next.publishedAt + settings.publishLeadMs,
      ),
    );
  }
  for (const key of state.keys) {
    if (key.state === 'retired') candidates.push(plannedRemovalAt(key, settings));
  }
  const future = candidates.filter((t) => t > now);
  return future.length > 0 ? Math.min(...future) : now + settings.rotationPeriodMs;
}
