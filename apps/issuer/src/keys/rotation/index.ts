export { applyTransition, changedKeys } from './apply.js';
export { jwksCacheMaxAge } from './cache-age.js';
export type { EmergencyOptions, EmergencyPlan } from './emergency.js';
export { planEmergencyRotation } from './emergency.js';
export type { RotationErrorCode } from './errors.js';
export { RotationError } from './errors.js';
export { formatDuration } from './format.js';
export type { InvariantName, InvariantViolation } from './invariants.js';
export {
  checkConsistency,
  checkInvariants,
  checkKeyLimit,
  checkPublishBeforeSign,
  checkRetention,
  checkSingleCurrent,
  checkTokenWithinKeyLife,
} from './invariants.js';
export { nextWakeUp, planRotation } from './plan.js';
export { lastSignatureAt, maxTokenExpiry, plannedRemovalAt, retentionMs } from './retention.js';
export {
  currentKeys,
  everActivated,
  liveKeys,
  nextKeys,
  publishedKeys,
  signingKey,
} from './select.js';
export type { SettingsProblem, SettingsValidation } from './settings.js';
export {
  defaultRotationSettings,
  JWKS_MAX_AGE_BOUNDS_MS,
  MAX_TOKEN_LIFETIME_MS,
  PUBLISHED_KEYS_BOUNDS,
  RECOMMENDED_PUBLISH_LEAD_MS,
  resolveRotationSettings,
  validateRotationSettings,
} from './settings.js';
export type * from './types.js';
