import { lastSignatureAt, plannedRemovalAt, retentionMs } from './retention.js';
import { everActivated, liveKeys } from './select.js';
import type { RotationKey, RotationSettings, RotationState } from './types.js';

export type InvariantName =
  | 'consistency'
  | 'key-limit'
  | 'single-current'
  | 'publish-before-sign'
  | 'retention'
  | 'token-within-key-life';

export interface InvariantViolation {
  readonly invariant: InvariantName;
  readonly keyId?: string;
  readonly message: string;
}

/** Unique ids and kids; each state carries the stamps it needs, in order. */
export function checkConsistency(state: RotationState): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const ids = new Set<string>();
  const kids = new Set<string>();
  for (const k of state.keys) {
    const bad = (message: string): void => {
      out.push({ invariant: 'consistency', keyId: k.id, message: `${k.id}: ${message}` });
    };
    if (ids.has(k.id)) bad('duplicate id');
    if (kids.has(k.kid)) bad(`duplicate kid ${k.kid}`);
    ids.add(k.id);
    kids.add(k.kid);
    const signed = k.activatedAt !== undefined;
    if (k.state === 'next' && (signed || k.retiredAt !== undefined)) bad('next key has signed');
    if (k.state === 'current' && (!signed || k.retiredAt !== undefined)) bad('current key stamps');
    if (k.state === 'retired' && (!signed || k.retiredAt === undefined)) bad('retired key stamps');
    if (k.state !== 'removed' && k.removedAt !== undefined) bad('live key has removedAt');
    if (k.state === 'removed' && k.removedAt === undefined) bad('removed key lacks removedAt');
    const order = [k.createdAt, k.publishedAt, k.activatedAt, k.retiredAt, k.removedAt].filter(
      (t): t is number => t !== undefined,
    );
    if (order.some((t, i) => i > 0 && t < (order[i - 1] as number))) bad('timestamps out of order');
  }
  return out;
}

/** The JWKS (every live key, counting one generated but not yet published) stays within the limit. */
export function checkKeyLimit(
  state: RotationState,
  settings: RotationSettings,
): InvariantViolation[] {
  const live = liveKeys(state).length;
  return live > settings.maxPublishedKeys
    ? [
        {
          invariant: 'key-limit',
          message: `${live} published keys, limit ${settings.maxPublishedKeys}`,
        },
      ]
    : [];
}

/** Exactly one signing key once any key has ever signed (before that: none). */
export function checkSingleCurrent(state: RotationState): InvariantViolation[] {
  const currents = state.keys.filter((k) => k.state === 'current').length;
  const expected = everActivated(state) ? 1 : 0;
  return currents === expected
    ? []
    : [{ invariant: 'single-current', message: `${currents} current keys, expected ${expected}` }];
}

/** Every key that ever signed was published first, and for the full lead unless deliberately not. */
export function checkPublishBeforeSign(
  state: RotationState,
  settings: RotationSettings,
): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const k of state.keys) {
    if (k.activatedAt === undefined) continue;
    if (k.publishedAt === undefined || k.publishedAt > k.activatedAt) {
      out.push({
        invariant: 'publish-before-sign',
        keyId: k.id,
        message: `${k.kid} signed unpublished`,
      });
    } else if (
      (k.activation ?? 'scheduled') === 'scheduled' &&
      k.activatedAt - k.publishedAt < settings.publishLeadMs
    ) {
      out.push({
        invariant: 'publish-before-sign',
        keyId: k.id,
        message: `${k.kid} signed ${k.activatedAt - k.publishedAt} ms after publication (lead ${settings.publishLeadMs} ms)`,
      });
    }
  }
  return out;
}

/**
 * A key that signed left the JWKS no earlier than last signature + replica lag + lifetime + skew
 * + max-age, unless an emergency rotation declared it compromised.
 */
export function checkRetention(
  state: RotationState,
  settings: RotationSettings,
): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const k of state.keys) {
    if (k.state !== 'removed' || k.compromised === true || k.removedAt === undefined) continue;
    const last = lastSignatureAt(k);
    if (last === undefined) continue;
    const due = Math.max(last + retentionMs(settings), plannedRemovalAt(k, settings));
    if (k.removedAt < due) {
      out.push({
        invariant: 'retention',
        keyId: k.id,
        message: `${k.kid} removed ${due - k.removedAt} ms before its retention ended`,
      });
    }
  }
  return out;
}

/**
 * A token (kid, exp) never outlives its key: the key is still published `clockSkewMs +
 * jwksMaxAgeMs` after `exp`, judged on its actual removal, or its planned one while still live.
 * Compromised keys are exempt: their early removal is the point.
 */
export function checkTokenWithinKeyLife(
  key: RotationKey,
  exp: number,
  settings: RotationSettings,
): InvariantViolation[] {
  if (key.compromised === true) return [];
  const leaves =
    key.state === 'removed'
      ? (key.removedAt ?? Number.NEGATIVE_INFINITY)
      : plannedRemovalAt(key, settings);
  const needed = exp + settings.clockSkewMs + settings.jwksMaxAgeMs;
  if (key.state === 'current' || leaves >= needed) return [];
  return [
    {
      invariant: 'token-within-key-life',
      keyId: key.id,
      message: `a token of ${key.kid} expiring ${new Date(exp).toISOString()} outlives the key (leaves ${new Date(leaves).toISOString()})`,
    },
  ];
}

/**
 * Every state invariant. `settled` = a plan was fully applied (the single-current rule only holds
 * then: a crash may leave zero or two current keys for the planner to repair).
 */
export function checkInvariants(
  state: RotationState,
  settings: RotationSettings,
  options: { settled: boolean },
): InvariantViolation[] {
  return [
    ...checkConsistency(state),
    ...checkKeyLimit(state, settings),
    ...(options.settled ? checkSingleCurrent(state) : []),
    ...checkPublishBeforeSign(state, settings),
    ...checkRetention(state, settings),
  ];
}
