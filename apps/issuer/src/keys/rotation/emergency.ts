import { formatDuration, iso } from './format.js';
import { plannedRemovalAt, retentionMs } from './retention.js';
import { currentKeys, liveKeys, nextKeys } from './select.js';
import type {
  PreviousKeyAction,
  RotationSettings,
  RotationState,
  RotationTransition,
} from './types.js';

export interface EmergencyOptions {
  /** The old current key is compromised: take it out of the JWKS now instead of retiring it. */
  readonly removeCompromised: boolean;
}

export type EmergencyPlan =
  | {
      readonly ok: true;
      /** Apply in order; they belong in ONE transaction so a crash cannot stop half-way. */
      readonly transitions: readonly RotationTransition[];
      /** The consequences, for the confirmation prompt (admin API `confirm`, CLI). */
      readonly explanation: string;
      readonly consequences: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: 'key_limit';
      readonly explanation: string;
      readonly consequences: readonly string[];
    };

/**
 * Promote the next key at once (or a freshly generated one when there is none), retire or remove
 * the old current key, and publish a fresh next key. Pure: nothing happens until the transitions
 * are applied, so callers can show `explanation` first and require a confirmation.
 */
export function planEmergencyRotation(
  state: RotationState,
  settings: RotationSettings,
  now: number,
  options: EmergencyOptions,
): EmergencyPlan {
  const retention = retentionMs(settings);
  const lead = settings.publishLeadMs;
  const max = settings.maxPublishedKeys;
  const maxAge = formatDuration(settings.jwksMaxAgeMs);
  const lifetime = formatDuration(settings.maxTokenLifetimeMs);
  const [current] = currentKeys(state);
  const [next] = nextKeys(state);
  const transitions: RotationTransition[] = [];
  const lines: string[] = [];
  let live = liveKeys(state).length;

  const previous: PreviousKeyAction | null =
    current === undefined
      ? null
      : { keyId: current.id, action: options.removeCompromised ? 'remove' : 'retire' };

  if (current === undefined) {
    lines.push('No key is signing now, so no key is retired.');
  } else if (options.removeCompromised) {
    live -= 1;
    lines.push(
      `Key ${current.kid} stops signing and leaves the JWKS now. Relying parties that cached the JWKS keep trusting it until their cache expires (up to ${maxAge} where our Cache-Control is honoured; clouds do not document theirs): wherever it is still cached, tokens signed with it — forged ones included — stay valid.`,
      `Tokens it signed legitimately (lifetimes up to ${lifetime}) stop verifying wherever the JWKS is refetched: runs holding them may fail and must fetch new tokens.`,
    );
  } else {
    lines.push(
      `Key ${current.kid} stops signing now but stays published until ${iso(now + retention)}, so the tokens it signed keep verifying. If its private key leaked, tokens forged with it are accepted until then: use removeCompromised instead.`,
    );
  }

  const removals = state.keys
    .filter((k) => k.state === 'retired')
    .map((k) => plannedRemovalAt(k, settings));
  if (previous?.action === 'retire') removals.push(now + retention);
  const firstRemoval = removals.length > 0 ? Math.min(...removals) : null;
  const whenRemoved =
    firstRemoval === null ? '' : ` (the first retired key leaves at ${iso(firstRemoval)})`;

  if (next !== undefined) {
    const publishedAt = next.publishedAt ?? now;
    if (next.publishedAt === undefined) {
      transitions.push({
        type: 'publish',
        keyId: next.id,
        reason: `emergency: next key ${next.kid} was never published`,
      });
    }
    transitions.push({
      type: 'activate',
      keyId: next.id,
      mode: 'emergency',
      notBefore: now,
      previous,
      retentionMs: retention,
      reason: 'emergency rotation',
    });
    lines.push(youngKeyConsequence(next.kid, now - publishedAt, lead, maxAge));
  } else {
    if (live + 1 > max) {
      const consequences = [
        ...lines,
        `There is no next key to promote, and a fresh key would make ${live + 1} published keys (limit ${max}). Retry with removeCompromised, or after a retired key is removed${whenRemoved}.`,
      ];
      return { ok: false, code: 'key_limit', consequences, explanation: consequences.join('\n') };
    }
    transitions.push({
      type: 'generate-current',
      mode: 'emergency',
      previous,
      retentionMs: retention,
      maxPublishedKeys: max,
      reason: 'emergency rotation without a next key',
    });
    live += 1;
    lines.push(
      `There is no next key: a fresh key is generated and signs at once. ${youngKeyConsequence('It', 0, lead, maxAge)}`,
    );
  }

  if (live + 1 <= max) {
    transitions.push({
      type: 'generate-next',
      maxPublishedKeys: max,
      reason: 'emergency rotation: fresh next key',
    });
    lines.push(
      `A fresh next key is published now; it may sign from ${iso(now + lead)} and takes over at the next scheduled rotation (${iso(now + settings.rotationPeriodMs)}).`,
    );
  } else {
    lines.push(
      `No fresh next key yet: the JWKS holds ${live} keys (limit ${max}); the scheduler generates one when a retired key is removed${whenRemoved}.`,
    );
  }

  return { ok: true, transitions, consequences: lines, explanation: lines.join('\n') };
}

function youngKeyConsequence(kid: string, age: number, lead: number, maxAge: string): string {
  const subject = kid === 'It' ? 'It' : `Key ${kid} signs from now on; it`;
  if (age >= lead) {
    return `${subject} was published ${formatDuration(age)} ago, longer than the ${formatDuration(lead)} publish lead, so relying parties should already hold it.`;
  }
  return `${subject} was published only ${formatDuration(age)} ago (publish lead ${formatDuration(lead)}): relying parties whose cached JWKS predates it reject new tokens until they refetch — at once for verifiers that refetch on an unknown kid, otherwise when their cache expires (up to ${maxAge} where our Cache-Control is honoured, unknown for clouds).`;
}
