import type { KeyStateChange, SigningKeyRecord } from '../store/records.js';
import type { RotationKey, RotationState } from './rotation/index.js';

/** The planner's view of a stored key (epoch ms; absent instead of null). */
export function toRotationKey(record: SigningKeyRecord): RotationKey {
  return {
    id: record.id,
    kid: record.kid,
    state: record.state,
    createdAt: record.createdAt.getTime(),
    ...(record.publishedAt && { publishedAt: record.publishedAt.getTime() }),
    ...(record.activatedAt && { activatedAt: record.activatedAt.getTime() }),
    ...(record.activation && { activation: record.activation }),
    ...(record.retiredAt && { retiredAt: record.retiredAt.getTime() }),
    ...(record.publishUntil && { removeAfter: record.publishUntil.getTime() }),
    ...(record.removedAt && { removedAt: record.removedAt.getTime() }),
    ...(record.compromised && { compromised: true }),
  };
}

export function toRotationState(records: readonly SigningKeyRecord[]): RotationState {
  return { keys: records.map(toRotationKey) };
}

/** The columns to write for a key the planner changed. */
export function toKeyChange(key: RotationKey): KeyStateChange {
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  const change: KeyStateChange = { state: key.state };
  const set = <K extends keyof KeyStateChange>(name: K, value: KeyStateChange[K] | undefined) => {
    if (value !== undefined) change[name] = value;
  };
  set('activatedAt', date(key.activatedAt));
  set('retiredAt', date(key.retiredAt));
  set('removedAt', date(key.removedAt));
  set('publishUntil', date(key.removeAfter));
  set('publishedAt', date(key.publishedAt));
  set('activation', key.activation);
  set('compromised', key.compromised);
  return change;
}
