/**
 * The audit event types: stable strings (the contract's `AuditEventType` enum is tested equal).
 * Add new ones at the end of their group; never rename one that shipped.
 */
export const AUDIT_EVENT_TYPES = [
  'token.minted',
  'token.refused',
  'client.created',
  'client.disabled',
  'client.enabled',
  'client.grants_changed',
  'client.key_rotated',
  'client.key_revoked',
  'admin_credential.created',
  'admin_credential.revoked',
  'key.generated',
  'key.published',
  'key.rotated',
  'key.emergency_rotated',
  'key.retired',
  'key.removed',
  'key.rekeyed',
  'admin.signed_in',
  'admin.sign_in_refused',
  'admin.action_refused',
  'run.created',
  'run.finished',
  'run.revoked',
  'audit.purged',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * Who acted: an API client, an admin credential, a run credential, the issuer itself, or a
 * caller refused before it authenticated (`anonymous`).
 */
export type AuditActorType = 'client' | 'admin' | 'run' | 'system' | 'anonymous';

/** `success`: it happened; `refused`: the caller was told no (a 4xx); `failure`: it broke (5xx). */
export type AuditOutcome = 'success' | 'refused' | 'failure';

export function isAuditEventType(value: string): value is AuditEventType {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}
